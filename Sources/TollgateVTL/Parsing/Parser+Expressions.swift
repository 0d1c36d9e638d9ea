// Expressions inside directives and method arguments: Velocity 1.7's precedence, lowest first:
// `|| or`, `&& and`, `== != eq ne`, `< <= > >= lt le gt ge`, `+ -`, `* / %`, `! not`, primaries.
extension Parser {
    mutating func expression() throws(VTLError) -> Expression {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maxNesting {
            throw VTLError(.recursionLimit, "expression nests deeper than \(Self.maxNesting)", at: position(index))
        }
        return try orExpression()
    }

    /// Consumes `symbol` or the word `word` (not followed by an identifier character).
    mutating func accept(_ symbol: String, word: String? = nil) -> Bool {
        skipWhitespace()
        let bytes = Array(symbol.utf8)
        if !bytes.isEmpty, index + bytes.count <= source.count, source[index..<index + bytes.count].elementsEqual(bytes) {
            index += bytes.count
            return true
        }
        if let word {
            let w = Array(word.utf8)
            if index + w.count <= source.count, source[index..<index + w.count].elementsEqual(w), !Self.isIdentifierPart(byte(at: index + w.count)) {
                index += w.count
                return true
            }
        }
        return false
    }

    mutating func orExpression() throws(VTLError) -> Expression {
        var left = try andExpression()
        while accept("||", word: "or") { left = .or(pair(left, try andExpression())) }
        return left
    }

    mutating func andExpression() throws(VTLError) -> Expression {
        var left = try equality()
        while accept("&&", word: "and") { left = .and(pair(left, try equality())) }
        return left
    }

    mutating func equality() throws(VTLError) -> Expression {
        var left = try relational()
        while true {
            if accept("==", word: "eq") {
                left = .compare(.equal, pair(left, try relational()))
            } else if accept("!=", word: "ne") {
                left = .compare(.notEqual, pair(left, try relational()))
            } else {
                return left
            }
        }
    }

    mutating func relational() throws(VTLError) -> Expression {
        var left = try additive()
        while true {
            if accept("<=", word: "le") {
                left = .compare(.lessOrEqual, pair(left, try additive()))
            } else if accept(">=", word: "ge") {
                left = .compare(.greaterOrEqual, pair(left, try additive()))
            } else if accept("<", word: "lt") {
                left = .compare(.less, pair(left, try additive()))
            } else if accept(">", word: "gt") {
                left = .compare(.greater, pair(left, try additive()))
            } else {
                return left
            }
        }
    }

    mutating func additive() throws(VTLError) -> Expression {
        var left = try multiplicative()
        while true {
            if accept("+") {
                left = .arithmetic(.add, pair(left, try multiplicative()))
            } else if peekMinusOperator() {
                index += 1
                left = .arithmetic(.subtract, pair(left, try multiplicative()))
            } else {
                return left
            }
        }
    }

    mutating func peekMinusOperator() -> Bool {
        skipWhitespace()
        return peek() == UInt8(ascii: "-")
    }

    mutating func multiplicative() throws(VTLError) -> Expression {
        var left = try unary()
        while true {
            if accept("*") {
                left = .arithmetic(.multiply, pair(left, try unary()))
            } else if accept("/") {
                left = .arithmetic(.divide, pair(left, try unary()))
            } else if accept("%") {
                left = .arithmetic(.remainder, pair(left, try unary()))
            } else {
                return left
            }
        }
    }

    mutating func unary() throws(VTLError) -> Expression {
        skipWhitespace()
        if peek() == UInt8(ascii: "!"), peek(1) != UInt8(ascii: "=") {
            index += 1
            return .not(arena.keep(try unary()))
        }
        if accept("", word: "not") {
            return .not(arena.keep(try unary()))
        }
        return try primary()
    }

    mutating func primary() throws(VTLError) -> Expression {
        skipWhitespace()
        let start = index
        guard let b = peek() else { throw error("Encountered <EOF> ; was expecting an expression") }
        switch b {
        case UInt8(ascii: "$"):
            guard let reference = try reference() else { throw error("Encountered \"$\" ; was expecting a reference") }
            return .reference(arena.keep(reference))
        case UInt8(ascii: "\""): return try doubleQuoted()
        case UInt8(ascii: "'"): return .string(arena.string(try singleQuoted()))
        case UInt8(ascii: "("):
            index += 1
            let inner = try expression()
            try expect(")", "\")\"")
            return inner
        case UInt8(ascii: "["): return try listOrRange()
        case UInt8(ascii: "{"): return try mapLiteral()
        case UInt8(ascii: "-") where Self.isDigit(peek(1)), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        default:
            if accept("", word: "true") { return .bool(true) }
            if accept("", word: "false") { return .bool(false) }
            index = start
            throw error("Encountered \(describeNext()) ; was expecting an expression")
        }
    }

