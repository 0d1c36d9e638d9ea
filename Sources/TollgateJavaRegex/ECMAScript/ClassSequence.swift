/// A fast form for the commonest shapes of JSON Schema `pattern`: a row of ASCII characters
/// and ASCII classes, each a fixed number of times (`[A-Za-z]{6}[0-9]{6}`, `^\d{3}-\d{4}$`),
/// or one ASCII class repeated over the whole input (`^[a-z0-9-]+$`). Testing one is a scan
/// over bytes, one table lookup per byte, no call into PCRE2.
///
/// A row has at most 64 positions. A 256-entry table gives for each byte the set of positions
/// that accept it (bit `k` for position `k`), so a row matches at an offset when, for every
/// `k`, bit `k` of the entry of the byte `k` further on is set; a search over a longer input is
/// Shift-And (Baeza-Yates and Gonnet), one step per byte, so time is linear in the input.
///
/// Why this is exact: every position accepts ASCII characters only, and a UTF-8 byte below 0x80
/// is a whole character, so a match found on bytes is a match on characters and a non-ASCII
/// byte (no position in its table entry) can never be part of one. Shapes outside these
/// (alternation, variable repetition inside a row, rows over 64 positions, non-ASCII or negated
/// classes, `.`, assertions other than `^` at the start and `$` at the end, back-references)
/// keep PCRE2.
@usableFromInline
struct ClassSequence: @unchecked Sendable {
    /// Per byte value (256 entries): bit `k` set when position `k` of the row accepts it (for
    /// the whole-input form, bit 0 when the class does). In memory of its own (``free()``),
    /// read without bounds checks.
    @usableFromInline let table: UnsafeMutablePointer<UInt64>
    /// Positions in the row (1 for the whole-input form).
    @usableFromInline let length: Int
    /// `^` at the start: the row must start at the first byte.
    @usableFromInline let anchoredStart: Bool
    /// `$` at the end: the row must end at the last byte.
    @usableFromInline let anchoredEnd: Bool
    /// The whole-input form (`^C+$` and the like): `isRun`, and the input's length bounds
    /// (`runMax` -1 for none).
    @usableFromInline let isRun: Bool
    @usableFromInline let runMin: Int
    @usableFromInline let runMax: Int

    /// Most positions in a row (one bit each in a table entry).
    static let maxLength = 64

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
            table = Self.store([mask])
            (length, anchoredStart, anchoredEnd) = (1, true, true)
            (isRun, runMin, runMax) = (true, min, max ?? -1)
            return
        }
        var row: [(UInt64, UInt64)] = []
        for item in items {
            var node = item
            var count = 1
            if case .quantified(let inner, let min, let max, _) = item {
                guard max == min, min <= Self.maxLength else { return nil }
                (node, count) = (inner, min)
            }
            guard let mask = Self.mask(node) else { return nil }
            row += repeatElement(mask, count: count)
            guard row.count <= Self.maxLength else { return nil }
        }
        table = Self.store(row)
        (length, anchoredStart, anchoredEnd) = (row.count, starts, ends)
        (isRun, runMin, runMax) = (false, 0, -1)
    }

    /// The byte table for a row of 128-bit masks (bit `k` of an entry: position `k` accepts the byte).
    static func store(_ row: [(UInt64, UInt64)]) -> UnsafeMutablePointer<UInt64> {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for (k, mask) in row.enumerated() {
            for byte in 0..<128 where (byte < 64 ? mask.0 >> UInt64(byte) : mask.1 >> UInt64(byte - 64)) & 1 != 0 {
                table[byte] |= 1 << UInt64(k)
            }
        }
        return table
    }

    func free() {
        table.deallocate()
    }

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
    @inlinable @inline(__always)
    func test(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return matchesEmpty }
        if isRun {
            guard n >= runMin, runMax < 0 || n <= runMax else { return false }
            var k = 0
            while k < n {
                if table[Int(base[k])] & 1 == 0 { return false }
                k &+= 1
            }
            return true
        }
        if n < length { return false }
        if n == length { return rowMatches(at: base) }
        if anchoredStart { return !anchoredEnd && rowMatches(at: base) }
        if anchoredEnd { return rowMatches(at: base + (n - length)) }
        return search(base, n)
    }

    /// `true` when the row matches the `length` bytes from `start` on: every position's bit is
    /// set in its byte's entry.
    @inlinable @inline(__always)
    func rowMatches(at start: UnsafePointer<UInt8>) -> Bool {
        var all: UInt64 = ~0
        var k = 0
        while k < length {
            all &= table[Int(start[k])] &>> UInt64(k) | ~1
            k &+= 1
        }
        return all & 1 != 0
    }

    /// An unanchored search of an input longer than the row, by Shift-And: after byte `i`,
    /// bit `k` of `state` says the row's first `k + 1` positions match the bytes ending at `i`.
    @usableFromInline
    func search(_ base: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard length > 0 else { return true }
        let found: UInt64 = 1 &<< UInt64(length &- 1)
        var state: UInt64 = 0
        var i = 0
        while i < n {
            state = (state &<< 1 | 1) & table[Int(base[i])]
            if state & found != 0 { return true }
            i &+= 1
        }
        return false
    }

    /// `true` for a pattern that an empty input matches.
    @inlinable
    var matchesEmpty: Bool {
        isRun ? runMin == 0 : length == 0
    }
}
