import CPCRE2

/// ECMA-262 pattern grammar (with Annex B) into a ``RegexNode`` tree.
struct ECMAScriptParser {
    let source: String
    let chars: [UInt32]
    var i = 0
    var groupCount = 0
    let totalGroups: Int

    init(source: String) {
        self.source = source
        chars = source.unicodeScalars.map(\.value)
        totalGroups = ECMAScriptParser.countGroups(chars)
    }

    static func c(_ ascii: Character) -> UInt32 { ascii.unicodeScalars.first!.value }

    /// Capturing groups in the pattern (Annex B reads `\N` as a back-reference only when N
    /// groups exist).
    static func countGroups(_ chars: [UInt32]) -> Int {
        var n = 0
        var k = 0
        var inClass = false
        while k < chars.count {
            let ch = chars[k]
            if ch == c("\\") {
                k += 2
                continue
            }
            if inClass {
                if ch == c("]") { inClass = false }
            } else if ch == c("[") {
                inClass = true
            } else if ch == c("("), k + 1 >= chars.count || chars[k + 1] != c("?") {
                n += 1
            }
            k += 1
        }
        return n
    }

    func error(_ message: String, at index: Int? = nil) -> JavaPattern.SyntaxError {
        JavaPattern.SyntaxError(reason: message, index: index ?? i, pattern: source)
    }

    var atEnd: Bool { i >= chars.count }
    func peek(_ offset: Int = 0) -> UInt32? { i + offset < chars.count ? chars[i + offset] : nil }

    mutating func parse() throws(JavaPattern.SyntaxError) -> RegexNode {
        let node = try disjunction()
        if !atEnd { throw error(chars[i] == Self.c(")") ? "Unmatched ')'" : "Unexpected character") }
        return node
    }

