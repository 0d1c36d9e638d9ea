/// A fast form for the commonest shapes of JSON Schema `pattern`: a row of ASCII characters
/// and ASCII classes, each a fixed number of times (`[A-Za-z]{6}[0-9]{6}`, `^\d{3}-\d{4}$`),
/// or one ASCII class repeated over the whole input (`^[a-z0-9-]+$`). Testing one is a scan
/// over bytes, one table lookup per byte, no call into PCRE2.
///
/// The row's distinct classes (at most 64) are numbered; a 256-entry table gives for each byte
/// the set of classes that accept it, and each position of the row the one class it needs.
///
/// Why this is exact: every position accepts ASCII characters only, and a UTF-8 byte below 0x80
/// is a whole character, so a match found on bytes is a match on characters and a non-ASCII
/// byte (no class in its table entry) can never be part of one. Shapes outside these
/// (alternation, variable repetition inside a row, non-ASCII or negated classes, `.`,
/// assertions other than `^` at the start and `$` at the end, back-references) keep PCRE2.
@usableFromInline
struct ClassSequence: @unchecked Sendable {
    /// Per byte value (256 entries): bit `c` set when class `c` accepts it. In memory of its
    /// own (``free()``), read without bounds checks, as is `runs`.
    @usableFromInline let table: UnsafeMutablePointer<UInt64>
    /// The row as runs of positions that need the same class: the class's bit, then the run's
    /// length, for each run.
    @usableFromInline let runs: UnsafeMutablePointer<UInt64>
    /// Positions in the row.
    @usableFromInline let length: Int
    /// `^` at the start: the row must start at the first byte.
    @usableFromInline let anchoredStart: Bool
    /// `$` at the end: the row must end at the last byte.
    @usableFromInline let anchoredEnd: Bool
    /// For the whole-input form: the length bounds (the one class is class 0).
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
            (table, runs) = Self.store([mask])
            (length, anchoredStart, anchoredEnd, run) = (1, true, true, (min, max))
            return
        }
        var row: [(UInt64, UInt64)] = []
        for item in items {
            var node = item
            var count = 1
            if case .quantified(let inner, let min, let max, _) = item {
                guard max == min, min <= 256 else { return nil }
                (node, count) = (inner, min)
            }
            guard let mask = Self.mask(node) else { return nil }
            row += repeatElement(mask, count: count)
            guard row.count <= 1024 else { return nil }
        }
        var distinct: [(UInt64, UInt64)] = []
        for mask in row where !distinct.contains(where: { $0 == mask }) { distinct.append(mask) }
        guard distinct.count <= 64 else { return nil }
        (table, runs) = Self.store(row)
        (length, anchoredStart, anchoredEnd, run) = (row.count, starts, ends, nil)
    }

    /// The byte table and the runs for a row of 128-bit masks.
    static func store(_ row: [(UInt64, UInt64)]) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) {
        var distinct: [(UInt64, UInt64)] = []
        var list: [UInt64] = []
        for mask in row {
            let c = distinct.firstIndex(where: { $0 == mask }) ?? distinct.count
            if c == distinct.count { distinct.append(mask) }
            if let bit = list.dropLast().last, bit == 1 << UInt64(c) {
                list[list.count - 1] += 1
            } else {
                list += [1 << UInt64(c), 1]
            }
        }
        let runs = UnsafeMutablePointer<UInt64>.allocate(capacity: max(list.count, 2))
        runs.initialize(from: list, count: list.count)
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for (c, mask) in distinct.enumerated() {
            for byte in 0..<128 where (byte < 64 ? mask.0 >> UInt64(byte) : mask.1 >> UInt64(byte - 64)) & 1 != 0 {
                table[byte] |= 1 << UInt64(c)
            }
        }
        return (table, runs)
    }

    func free() {
        table.deallocate()
        runs.deallocate()
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
        if let run {
            guard n >= run.min, run.max.map({ n <= $0 }) ?? true else { return false }
            for k in 0..<n where table[Int(base[k])] & 1 == 0 { return false }
            return true
        }
        guard n >= length else { return false }
        if anchoredStart && anchoredEnd && n != length { return false }
        var first = anchoredStart ? 0 : (anchoredEnd ? n - length : 0)
        let last = anchoredStart ? 0 : n - length
        while first <= last {
            if rowMatches(at: base + first) { return true }
            first += 1
        }
        return false
    }

    /// `true` when the row matches the bytes from `start` on, one run of positions with the same
    /// class at a time (a position's miss is its class bit missing from its byte's entry).
    @inlinable @inline(__always)
    func rowMatches(at start: UnsafePointer<UInt8>) -> Bool {
        var k = 0
        var r = 0
        while k < length {
            let (bit, count) = (runs[2 &* r], Int(truncatingIfNeeded: runs[2 &* r &+ 1]))
            var missing: UInt64 = 0
            for m in k..<(k &+ count) { missing |= bit & ~table[Int(start[m])] }
            if missing != 0 { return false }
            k &+= count
            r &+= 1
        }
        return true
    }

    /// `true` for a pattern that an empty input matches.
    @inlinable
    var matchesEmpty: Bool {
        if let run { return run.min == 0 }
        return length == 0
    }
}
