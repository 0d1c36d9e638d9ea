/// Prints a ``RegexNode`` tree as a PCRE2 pattern (compiled with `PCRE2_UTF`, no `PCRE2_UCP`,
/// no inline options other than `(?i:` for Unicode caseless matching).
struct PCRE2Emitter {
    private(set) var out = ""
    /// How to print Java's `.`. The exact class is correct for every subject; the other two are
    /// correct only for subjects without certain terminators, and much faster (PCRE2's JIT has
    /// dot-star fast paths that classes do not get; `.*` at the end under DOTALL is a jump to the
    /// end). ``JavaPattern`` picks the code per subject.
    enum JavaDot {
        /// `[^\n\r\x{85}\x{2028}\x{2029}]`: any subject.
        case exact
        /// `\N`: subjects whose only terminator is `\n`.
        case notNewline
        /// `.` (DOTALL): subjects with no terminator.
        case any
    }

    var javaDot = JavaDot.exact

    static func emit(_ node: RegexNode, javaDot: JavaDot = .exact) -> String {
        var emitter = PCRE2Emitter()
        emitter.javaDot = javaDot
        emitter.emit(node)
        return emitter.out
    }

    /// `true` when the tree has a Java `.` (so a fast variant is worth compiling).
    static func containsJavaDot(_ node: RegexNode) -> Bool {
        switch node {
        case .dot(.java): true
        case .sequence(let nodes), .alternation(let nodes): nodes.contains(where: containsJavaDot)
        case .group(_, let inner), .caseless(let inner), .quantified(let inner, _, _, _): containsJavaDot(inner)
        default: false
        }
    }

    /// A code point as PCRE2 text: ASCII letters and digits as themselves, the rest as `\x{..}`.
    static func literalText(_ c: UInt32) -> String {
        if (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) {
            return String(Character(Unicode.Scalar(c)!))
        }
        return "\\x{" + String(c, radix: 16) + "}"
    }

    mutating func emit(_ node: RegexNode) {
        switch node {
        case .empty: break
        case .never: out += "(?!)"
        case .literal(let c):
            out += (0xD800...0xDFFF).contains(c) ? "(?!)" : Self.literalText(c)
        case .set(let set): out += Self.setText(set)
        case .dot(let kind):
            // Patterns are compiled with PCRE2_DOTALL and NEWLINE_LF: `.` is any character and
            // `\N` any but `\n`. Both keep PCRE2's JIT fast paths (a group such as `(?s:.)*`
            // would not: it backtracks through the JIT stack).
            switch kind {
            case .all: out += "."
            case .unixLines: out += "\\N"
            case .java:
                switch javaDot {
                case .exact: out += "[^\\n\\r\\x{85}\\x{2028}\\x{2029}]"
                case .notNewline: out += "\\N"
                case .any: out += "."
                }
            case .ecmaScript: out += "[^\\n\\r\\x{2028}\\x{2029}]"
            }
        case .caseless(let inner):
            out += "(?i:"
            emit(inner)
            out += ")"
        case .sequence(let nodes):
            for n in nodes { emitAtom(n, inSequence: true) }
        case .alternation(let branches):
            for (i, b) in branches.enumerated() {
                if i > 0 { out += "|" }
                emit(b)
            }
        case .group(let kind, let inner):
            switch kind {
            case .capture(_, let name?): out += "(?<\(name)>"
            case .capture: out += "("
            case .nonCapture: out += "(?:"
            case .lookahead(let negative): out += negative ? "(?!" : "(?="
            case .lookbehind(let negative): out += negative ? "(?<!" : "(?<="
            case .atomic: out += "(?>"
            }
            emit(inner)
            out += ")"
        case .quantified(let inner, let min, let max, let mode):
            emitAtom(inner, inSequence: false)
            switch (min, max) {
            case (0, nil): out += "*"
            case (1, nil): out += "+"
            case (0, 1?): out += "?"
            case (let n, nil): out += "{\(n),}"
            case (let n, let m?) where n == m: out += "{\(n)}"
            case (let n, let m?): out += "{\(n),\(m)}"
            }
            switch mode {
            case .greedy: break
            case .lazy: out += "?"
            case .possessive: out += "+"
            }
        case .backreference(let n, let caseless):
            out += caseless ? "(?i:\\g{\(n)})" : "\\g{\(n)}"
        case .raw(let text): out += text
        }
    }