    mutating func number() throws(VTLError) -> Expression {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        while Self.isDigit(peek()) { index += 1 }
        var isDouble = false
        if peek() == UInt8(ascii: "."), Self.isDigit(peek(1)) {
            isDouble = true
            index += 1
            while Self.isDigit(peek()) { index += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var j = index + 1
            if let s = byte(at: j), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { j += 1 }
            if Self.isDigit(byte(at: j)) {
                isDouble = true
                index = j
                while Self.isDigit(peek()) { index += 1 }
            }
        }
        let text = String(decoding: source[start..<index], as: UTF8.self)
        if !isDouble {
            if let v = Int32(text) { return .int(v) }
            if let v = Int64(text) { return .long(v) }
            if let v = Int128(text) { return .bigInteger(v) }
        }
        return .double(Double(text) ?? .nan)
    }

    /// The bytes of a literal quoted with `quote` at `index`, a doubled quote standing for one.
    mutating func quotedBytes(_ quote: UInt8) throws(VTLError) -> [UInt8] {
        let start = index
        index += 1
        var bytes: [UInt8] = []
        while true {
            guard let b = peek() else { throw error("unterminated string literal", at: start) }
            index += 1
            if b == quote {
                guard peek() == quote else { return bytes }
                index += 1
            }
            bytes.append(b)
        }
    }

    /// `'…'`: literal text, `''` is one quote.
    mutating func singleQuoted() throws(VTLError) -> String {
        String(decoding: try quotedBytes(UInt8(ascii: "'")), as: UTF8.self)
    }

    /// `"…"`: `""` is one quote; text with `$` or `#` is a template rendered each time it is evaluated.
    mutating func doubleQuoted() throws(VTLError) -> Expression {
        let start = index
        let bytes = try quotedBytes(UInt8(ascii: "\""))
        guard bytes.contains(UInt8(ascii: "$")) || bytes.contains(UInt8(ascii: "#")) || bytes.contains(UInt8(ascii: "\\")) else {
            return .string(arena.string(String(decoding: bytes, as: UTF8.self)))
        }
        var inner = Parser(source: bytes, sharing: self)
        let nodes: [Node]
        do {
            nodes = try inner.parseTemplate()
        } catch {
            // Report the position in the enclosing template.
            throw self.error(error.message, at: start + 1)
        }
        variables = inner.variables
        variableNames = inner.variableNames
        for (name, macro) in inner.macros { macros[name] = macro }
        return .interpolated(arena.freeze(nodes))
    }

    mutating func listOrRange() throws(VTLError) -> Expression {
        index += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .list(.empty)
        }
        let first = try expression()
        skipWhitespace()
        if peek() == UInt8(ascii: "."), peek(1) == UInt8(ascii: ".") {
            index += 2
            let last = try expression()
            try expect("]", "\"]\"")
            return .range(pair(first, last))
        }
        var items = [first]
        while accept(",") { items.append(try expression()) }
        try expect("]", "\"]\"")
        return .list(arena.freeze(items))
    }

    mutating func mapLiteral() throws(VTLError) -> Expression {
        index += 1
        var pairs: [(Expression, Expression)] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .map(.empty)
        }
        repeat {
            let key = try expression()
            try expect(":", "\":\"")
            pairs.append((key, try expression()))
        } while accept(",")
        try expect("}", "\"}\"")
        return .map(arena.freeze(pairs))
    }
}

extension Parser {
    /// Two operands, frozen in the arena.
    func pair(_ a: Expression, _ b: Expression) -> Frozen<Expression> { arena.freeze([a, b]) }

    /// A parser for an interpolated string's content, sharing the variable table.
    init(source: [UInt8], sharing outer: Parser) {
        self.init(source: source)
        arena = outer.arena
        variables = outer.variables
        variableNames = outer.variableNames
        nesting = outer.nesting
    }
}
