/// The parsed form of a pattern, dialect-neutral: Java and ECMAScript parsers build it with
/// their own semantics already resolved (case folding, line terminators, word characters),
/// and ``PCRE2Emitter`` prints it as PCRE2 syntax.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// Never matches (`(?!)`): a back-reference to a group that does not exist, a lone surrogate.
    case never
    /// One code point, exactly.
    case literal(UInt32)
    /// One code point from a set.
    case set(CharSet)
    /// `.`: one code point that is not a line terminator of the dialect.
    case dot(DotKind)
    /// PCRE2 Unicode caseless matching of the inner node (Java UNICODE_CASE).
    case caseless(RegexNode)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case group(GroupKind, RegexNode)
    case quantified(RegexNode, min: Int, max: Int?, mode: QuantifierMode)
    /// A back-reference to group `number`; `caseless` for Java CASE_INSENSITIVE.
    case backreference(Int, caseless: Bool)
    /// An assertion or escape emitted verbatim; it stands alone as one atom.
    case raw(String)

    enum GroupKind {
        case capture(Int, name: String?)
        case nonCapture
        case lookahead(negative: Bool)
        case lookbehind(negative: Bool)
        case atomic
    }

    enum DotKind {
        /// Java's default: anything but `\n \r` U+0085 U+2028 U+2029.
        case java
        /// Java UNIX_LINES: anything but `\n`.
        case unixLines
        /// Java DOTALL: anything.
        case all
        /// ECMAScript: anything but `\n \r` U+2028 U+2029.
        case ecmaScript
    }

    enum QuantifierMode {
        case greedy, lazy, possessive
    }
}

/// A set of code points, as a dialect's character class describes it.
indirect enum CharSet: Sendable {
    /// Explicit code point ranges.
    case ranges([ClosedRange<UInt32>])
    /// A PCRE2 class item usable inside `[...]`, such as `\p{Lu}` or `\d`.
    case item(String)
    case union([CharSet])
    case intersection([CharSet])
    case complement(CharSet)
    /// The inner set under PCRE2 Unicode caseless matching (Java UNICODE_CASE ranges).
    case caseless(CharSet)

    /// `a ∪ b`, kept flat: a class's members are one union of them all, not a chain as deep as the
    /// class is long (the emitter walks a set's parts, and a chain made that quadratic or worse).
    static func union(_ a: CharSet?, _ b: CharSet) -> CharSet {
        guard let a else { return b }
        if case .union(var parts) = a {
            parts.append(b)
            return .union(parts)
        }
        return .union([a, b])
    }

    /// `a ∩ b`, kept flat as ``union(_:_:)`` is.
    static func intersection(_ a: CharSet, _ b: CharSet) -> CharSet {
        if case .intersection(var parts) = a {
            parts.append(b)
            return .intersection(parts)
        }
        return .intersection([a, b])
    }

    static let empty = CharSet.ranges([])
    static let all = CharSet.ranges([0...0x10FFFF])

    static func single(_ c: UInt32) -> CharSet { .ranges([c...c]) }

    /// The explicit ranges when the set is made of ranges only (unions and intersections of
    /// ranges are computed), else `nil`.
    var explicitRanges: [ClosedRange<UInt32>]? {
        switch self {
        case .ranges(let r): return CharSet.normalize(r)
        case .item, .caseless: return nil
        case .union(let parts):
            var all: [ClosedRange<UInt32>] = []
            for part in parts {
                guard let r = part.explicitRanges else { return nil }
                all += r
            }
            return CharSet.normalize(all)
        case .intersection(let parts):
            var result: [ClosedRange<UInt32>]? = nil
            for part in parts {
                guard let r = part.explicitRanges else { return nil }
                result = result.map { CharSet.intersect($0, r) } ?? r
            }
            return result ?? []
        case .complement(let inner):
            guard let r = inner.explicitRanges else { return nil }
            return CharSet.complement(r)
        }
    }

    /// Sorted, merged ranges.
    static func normalize(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for r in sorted {
            if let last = merged.last, r.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    static func intersect(_ a: [ClosedRange<UInt32>], _ b: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        for x in normalize(a) {
            for y in normalize(b) {
                let lo = max(x.lowerBound, y.lowerBound)
                let hi = min(x.upperBound, y.upperBound)
                if lo <= hi { result.append(lo...hi) }
            }
        }
        return normalize(result)
    }

    static func complement(_ a: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in normalize(a) {
            if r.lowerBound > next { result.append(next...(r.lowerBound - 1)) }
            if r.upperBound == 0x10FFFF { return result }
            next = r.upperBound + 1
        }
        result.append(next...0x10FFFF)
        return result
    }

    /// Adds the other ASCII case of every ASCII letter in the set (Java's CASE_INSENSITIVE
    /// without UNICODE_CASE folds ASCII only).
    func foldingASCIICase() -> CharSet {
        .union([self, .ranges(CharSet.asciiCaseCounterparts(self))])
    }

    /// The ASCII letters whose other case is in the set (for sets of explicit ranges; items are
    /// folded by the caller).
    static func asciiCaseCounterparts(_ set: CharSet) -> [ClosedRange<UInt32>] {
        guard case .ranges(let ranges) = set else { return [] }
        var extra: [ClosedRange<UInt32>] = []
        for r in ranges {
            let lowLo = max(r.lowerBound, 0x61)
            let lowHi = min(r.upperBound, 0x7A)
            if lowLo <= lowHi { extra.append((lowLo - 0x20)...(lowHi - 0x20)) }
            let upLo = max(r.lowerBound, 0x41)
            let upHi = min(r.upperBound, 0x5A)
            if upLo <= upHi { extra.append((upLo + 0x20)...(upHi + 0x20)) }
        }
        return extra
    }
}
