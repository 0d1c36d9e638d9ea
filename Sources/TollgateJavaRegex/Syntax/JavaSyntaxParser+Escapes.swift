extension JavaSyntaxParser {
    /// What an escape stands for.
    enum Escaped {
        /// A literal code point.
        case char(UInt32)
        /// A class such as `\d`.
        case set(CharSet)
        /// An assertion or back-reference (not valid in a class).
        case node(RegexNode)
    }

    /// Parses the escape at `cursor` (the backslash), as Java's `escape(inclass, create, isrange)`.
    mutating func escape(inClass: Bool, create: Bool, isRange: Bool) throws(SyntaxError) -> Escaped {
        let ch = skip()
        let unicode = flags.contains(.unicodeCharacterClass)
        switch ch {
        case Self.c("0"):
            return .char(try octal())
        case Self.c("1")...Self.c("9"):
            if inClass { break }
            return .node(reference(Int(ch - 0x30)))
        case Self.c("A"):
            if inClass { break }
            return .node(.raw("\\A"))
        case Self.c("B"):
            if inClass { break }
            return .node(.raw(JavaAnchors.boundary(negated: true, unicode: unicode)))
        case Self.c("D"):
            return .set(.complement(JavaClasses.digit(unicode: unicode)))
        case Self.c("G"):
            if inClass { break }
            return .node(.raw("\\G"))
        case Self.c("H"):
            return .set(.complement(JavaClasses.horizontalSpace))
        case Self.c("N"):
            return .char(try characterName())
        case Self.c("R"):
            if inClass { break }
            return .node(.raw(JavaAnchors.lineEnding))
        case Self.c("S"):
            return .set(.complement(JavaClasses.space(unicode: unicode)))
        case Self.c("V"):
            return .set(.complement(JavaClasses.verticalSpace))
        case Self.c("W"):
            return .set(.complement(JavaClasses.word(unicode: unicode)))
        case Self.c("X"):
            if inClass { break }
            return .node(.raw("\\X"))
        case Self.c("Z"):
            if inClass { break }
            return .node(dollarNode(multiline: false))
        case Self.c("a"):
            return .char(0x07)
        case Self.c("b"):
            if inClass { break }
            if peek() == Self.c("{") {
                // \b{g}: a grapheme cluster boundary.
                if skip() == Self.c("g") {
                    if read() == Self.c("}") { throw error("\\b{g} (grapheme cluster boundary) is not supported by Tollgate") }
                    break
                }
                unread()
                unread()
            }
            return .node(.raw(JavaAnchors.boundary(negated: false, unicode: unicode)))
        case Self.c("c"):
            guard cursor < patternLength else { throw error("Illegal control escape sequence") }
            return .char(read() ^ 64)
        case Self.c("d"):
            return .set(JavaClasses.digit(unicode: unicode))
        case Self.c("e"):
            return .char(0x1B)
        case Self.c("f"):
            return .char(0x0C)
        case Self.c("h"):
            return .set(JavaClasses.horizontalSpace)
        case Self.c("k"):
            if inClass { break }
            if read() != Self.c("<") { throw error("\\k is not followed by '<' for named capturing group") }
            let name = try groupName(read())
            guard let number = namedGroups[name] else { throw error("named capturing group <\(name)> does not exist") }
            return .node(.backreference(number, caseless: flags.contains(.caseInsensitive)))
        case Self.c("n"):
            return .char(0x0A)
        case Self.c("r"):
            return .char(0x0D)
        case Self.c("s"):
            return .set(JavaClasses.space(unicode: unicode))
        case Self.c("t"):
            return .char(0x09)
        case Self.c("u"):
            return .char(try unicodeEscape())
        case Self.c("v"):
            // \v is VT in a range (Java keeps it for compatibility), vertical whitespace otherwise.
            if isRange { return .char(0x0B) }
            return .set(JavaClasses.verticalSpace)
        case Self.c("w"):
            return .set(JavaClasses.word(unicode: unicode))
        case Self.c("x"):
            return .char(try hexEscape())
        case Self.c("z"):
            if inClass { break }
            return .node(.raw("\\z"))
        case Self.c("C"), Self.c("E"), Self.c("F"), Self.c("I"), Self.c("J"), Self.c("K"), Self.c("L"), Self.c("M"), Self.c("O"),
            Self.c("P"), Self.c("Q"), Self.c("T"), Self.c("U"), Self.c("Y"), Self.c("g"), Self.c("i"), Self.c("j"), Self.c("l"),
            Self.c("m"), Self.c("o"), Self.c("p"), Self.c("q"), Self.c("y"):
            break
        default:
            return .char(ch)
        }
        throw error("Illegal/unsupported escape sequence")
    }

    /// A numbered back-reference: Java takes one digit, then more while they name an existing group.
    mutating func reference(_ first: Int) -> RegexNode {
        var refNum = first
        while true {
            let ch = peek()
            guard Self.isASCIIDigit(ch) else { break }
            let newRefNum = refNum * 10 + Int(ch - 0x30)
            if capturingGroupCount - 1 < newRefNum { break }
            refNum = newRefNum
            _ = read()
        }
        backreferences.append(refNum)
        return .backreference(refNum, caseless: flags.contains(.caseInsensitive))
    }

    /// `\0n`, `\0nn`, `\0mnn` (m ≤ 3).
    mutating func octal() throws(SyntaxError) -> UInt32 {
        let n = read()
        if (0x30...0x37).contains(n) {
            let m = read()
            if (0x30...0x37).contains(m) {
                let o = read()
                if (0x30...0x37).contains(o) && (0x30...0x33).contains(n) {
                    return (n - 0x30) * 64 + (m - 0x30) * 8 + (o - 0x30)
                }
                unread()
                return (n - 0x30) * 8 + (m - 0x30)
            }
            unread()
            return n - 0x30
        }
        throw error("Illegal octal escape sequence")
    }

    /// `\xhh` or `\x{h...h}`.
    mutating func hexEscape() throws(SyntaxError) -> UInt32 {
        var n = read()
        if Self.isHexDigit(n) {
            let m = read()
            if Self.isHexDigit(m) { return Self.hexValue(n) * 16 + Self.hexValue(m) }
        } else if n == Self.c("{") && Self.isHexDigit(peek()) {
            var ch: UInt32 = 0
            n = read()
            while Self.isHexDigit(n) {
                ch = (ch << 4) + Self.hexValue(n)
                if ch > 0x10FFFF { throw error("Hexadecimal codepoint is too big") }
                n = read()
            }
            if n != Self.c("}") { throw error("Unclosed hexadecimal escape sequence") }
            return ch
        }
        throw error("Illegal hexadecimal escape sequence")
    }

    /// `\uhhhh`, combining a surrogate pair written as two escapes.
    mutating func unicodeEscape() throws(SyntaxError) -> UInt32 {
        let n = try uxxxx()
        if (0xD800...0xDBFF).contains(n) {
            let saved = cursor
            if read() == Self.c("\\") && read() == Self.c("u") {
                let n2 = try uxxxx()
                if (0xDC00...0xDFFF).contains(n2) { return 0x10000 + ((n - 0xD800) << 10) + (n2 - 0xDC00) }
            }
            cursor = saved
        }
        return n
    }

    mutating func uxxxx() throws(SyntaxError) -> UInt32 {
        var n: UInt32 = 0
        for _ in 0..<4 {
            let ch = read()
            guard Self.isHexDigit(ch) else { throw error("Illegal Unicode escape sequence") }
            n = n * 16 + Self.hexValue(ch)
        }
        return n
    }

    /// `\N{NAME}`: a character by its Unicode name (case-insensitive, as `Character.codePointOf`).
    mutating func characterName() throws(SyntaxError) -> UInt32 {
        guard read() == Self.c("{") else { throw error("Illegal character name escape sequence") }
        let start = cursor
        while read() != Self.c("}") {
            if cursor >= patternLength { throw error("Unclosed character name escape sequence") }
        }
        let name = String(String.UnicodeScalarView(temp[start..<(cursor - 1)].compactMap(Unicode.Scalar.init)))
        guard let value = UnicodeNames.codePoint(named: name) else { throw error("Unknown character name [\(name)]") }
        return value
    }

    // MARK: Line-terminator-aware anchors and dot

    func caretNode() -> RegexNode {
        guard flags.contains(.multiline) else { return .raw("\\A") }
        return .raw(flags.contains(.unixLines) ? JavaAnchors.unixCaret : JavaAnchors.caret)
    }

    func dollarNode(multiline: Bool) -> RegexNode {
        if flags.contains(.unixLines) { return .raw(multiline ? JavaAnchors.unixDollarMultiline : JavaAnchors.unixDollar) }
        return .raw(multiline ? JavaAnchors.dollarMultiline : JavaAnchors.dollar)
    }

    func dotNode() -> RegexNode {
        if flags.contains(.dotAll) { return .dot(.all) }
        if flags.contains(.unixLines) { return .dot(.unixLines) }
        return .dot(.java)
    }
}

