import TollgateJSON
import TollgateJavaRegex

/// Parses Velocity 1.7 template source into nodes.
///
/// Source followed for the lexical rules: Apache Velocity 1.7's `Parser.jjt`, checked case by case against
/// Debian's velocity 1.7 (Tests/Oracles/VelocityOracle.java). Identifiers are `[A-Za-z_][A-Za-z0-9_-]*`
/// (a `-` belongs to the name: `$a-b` is one reference). A directive's closing `)`, `#else` and `#end` swallow
/// trailing blanks when a newline follows them, and the newline too.
struct Parser {
    static let maxNesting = 200

    let source: [UInt8]
    var index = 0
    var variables: [String: Int] = [:]
    var variableNames: [String] = []
    var macros: [String: Macro] = [:]
    var nesting = 0
    let lineStarts: [Int]
    /// Offset of `source` in the whole template (for interpolated strings parsed on their own).
    let base: Int
    /// Text and objects of the whole template (shared with the parsers of interpolated strings).
    var arena = ParseArena()

    init(source: [UInt8]) {
        self.source = source
        base = 0
        var starts = [0]
        for (i, byte) in source.enumerated() where byte == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    // MARK: Positions and errors

    func position(_ offset: Int) -> SourcePosition {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset && i < source.count {
            if source[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: Int32(lo + 1), column: Int32(column))
    }

    func error(_ message: String, at offset: Int? = nil) -> VTLError {
        VTLError(.syntax, message, at: position(offset ?? index))
    }

    func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < source.count ? source[index + ahead] : nil
    }

    func byte(at i: Int) -> UInt8? { i < source.count ? source[i] : nil }

    static func isIdentifierStart(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    static func isIdentifierPart(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return isIdentifierStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D
    }

    static func isDigit(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= 0x30 && b <= 0x39
    }

    func slot(_ name: String) -> Int { variables[name]! }

    mutating func variable(_ name: String) -> Int {
        if let slot = variables[name] { return slot }
        let slot = variableNames.count
        variables[name] = slot
        variableNames.append(name)
        return slot
    }

    mutating func identifier() -> String? {
        guard Self.isIdentifierStart(peek()) else { return nil }
        let start = index
        while Self.isIdentifierPart(peek()) { index += 1 }
        return String(decoding: source[start..<index], as: UTF8.self)
    }

    /// Letters only (directive names: `#foreach`, `#end`), so `#end-` is `#end` then `-`.
    mutating func directiveName() -> String? {
        let start = index
        while let b = peek(), (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { index += 1 }
        return index > start ? String(decoding: source[start..<index], as: UTF8.self) : nil
    }

    mutating func skipWhitespace() {
        while let b = peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
    }

    /// After a directive: blanks then a newline are swallowed; blanks alone are kept.
    mutating func swallowLineEnd() {
        var j = index
        while let b = byte(at: j), b == 0x20 || b == 0x09 { j += 1 }
        if byte(at: j) == 0x0A {
            index = j + 1
        } else if byte(at: j) == 0x0D {
            index = byte(at: j + 1) == 0x0A ? j + 2 : j + 1
        }
    }

    mutating func expect(_ ascii: Unicode.Scalar, _ what: String) throws(VTLError) {
        skipWhitespace()
        guard peek() == UInt8(ascii: ascii) else {
            throw error("Encountered \(describeNext()) ; was expecting \(what)")
        }
        index += 1
    }

    func describeNext() -> String {
        guard let b = peek() else { return "<EOF>" }
        if b == 0x0A { return "\"\\n\"" }
        var end = index
        while end < source.count && end - index < 12, source[end] != 0x0A { end += 1 }
        return "\"" + String(decoding: source[index..<max(end, index + 1)], as: UTF8.self) + "\""
    }

    // MARK: Template text

    enum Terminator {
        case end
        case elseBranch
        case elseIf(Expression)
        case endOfInput
    }

    mutating func parseTemplate() throws(VTLError) -> [Node] {
        let (nodes, terminator, at) = try parseNodes()
        switch terminator {
        case .endOfInput: return nodes
        case .end: throw error("Encountered \"#end\" with no directive to close", at: at)
        case .elseBranch: throw error("Encountered \"#else\" outside #if", at: at)
        case .elseIf: throw error("Encountered \"#elseif\" outside #if", at: at)
        }
    }

    /// Nodes up to a block terminator (`#end`, `#else`, `#elseif`) or the end of input.
    mutating func parseNodes() throws(VTLError) -> ([Node], Terminator, Int) {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maxNesting {
            throw VTLError(.recursionLimit, "directives nest deeper than \(Self.maxNesting)", at: position(index))
        }
        var nodes: [Node] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty {
                nodes.append(.text(arena.span(text)))
                text.removeAll(keepingCapacity: true)
            }
        }
        while let b = peek() {
            switch b {
            case UInt8(ascii: "$"):
                let start = index
                if let reference = try reference() {
                    flush()
                    nodes.append(.reference(arena.keep(reference)))
                } else {
                    index = start + 1
                    text.append(b)
                }
            case UInt8(ascii: "\\"):
                if let node = try backslashes(into: &text) {
                    flush()
                    nodes.append(node)
                }
            case UInt8(ascii: "#"):
                let start = index
                switch try hash(into: &text) {
                case .text: break
                case .node(let node):
                    flush()
                    nodes.append(node)
                case .terminator(let terminator):
                    flush()
                    return (nodes, terminator, start)
                }
            default:
                text.append(b)
                index += 1
            }
        }
        flush()
        return (nodes, .endOfInput, index)
    }

    /// A run of backslashes before `$` or `#`: pairs print one backslash each; an odd one escapes what follows.
    mutating func backslashes(into text: inout [UInt8]) throws(VTLError) -> Node? {
        let start = index
        while peek() == UInt8(ascii: "\\") { index += 1 }
        let count = index - start
        let afterSlashes = index
        if peek() == UInt8(ascii: "$") {
            if let reference = try reference() {
                text.append(contentsOf: repeatElement(UInt8(ascii: "\\"), count: count / 2))
                return count % 2 == 0 ? .reference(arena.keep(reference)) : .escapedReference(arena.keep(reference))
            }
            index = afterSlashes
        } else if peek() == UInt8(ascii: "#"), isDirectiveAhead() {
            text.append(contentsOf: repeatElement(UInt8(ascii: "\\"), count: count / 2))
            if count % 2 == 1 {
                text.append(UInt8(ascii: "#"))
                index += 1
            }
            return nil
        }
        text.append(contentsOf: repeatElement(UInt8(ascii: "\\"), count: count))
        return nil
    }

    /// Whether `#` at `index` starts a directive or a macro call (what a backslash can escape).
    func isDirectiveAhead() -> Bool {
        var j = index + 1
        if byte(at: j) == UInt8(ascii: "{") { j += 1 }
        let start = j
        while let b = byte(at: j), (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { j += 1 }
        return j > start
    }

    enum HashResult {
        case text
        case node(Node)
        case terminator(Terminator)
    }

    mutating func hash(into text: inout [UInt8]) throws(VTLError) -> HashResult {
        let start = index
        switch peek(1) {
        case UInt8(ascii: "#"):
            // A line comment, with its newline.
            while let b = peek(), b != 0x0A { index += 1 }
            if peek() == 0x0A { index += 1 }
            return .text
        case UInt8(ascii: "*"):
            index += 2
            while index < source.count, !(source[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "#")) { index += 1 }
            guard index < source.count else { throw error("unterminated comment (#* without *#)", at: start) }
            index += 2
            return .text
        case UInt8(ascii: "["):
            if peek(2) == UInt8(ascii: "[") {
                index += 3
                let contentStart = index
                while index < source.count, !(source[index] == UInt8(ascii: "]") && peek(1) == UInt8(ascii: "]") && peek(2) == UInt8(ascii: "#")) {
                    index += 1
                }
                guard index < source.count else { throw error("unterminated unparsed block (#[[ without ]]#)", at: start) }
                text.append(contentsOf: source[contentStart..<index])
                index += 3
                return .text
            }
        default: break
        }
        index += 1
        let braced = peek() == UInt8(ascii: "{")
        if braced { index += 1 }
        guard var name = directiveName() else {
            index = start + 1
            text.append(UInt8(ascii: "#"))
            return .text
        }
        if !Self.keywords.contains(name) {
            // A macro name may hold digits, `_` and `-` too.
            while let b = peek(), Self.isIdentifierPart(b), b != UInt8(ascii: "-") { index += 1 }
            name = String(decoding: source[start + (braced ? 2 : 1)..<index], as: UTF8.self)
        }
        if braced {
            guard peek() == UInt8(ascii: "}") else {
                index = start + 1
                text.append(UInt8(ascii: "#"))
                return .text
            }
            index += 1
        }
        switch name {
        case "set":
            // Velocity 1.7's SET token takes the blanks before it when only blanks separate it from the
            // previous node (or the start): `$a #set(...)` drops the space, `x #set(...)` keeps it.
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { text.removeAll() }
            return .node(try setDirective())
        case "if": return .node(try ifDirective())
        case "elseif":
            try expect("(", "\"(\"")
            let condition = try expression()
            try expect(")", "\")\"")
            swallowLineEnd()
            return .terminator(.elseIf(condition))
        case "else":
            swallowLineEnd()
            return .terminator(.elseBranch)
        case "end":
            swallowLineEnd()
            return .terminator(.end)
        case "foreach": return .node(try foreachDirective(at: start))
        case "break":
            return .node(.breakLoop)
        case "stop":
            return .node(.stop)
        case "define":
            try expect("(", "\"(\"")
            skipWhitespace()
            guard peek() == UInt8(ascii: "$"), Self.isIdentifierStart(peek(1)) else { throw error("#define needs a $reference") }
            index += 1
            let variable = variable(identifier()!)
            try expect(")", "\")\"")
            swallowLineEnd()
            return .node(.define(arena.keep(DefineNode(variable: variable, body: try block(closing: "#define", at: start)))))
        case "macro":
            try macroDefinition(at: start)
            return .text
        case "include", "parse", "evaluate":
            // API Gateway refuses these (docs/behaviour.md §5).
            throw error("#\(name) is not allowed in API Gateway mapping templates", at: start)
        default:
            // A macro call: #name( args ). Without parentheses it is text.
            let nameEnd = index
            var j = index
            while let b = byte(at: j), b == 0x20 || b == 0x09 { j += 1 }
            guard byte(at: j) == UInt8(ascii: "("), !braced || j == nameEnd else {
                // `#name` without arguments: a call when a macro has that name, else text.
                let literal = Array(source[start..<nameEnd])
                return .node(.macroCall(arena.keep(MacroCall(name: name, arguments: .empty, literal: literal, position: position(start)))))
            }
            index = j + 1
            var arguments: [Expression] = []
            while true {
                skipWhitespace()
                if peek() == UInt8(ascii: ")") { break }
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard peek() != nil else { throw error("Encountered <EOF> in the arguments of #\(name)") }
                arguments.append(try primary())
            }
            index += 1
            let literal = Array(source[start..<index])
            swallowLineEnd()
            return .node(
                .macroCall(arena.keep(MacroCall(name: name, arguments: arena.freeze(arguments), literal: literal, position: position(start))))
            )
        }
    }

    static let keywords: Set<String> = [
        "set", "if", "elseif", "else", "end", "foreach", "break", "stop", "define", "macro", "include", "parse", "evaluate",
    ]
}
