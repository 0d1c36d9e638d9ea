/// The JSONPath grammar: a cursor over the UTF-8 bytes of the path.
struct JSONPathParser {
    let bytes: [UInt8]
    var i = 0
    var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func peek(_ k: Int = 0) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

    func fail(_ message: String) -> JSONPathError { JSONPathError(message: message, offset: i) }

    mutating func skipSpaces() { while peek() == 0x20 { i += 1 } }

    mutating func parsePath() throws(JSONPathError) -> [JSONPath.Segment] {
        skipSpaces()
        if peek() == UInt8(ascii: "$") {
            i += 1
        } else if peek() == nil {
            throw fail("empty path")
        } else if peek() != UInt8(ascii: ".") && peek() != UInt8(ascii: "[") {
            // Jayway reads `a.b` as `$.a.b`.
            let name = try dotName()
            var segments: [JSONPath.Segment] = [.name(name)]
            segments += try parseSegments(stopAt: nil)
            return segments
        }
        let segments = try parseSegments(stopAt: nil)
        skipSpaces()
        guard i == bytes.count else { throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[i])))'") }
        return segments
    }

    /// Segments until the end or a byte in `stopAt` (filters stop at operators and `)`).
    mutating func parseSegments(stopAt: Set<UInt8>?) throws(JSONPathError) -> [JSONPath.Segment] {
        var segments: [JSONPath.Segment] = []
        while let b = peek() {
            if let stopAt, stopAt.contains(b) { break }
            if b == UInt8(ascii: ".") {
                if peek(1) == UInt8(ascii: ".") {
                    i += 2
                    if peek() == UInt8(ascii: "*") {
                        i += 1
                        segments.append(.descendant(.wildcard))
                    } else if peek() == UInt8(ascii: "[") {
                        segments.append(.descendant(try bracket()))
                    } else {
                        segments.append(.descendant(.name(try dotName())))
                    }
                } else {
                    i += 1
                    if peek() == UInt8(ascii: "*") {
                        i += 1
                        segments.append(.wildcard)
                    } else {
                        segments.append(.name(try dotName()))
                    }
                }
            } else if b == UInt8(ascii: "[") {
                segments.append(try bracket())
            } else if stopAt == nil {
                throw fail("unexpected character '\(Character(Unicode.Scalar(b)))'")
            } else {
                break
            }
        }
        return segments
    }

    mutating func dotName() throws(JSONPathError) -> String {
        let start = i
        while let b = peek(), b != UInt8(ascii: "."), b != UInt8(ascii: "["), b != 0x20, b != UInt8(ascii: ")"), b != UInt8(ascii: "="),
            b != UInt8(ascii: "!"), b != UInt8(ascii: "<"), b != UInt8(ascii: ">"), b != UInt8(ascii: "&"), b != UInt8(ascii: "|")
        {
            i += 1
        }
        guard i > start else { throw fail("expected a property name") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func quoted() throws(JSONPathError) -> String {
        let quote = bytes[i]
        i += 1
        var out: [UInt8] = []
        while let b = peek(), b != quote {
            if b == UInt8(ascii: "\\"), let next = peek(1) {
                out.append(next)
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        guard peek() == quote else { throw fail("unterminated string") }
        i += 1
        return String(decoding: out, as: UTF8.self)
    }

    mutating func integer() throws(JSONPathError) -> Int? {
        skipSpaces()
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        while let b = peek(), b >= 0x30 && b <= 0x39 { i += 1 }
        if i == start { return nil }
        guard let v = Int(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw fail("bad index") }
        return v
    }

    mutating func bracket() throws(JSONPathError) -> JSONPath.Segment {
        i += 1
        skipSpaces()
        defer { i += 1 }
        guard let b = peek() else { throw fail("unterminated [") }
        if b == UInt8(ascii: "*") {
            i += 1
            skipSpaces()
            try expect("]")
            i -= 1
            return .wildcard
        }
        if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
            var names = [try quoted()]
            skipSpaces()
            while peek() == UInt8(ascii: ",") {
                i += 1
                skipSpaces()
                guard let q = peek(), q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") else { throw fail("expected a quoted name") }
                names.append(try quoted())
                skipSpaces()
            }
            try expect("]")
            i -= 1
            return names.count == 1 ? .name(names[0]) : .names(names)
        }
        if b == UInt8(ascii: "?") {
            i += 1
            skipSpaces()
            try expect("(")
            let filter = try filterOr()
            skipSpaces()
            try expect(")")
            skipSpaces()
            try expect("]")
            i -= 1
            return .filter(filter)
        }
        let first = try integer()
        skipSpaces()
        if peek() == UInt8(ascii: ":") {
            i += 1
            let end = try integer()
            skipSpaces()
            var step = 1
            if peek() == UInt8(ascii: ":") {
                i += 1
                step = try integer() ?? 1
            }
            skipSpaces()
            try expect("]")
            i -= 1
            return .slice(first, end, step)
        }
        guard let first else { throw fail("expected an index, a name, * or a filter") }
        var indexes = [first]
        while peek() == UInt8(ascii: ",") {
            i += 1
            guard let next = try integer() else { throw fail("expected an index") }
            indexes.append(next)
            skipSpaces()
        }
        try expect("]")
        i -= 1
        return indexes.count == 1 ? .index(first) : .indexes(indexes)
    }

    mutating func expect(_ c: Unicode.Scalar) throws(JSONPathError) {
        guard peek() == UInt8(ascii: c) else { throw fail("expected '\(c)'") }
        i += 1
    }

    // MARK: Filters

    mutating func filterOr() throws(JSONPathError) -> JSONPath.Filter {
        depth += 1
        defer { depth -= 1 }
        if depth > 64 { throw fail("filter nests too deep") }
        var left = try filterAnd()
        while true {
            skipSpaces()
            guard peek() == UInt8(ascii: "|"), peek(1) == UInt8(ascii: "|") else { return left }
            i += 2
            left = .or(left, try filterAnd())
        }
    }

    mutating func filterAnd() throws(JSONPathError) -> JSONPath.Filter {
        var left = try filterUnary()
        while true {
            skipSpaces()
            guard peek() == UInt8(ascii: "&"), peek(1) == UInt8(ascii: "&") else { return left }
            i += 2
            left = .and(left, try filterUnary())
        }
    }

    mutating func filterUnary() throws(JSONPathError) -> JSONPath.Filter {
        skipSpaces()
        if peek() == UInt8(ascii: "!"), peek(1) != UInt8(ascii: "=") {
            i += 1
            return .not(try filterUnary())
        }
        if peek() == UInt8(ascii: "(") {
            i += 1
            let inner = try filterOr()
            skipSpaces()
            try expect(")")
            return inner
        }
        let left = try operand()
        skipSpaces()
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            let opBytes = Array(op.utf8)
            if i + opBytes.count <= bytes.count, bytes[i..<i + opBytes.count].elementsEqual(opBytes) {
                i += opBytes.count
                return .compare(left, op, try operand())
            }
        }
        return .exists(left)
    }

    mutating func operand() throws(JSONPathError) -> JSONPath.Operand {
        skipSpaces()
        guard let b = peek() else { throw fail("expected a filter operand") }
        let stops: Set<UInt8> = Set(" )=!<>&|".utf8)
        switch b {
        case UInt8(ascii: "@"):
            i += 1
            return .current(try parseSegments(stopAt: stops))
        case UInt8(ascii: "$"):
            i += 1
            return .root(try parseSegments(stopAt: stops))
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .literal(.string(try quoted()))
        default:
            let start = i
            while let c = peek(), !stops.contains(c) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default:
                guard let n = JSONNumber(word) else {
                    i = start
                    throw fail("expected a filter operand")
                }
                return .literal(.number(n))
            }
        }
    }
}