/// Java's assertions written as PCRE2 lookarounds. Source followed: OpenJDK 17 `Pattern.Caret`,
/// `UnixCaret`, `Dollar`, `UnixDollar`, `Bound`, `LineEnding` (and docs/behaviour.md §R
/// rows 1–5, 16).
enum JavaAnchors {
    /// Java's line terminators other than `\n`: `\r`, U+0085, U+2028, U+2029.
    static let otherTerminators = "[\\r\\x{85}\\x{2028}\\x{2029}]"
    /// `$` without MULTILINE: the end, or before a final line terminator (never inside `\r\n`).
    static let dollar = "(?=(?:\\r\\n|(?<!\\r)\\n|\(otherTerminators))?\\z)"
    /// `$` with MULTILINE: before any line terminator (not inside `\r\n`), or at the end.
    static let dollarMultiline = "(?=\(otherTerminators)|(?<!\\r)\\n|\\z)"
    static let unixDollar = "(?=\\n?\\z)"
    static let unixDollarMultiline = "(?=\\n|\\z)"
    /// `^` with MULTILINE: at the start or after a line terminator, never at the end of input,
    /// never between `\r` and `\n`.
    static let caret = "(?!\\z)(?:\\A|(?<=[\\n\\x{85}\\x{2028}\\x{2029}])|(?<=\\r)(?!\\n))"
    static let unixCaret = "(?!\\z)(?:\\A|(?<=\\n))"
    /// `\R`: not atomic in Java, so `\R\n` matches `\r\n`.
    static let lineEnding = "(?:\\r\\n|[\\n\\x{b}\\f\\r\\x{85}\\x{2028}\\x{2029}])"

    /// `\b` / `\B`. Java 17's word character for boundaries is `Character.isLetterOrDigit` or
    /// `_` (or `\w` under UNICODE_CHARACTER_CLASS).
    static func boundary(negated: Bool, unicode: Bool) -> String {
        let w = unicode ? PCRE2Emitter.setText(JavaClasses.word(unicode: true)) : "[\\p{L}\\p{Nd}_]"
        if negated { return "(?:(?<=\(w))(?=\(w))|(?<!\(w))(?!\(w)))" }
        return "(?:(?<=\(w))(?!\(w))|(?<!\(w))(?=\(w)))"
    }
}