    mutating func disjunction() throws(JavaPattern.SyntaxError) -> RegexNode {
        var branches = [try alternative()]
        while peek() == Self.c("|") {
            i += 1
            branches.append(try alternative())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func alternative() throws(JavaPattern.SyntaxError) -> RegexNode {
        var nodes: [RegexNode] = []
        while let ch = peek(), ch != Self.c("|"), ch != Self.c(")") {
            let start = i
            var atom = try term()
            if let q = try quantifier() {
                if case .raw(let text) = atom, text == "\\A" || text == "\\z" || text == "\\b" || text == "\\B" {
                    throw error("Nothing to repeat", at: start)
                }
                atom = .quantified(atom, min: q.min, max: q.max, mode: q.lazy ? .lazy : .greedy)
            }
            nodes.append(atom)
        }
        return nodes.count == 1 ? nodes[0] : .sequence(nodes)
    }

    /// A quantifier at `i`, if any. Annex B: `{` that is not `{n}`, `{n,}` or `{n,m}` is a literal.
    mutating func quantifier() throws(JavaPattern.SyntaxError) -> (min: Int, max: Int?, lazy: Bool)? {
        guard let ch = peek() else { return nil }
        var result: (Int, Int?)
        switch ch {
        case Self.c("*"):
            result = (0, nil)
            i += 1
        case Self.c("+"):
            result = (1, nil)
            i += 1
        case Self.c("?"):
            result = (0, 1)
            i += 1
        case Self.c("{"):
            guard let (min, max, length) = braceQuantifier(at: i) else { return nil }
            if let max, max < min { throw error("numbers out of order in {} quantifier") }
            result = (min, max)
            i += length
        default: return nil
        }
        var lazy = false
        if peek() == Self.c("?") {
            lazy = true
            i += 1
        }
        return (result.0, result.1, lazy)
    }

    func braceQuantifier(at start: Int) -> (Int, Int?, Int)? {
        var k = start + 1
        func digits() -> Int? {
            var v = 0
            let from = k
            while k < chars.count, (0x30...0x39).contains(chars[k]) {
                v = min(v * 10 + Int(chars[k] - 0x30), Int(Int32.max))
                k += 1
            }
            return k > from ? v : nil
        }
        guard let min = digits() else { return nil }
        var max: Int? = min
        if k < chars.count, chars[k] == Self.c(",") {
            k += 1
            max = digits()
        }
        guard k < chars.count, chars[k] == Self.c("}") else { return nil }
        return (min, max, k + 1 - start)
    }

    mutating func term() throws(JavaPattern.SyntaxError) -> RegexNode {
        let ch = chars[i]
        switch ch {
        case Self.c("^"):
            i += 1
            return .raw("\\A")
        case Self.c("$"):
            i += 1
            return .raw("\\z")
        case Self.c("."):
            i += 1
            return .dot(.ecmaScript)
        case Self.c("("):
            let open = i
            i += 1
            var kind = RegexNode.GroupKind.capture(0, name: nil)
            if peek() == Self.c("?") {
                switch peek(1) {
                case Self.c(":"): kind = .nonCapture
                case Self.c("="): kind = .lookahead(negative: false)
                case Self.c("!"): kind = .lookahead(negative: true)
                default: throw error("Invalid group", at: i)
                }
                i += 2
            } else {
                groupCount += 1
                kind = .capture(groupCount, name: nil)
            }
            let inner = try disjunction()
            guard peek() == Self.c(")") else { throw error("Unterminated group", at: open) }
            i += 1
            return .group(kind, inner)
        case Self.c("["):
            return .set(try characterClass())
        case Self.c("\\"):
            return try atomEscape()
        case Self.c("*"), Self.c("+"), Self.c("?"):
            throw error("Nothing to repeat")
        case Self.c("{"):
            if braceQuantifier(at: i) != nil { throw error("Nothing to repeat") }
            i += 1
            return .literal(ch)
        default:
            i += 1
            return .literal(ch)
        }
    }

    static let whiteSpace = CharSet.ranges([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F,
        0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    static let digit = CharSet.ranges([0x30...0x39])
    static let word = CharSet.ranges([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])

    /// A class escape common to atoms and classes: `\d \D \s \S \w \W`.
    mutating func classEscape(_ e: UInt32) -> CharSet? {
        switch e {
        case Self.c("d"): Self.digit
        case Self.c("D"): .complement(Self.digit)
        case Self.c("s"): Self.whiteSpace
        case Self.c("S"): .complement(Self.whiteSpace)
        case Self.c("w"): Self.word
        case Self.c("W"): .complement(Self.word)
        default: nil
        }
    }

    mutating func atomEscape() throws(JavaPattern.SyntaxError) -> RegexNode {
        guard i + 1 < chars.count else { throw error("\\ at end of pattern") }
        let e = chars[i + 1]
        i += 2
        if let set = classEscape(e) { return .set(set) }
        switch e {
        case Self.c("b"): return .raw("\\b")
        case Self.c("B"): return .raw("\\B")
        case Self.c("1")...Self.c("9"):
            // A back-reference when that many groups exist, else (Annex B) an octal escape or a literal digit.
            var n = Int(e - 0x30)
            var k = i
            while k < chars.count, (0x30...0x39).contains(chars[k]), n * 10 + Int(chars[k] - 0x30) <= totalGroups {
                n = n * 10 + Int(chars[k] - 0x30)
                k += 1
            }
            if n <= totalGroups {
                i = k
                return .backreference(n, caseless: false)
            }
            i -= 1
            return .literal(legacyOctal())
        default:
            i -= 1
            return .literal(try characterEscape(inClass: false))
        }
    }

    /// An escape that stands for one character; `i` is at the character after the backslash.
    mutating func characterEscape(inClass: Bool) throws(JavaPattern.SyntaxError) -> UInt32 {
        let e = chars[i]
        i += 1
        switch e {
        case Self.c("f"): return 0x0C
        case Self.c("n"): return 0x0A
        case Self.c("r"): return 0x0D
        case Self.c("t"): return 0x09
        case Self.c("v"): return 0x0B
        case Self.c("b") where inClass: return 0x08
        case Self.c("c"):
            if let l = peek(), JavaSyntaxParser.isASCIIAlpha(l) {
                i += 1
                return l % 32
            }
            // Annex B: `\c` not followed by a letter is a backslash and a `c`.
            i -= 1
            return Self.c("\\")
        case Self.c("0")...Self.c("7"):
            i -= 1
            return legacyOctal()
        case Self.c("x"):
            if let a = peek(), let b = peek(1), JavaSyntaxParser.isHexDigit(a), JavaSyntaxParser.isHexDigit(b) {
                i += 2
                return JavaSyntaxParser.hexValue(a) * 16 + JavaSyntaxParser.hexValue(b)
            }
            return Self.c("x")
        case Self.c("u"):
            if i + 4 <= chars.count, chars[i..<(i + 4)].allSatisfy(JavaSyntaxParser.isHexDigit) {
                var v: UInt32 = 0
                for k in i..<(i + 4) { v = v * 16 + JavaSyntaxParser.hexValue(chars[k]) }
                i += 4
                // A surrogate pair written as two escapes is one character.
                if (0xD800...0xDBFF).contains(v), i + 6 <= chars.count, chars[i] == Self.c("\\"), chars[i + 1] == Self.c("u"),
                    chars[(i + 2)..<(i + 6)].allSatisfy(JavaSyntaxParser.isHexDigit)
                {
                    var low: UInt32 = 0
                    for k in (i + 2)..<(i + 6) { low = low * 16 + JavaSyntaxParser.hexValue(chars[k]) }
                    if (0xDC00...0xDFFF).contains(low) {
                        i += 6
                        return 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    }
                }
                return v
            }
            return Self.c("u")
        default:
            // Identity escape (Annex B allows any character).
            return e
        }
    }

    /// Annex B legacy octal: up to three octal digits, value at most 0o377; `\8` and `\9` are digits.
    mutating func legacyOctal() -> UInt32 {
        let first = chars[i]
        guard (0x30...0x37).contains(first) else {
            i += 1
            return first
        }
        var v = first - 0x30
        i += 1
        if let d = peek(), (0x30...0x37).contains(d) {
            v = v * 8 + (d - 0x30)
            i += 1
            if first <= 0x33, let d2 = peek(), (0x30...0x37).contains(d2) {
                v = v * 8 + (d2 - 0x30)
                i += 1
            }
        }
        return v
    }

    mutating func characterClass() throws(JavaPattern.SyntaxError) -> CharSet {
        let open = i
        i += 1
        var negated = false
        if peek() == Self.c("^") {
            negated = true
            i += 1
        }
        var items: [CharSet] = []
        while true {
            guard let ch = peek() else { throw error("Unterminated character class", at: open) }
            if ch == Self.c("]") {
                i += 1
                break
            }
            let (lowSet, low) = try classAtom()
            if peek() == Self.c("-"), let next = peek(1), next != Self.c("]") {
                i += 1
                let (highSet, high) = try classAtom()
                if let low, let high {
                    if high < low { throw error("Range out of order in character class") }
                    items.append(.ranges([low...high]))
                } else {
                    // Annex B: a range with a class escape at either end is the two items and a '-'.
                    items += [lowSet, .single(Self.c("-")), highSet]
                }
            } else {
                items.append(lowSet)
            }
        }
        let set = CharSet.union(items)
        return negated ? .complement(set) : set
    }

    /// One class atom: the set it stands for and, when it is one character, that character.
    mutating func classAtom() throws(JavaPattern.SyntaxError) -> (CharSet, UInt32?) {
        let ch = chars[i]
        guard ch == Self.c("\\") else {
            i += 1
            return (.single(ch), ch)
        }
        guard i + 1 < chars.count else { throw error("\\ at end of pattern") }
        i += 1
        if let set = classEscape(chars[i]) {
            i += 1
            return (set, nil)
        }
        if (0x38...0x39).contains(chars[i]) {
            i += 1
            return (.single(chars[i - 1]), chars[i - 1])
        }
        let c = try characterEscape(inClass: true)
        return (.single(c), c)
    }
}
