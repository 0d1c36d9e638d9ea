/// A fast form for the commonest shapes of JSON Schema `pattern`: a row of ASCII characters
/// and ASCII classes, each a fixed number of times (`[A-Za-z]{6}[0-9]{6}`, `^\d{3}-\d{4}$`),
/// or one ASCII class repeated over the whole input (`^[a-z0-9-]+$`). Testing one is a scan
/// over bytes with a 128-bit mask per position, no call into PCRE2.
///
/// Why this is exact: every position accepts ASCII characters only, and a UTF-8 byte below 0x80
/// is a whole character, so a match found on bytes is a match on characters and a non-ASCII
/// byte can never be part of one. Shapes outside these (alternation, variable repetition
/// inside a row, non-ASCII or negated classes, `.`, assertions other than `^` at the start and
/// `$` at the end, back-references) keep PCRE2.
@usableFromInline
struct ClassSequence: @unchecked Sendable {
    /// One 128-bit mask per position of the row (bit `c` set when ASCII `c` is accepted), as
    /// two words in a row, in memory of its own (``free()``), read without bounds checks.
    @usableFromInline let masks: UnsafeMutablePointer<UInt64>
    /// Positions in the row.
    @usableFromInline let length: Int
    /// `^` at the start: the row must start at the first byte.
    @usableFromInline let anchoredStart: Bool
    /// `$` at the end: the row must end at the last byte.
    @usableFromInline let anchoredEnd: Bool
    /// For the whole-input form: the one class (in `low[0]`, `high[0]`) and the length bounds.
    @usableFromInline let run: (min: Int, max: Int?)?

    /// The fast form of `tree` (an ECMAScript pattern's parse), or `nil` when it has another shape.
    init?(_ tree: RegexNode) {
        var items: [RegexNode]
        switch tree {
        case .sequence(let nodes): items = nodes
        default: items = [tree]
        }
        let starts = items.first.map { if case .raw("\\A") = $0 { true } else { false } } ?? false
        if starts { items.removeFirst() }
        let ends = items.last.map { if case .raw("\\z") = $0 { true } else { false } } ?? false
        if ends { items.removeLast() }
        // ^C+$, ^C*$, ^C{m,n}$: the whole input in one class.
        if starts && ends, items.count == 1, case .quantified(let inner, let min, let max, _) = items[0], min != max,
            let mask = Self.mask(inner)
        {
            masks = Self.store([mask.0], [mask.1])
            (length, anchoredStart, anchoredEnd, run) = (1, true, true, (min, max))
            return
        }
        var low: [UInt64] = []
        var high: [UInt64] = []
        for item in items {
            var node = item
            var count = 1
            if case .quantified(let inner, let min, let max, _) = item {
                guard max == min, min <= 256 else { return nil }
                (node, count) = (inner, min)
            }
            guard let mask = Self.mask(node) else { return nil }
            low += repeatElement(mask.0, count: count)
            high += repeatElement(mask.1, count: count)
        }
        guard low.count <= 1024 else { return nil }
        masks = Self.store(low, high)
        (length, anchoredStart, anchoredEnd, run) = (low.count, starts, ends, nil)
    }

    static func store(_ low: [UInt64], _ high: [UInt64]) -> UnsafeMutablePointer<UInt64> {
        let memory = UnsafeMutablePointer<UInt64>.allocate(capacity: max(2 * low.count, 2))
        for k in low.indices {
            memory[2 * k] = low[k]
            memory[2 * k + 1] = high[k]
        }
        return memory
    }

    func free() { masks.deallocate() }

    /// The 128-bit mask of an ASCII literal or a class of ASCII characters only.
    static func mask(_ node: RegexNode) -> (UInt64, UInt64)? {
        let ranges: [ClosedRange<UInt32>]
        switch node {
        case .literal(let c): ranges = [c...c]
        case .set(let set):
            guard let r = set.explicitRanges else { return nil }
            ranges = r
        default: return nil
        }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for range in ranges {
            guard range.upperBound < 0x80 else { return nil }
            for c in range {
                if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
            }
        }
        return (low, high)
    }

    /// `RegExp.prototype.test` on UTF-8 bytes.
    @inlinable
    func test(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return matchesEmpty }
        if let run {
            guard n >= run.min, run.max.map({ n <= $0 }) ?? true else { return false }
            for k in 0..<n where !Self.accepts(base[k], masks[0], masks[1]) { return false }
            return true
        }
        guard n >= length else { return false }
        if anchoredStart && anchoredEnd && n != length { return false }
        var first = anchoredStart ? 0 : (anchoredEnd ? n - length : 0)
        let last = anchoredStart ? 0 : n - length
        while first <= last {
            let start = base + first
            var k = 0
            while k < length && Self.accepts(start[k], masks[2 &* k], masks[2 &* k &+ 1]) { k &+= 1 }
            if k == length { return true }
            first += 1
        }
        return false
    }

    /// `true` for a pattern that an empty input matches.
    @inlinable
    var matchesEmpty: Bool {
        if let run { return run.min == 0 }
        return length == 0
    }

    @inlinable @inline(__always)
    static func accepts(_ byte: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        byte < 64 ? low >> UInt64(byte) & 1 != 0 : byte < 128 && high >> UInt64(byte &- 64) & 1 != 0
    }
}
