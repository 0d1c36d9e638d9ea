/// Parses `java.util.regex` syntax into a ``RegexNode`` tree with Java's semantics resolved.
///
/// Source followed: the structure of OpenJDK 17's `java.util.regex.Pattern` parser
/// (`expr`/`sequence`/`atom`/`closure`/`group0`/`clazz`/`escape`), so that what Java accepts,
/// rejects (same description, same index) and means is what this parser accepts, rejects and
/// builds. The pattern is held as code points with zero terminators, and `cursor` indexes
/// code points, as Java's does.
struct JavaSyntaxParser {
    typealias Flags = JavaPattern.Flags
    typealias SyntaxError = JavaPattern.SyntaxError

    let pattern: String
    var temp: [UInt32]
    var patternLength: Int
    var cursor = 0
    var flags: Flags
    /// Java's `capturingGroupCount`: 1 + groups opened so far.
    var capturingGroupCount = 1
    var namedGroups: [String: Int] = [:]
    /// The largest back-reference number used (checked against the group count at the end).
    var backreferences: [Int] = []

    init(pattern: String, flags: Flags) {
        self.pattern = pattern
        var flags = flags
        if flags.contains(.unicodeCharacterClass) { flags.insert(.unicodeCase) }
        self.flags = flags
        temp = pattern.unicodeScalars.map(\.value)
        patternLength = temp.count
        temp += [0, 0, 0, 0]
    }

    /// Parses the whole pattern.
    mutating func parse() throws(SyntaxError) -> RegexNode {
        if flags.contains(.literal) {
            return .sequence(temp[0..<patternLength].map { literalNode($0) })
        }
        removeQEQuoting()
        let node = try expr()
        if patternLength != cursor {
            if peek() == UInt32(UInt8(ascii: ")")) { throw error("Unmatched closing ')'") }
            throw error("Unexpected internal error")
        }
        return node
    }

    // MARK: Cursor (Java's peek/read/next/skip, with COMMENTS whitespace skipping)

    func at(_ i: Int) -> UInt32 { i < temp.count && i >= 0 ? temp[i] : 0 }

    var comments: Bool { flags.contains(.comments) }

    mutating func peek() -> UInt32 {
        var ch = at(cursor)
        if comments { ch = peekPastWhitespace(ch) }
        return ch
    }

    mutating func read() -> UInt32 {
        var ch = at(cursor)
        cursor += 1
        if comments { ch = parsePastWhitespace(ch) }
        return ch
    }

    mutating func readEscaped() -> UInt32 {
        let ch = at(cursor)
        cursor += 1
        return ch
    }

    mutating func next() -> UInt32 {
        cursor += 1
        var ch = at(cursor)
        if comments { ch = peekPastWhitespace(ch) }
        return ch
    }

    mutating func nextEscaped() -> UInt32 {
        cursor += 1
        return at(cursor)
    }

    mutating func skip() -> UInt32 {
        let ch = at(cursor + 1)
        cursor += 2
        return ch
    }

    mutating func unread() { cursor -= 1 }

    static func isSpace(_ c: UInt32) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }

    func isLineSeparator(_ c: UInt32) -> Bool {
        if flags.contains(.unixLines) { return c == 0x0A }
        return c == 0x0A || c == 0x0D || c | 1 == 0x2029 || c == 0x85
    }

    mutating func peekPastWhitespace(_ c: UInt32) -> UInt32 {
        var ch = c
        while Self.isSpace(ch) || ch == UInt32(UInt8(ascii: "#")) {
            while Self.isSpace(ch) {
                cursor += 1
                ch = at(cursor)
            }
            if ch == UInt32(UInt8(ascii: "#")) { ch = peekPastLine() }
        }
        return ch
    }

    mutating func parsePastWhitespace(_ c: UInt32) -> UInt32 {
        var ch = c
        while Self.isSpace(ch) || ch == UInt32(UInt8(ascii: "#")) {
            while Self.isSpace(ch) {
                ch = at(cursor)
                cursor += 1
            }
            if ch == UInt32(UInt8(ascii: "#")) { ch = parsePastLine() }
        }
        return ch
    }

    mutating func parsePastLine() -> UInt32 {
        var ch = at(cursor)
        cursor += 1
        while ch != 0 && !isLineSeparator(ch) {
            ch = at(cursor)
            cursor += 1
        }
        if ch == 0 && cursor > patternLength {
            cursor = patternLength
            ch = at(cursor)
            cursor += 1
        }
        return ch
    }

    mutating func peekPastLine() -> UInt32 {
        cursor += 1
        var ch = at(cursor)
        while ch != 0 && !isLineSeparator(ch) {
            cursor += 1
            ch = at(cursor)
        }
        if ch == 0 && cursor > patternLength {
            cursor = patternLength
            ch = at(cursor)
        }
        return ch
    }

    mutating func accept(_ c: Character, _ message: String) throws(SyntaxError) {
        var test = at(cursor)
        cursor += 1
        if comments { test = parsePastWhitespace(test) }
        if test != c.unicodeScalars.first!.value { throw error(message) }
    }

    /// Java's `error(s)`: the index is `cursor - 1`.
    func error(_ reason: String) -> SyntaxError {
        SyntaxError(reason: reason, index: cursor - 1, pattern: pattern)
    }

    static func c(_ ascii: Character) -> UInt32 { ascii.unicodeScalars.first!.value }

    // MARK: \Q...\E (Java removes quoting before parsing)

    /// Rewrites `\Q...\E` into escaped characters, as Java's `RemoveQEQuoting` does.
    mutating func removeQEQuoting() {
        let pLen = patternLength
        var i = 0
        while i < pLen - 1 {
            if temp[i] != Self.c("\\") {
                i += 1
            } else if temp[i + 1] != Self.c("Q") {
                i += 2
            } else {
                break
            }
        }
        if i >= pLen - 1 { return }
        var newTemp = Array(temp[0..<i])
        i += 2
        var inQuote = true
        var beginQuote = true
        while i < pLen {
            let c = temp[i]
            i += 1
            if c >= 0x80 || Self.isASCIIAlpha(c) {
                newTemp.append(c)
            } else if Self.isASCIIDigit(c) {
                if beginQuote { newTemp += [Self.c("\\"), Self.c("x"), Self.c("3")] }
                newTemp.append(c)
            } else if c != Self.c("\\") {
                if inQuote { newTemp.append(Self.c("\\")) }
                newTemp.append(c)
            } else if inQuote {
                inQuote = false
                if i < pLen && temp[i] == Self.c("E") {
                    i += 1
                } else {
                    inQuote = true
                    newTemp += [Self.c("\\"), Self.c("\\")]
                }
            } else {
                if i < pLen && temp[i] == Self.c("Q") {
                    i += 1
                    inQuote = true
                    beginQuote = true
                    continue
                } else {
                    newTemp.append(c)
                    if i != pLen {
                        newTemp.append(temp[i])
                        i += 1
                    }
                }
            }
            beginQuote = false
        }
        patternLength = newTemp.count
        temp = newTemp + [0, 0, 0, 0]
    }

    static func isASCIIAlpha(_ c: UInt32) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
    static func isASCIIDigit(_ c: UInt32) -> Bool { (0x30...0x39).contains(c) }
    static func isASCIIAlnum(_ c: UInt32) -> Bool { isASCIIAlpha(c) || isASCIIDigit(c) }
    static func isHexDigit(_ c: UInt32) -> Bool { isASCIIDigit(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c) }
    static func hexValue(_ c: UInt32) -> UInt32 {
        isASCIIDigit(c) ? c - 0x30 : (c | 0x20) - 0x61 + 10
    }
}