    /// Emits `node` so that a following quantifier (or neighbour) applies to all of it.
    mutating func emitAtom(_ node: RegexNode, inSequence: Bool) {
        switch node {
        case .sequence(let nodes) where nodes.count == 1:
            emitAtom(nodes[0], inSequence: inSequence)
        case .sequence where inSequence:
            emit(node)
        case .sequence, .alternation, .quantified, .empty:
            if inSequence, case .empty = node { return }
            if inSequence, case .quantified = node {
                emit(node)
                return
            }
            out += "(?:"
            emit(node)
            out += ")"
        case .raw(let text) where !inSequence && !text.hasPrefix("(") && !text.hasPrefix("["):
            out += "(?:" + text + ")"
        default:
            emit(node)
        }
    }

    /// A set as a single-code-point matcher.
    static func setText(_ set: CharSet) -> String {
        if let ranges = set.explicitRanges {
            return rangesText(ranges, negated: false)
        }
        if let (items, negated) = flatItems(set) {
            return "[" + (negated ? "^" : "") + items.joined() + "]"
        }
        switch set {
        case .intersection(let parts):
            return "(?:" + parts.dropLast().map { "(?=" + setText($0) + ")" }.joined() + setText(parts.last ?? .empty) + ")"
        case .complement(let inner):
            return "(?:(?!" + setText(inner) + ")[\\x{0}-\\x{10ffff}])"
        case .union(let parts):
            return "(?:" + parts.map(setText).joined(separator: "|") + ")"
        case .caseless(let inner):
            return "(?i:" + setText(inner) + ")"
        case .ranges, .item:
            return "(?!)"  // unreachable: both are flat
        }
    }

    static func rangesText(_ ranges: [ClosedRange<UInt32>], negated: Bool) -> String {
        // Surrogate code points cannot appear in UTF-8 text; PCRE2 rejects them in classes.
        let usable = CharSet.intersect(ranges, [0...0xD7FF, 0xE000...0x10FFFF])
        if usable.isEmpty { return negated ? "[\\x{0}-\\x{10ffff}]" : "(?!)" }
        if !negated, usable.count == 1, usable[0].lowerBound == usable[0].upperBound {
            return literalText(usable[0].lowerBound)
        }
        return "[" + (negated ? "^" : "") + usable.map(rangeItem).joined() + "]"
    }

    static func rangeItem(_ r: ClosedRange<UInt32>) -> String {
        let lo = "\\x{" + String(r.lowerBound, radix: 16) + "}"
        if r.lowerBound == r.upperBound { return lo }
        return lo + "-\\x{" + String(r.upperBound, radix: 16) + "}"
    }

    /// Class items for a union of ranges and items (or the complement of one), else `nil`.
    static func flatItems(_ set: CharSet) -> ([String], Bool)? {
        switch set {
        case .ranges(let r):
            return (CharSet.intersect(r, [0...0xD7FF, 0xE000...0x10FFFF]).map(rangeItem), false)
        case .item(let text): return ([text], false)
        case .union(let parts):
            var items: [String] = []
            for p in parts {
                guard let (sub, negated) = flatItems(p), !negated else { return nil }
                items += sub
            }
            return (items, false)
        case .complement(let inner):
            guard let (items, negated) = flatItems(inner), !negated, !items.isEmpty else { return nil }
            return (items, true)
        case .intersection, .caseless:
            return nil
        }
    }
}
