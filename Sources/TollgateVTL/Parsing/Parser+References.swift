import TollgateJSON
import TollgateJavaRegex

/// References (`$name`, `${name}`, `$!name`, properties, methods, indexes) and the calls prepared at parse time.
extension Parser {
    // MARK: References

    /// `$a`, `$!a`, `${a}`, `$!{a}` with `.b`, `.c(args)` and `[index]` accessors; nil (index unchanged)
    /// when `$` does not start a reference.
    mutating func reference() throws(VTLError) -> Reference? {
        let start = index
        index += 1
        var silent = false
        if peek() == UInt8(ascii: "!") {
            silent = true
            index += 1
        }
        let braced = peek() == UInt8(ascii: "{")
        if braced { index += 1 }
        guard let name = identifier() else {
            index = start
            return nil
        }
        var accessors: [Accessor] = []
        while true {
            if peek() == UInt8(ascii: "."), Self.isIdentifierStart(peek(1)) {
                index += 1
                let member = identifier()!
                if peek() == UInt8(ascii: "(") {
                    index += 1
                    var arguments: [Expression] = []
                    skipWhitespace()
                    if peek() != UInt8(ascii: ")") {
                        while true {
                            arguments.append(try expression())
                            skipWhitespace()
                            if peek() == UInt8(ascii: ",") {
                                index += 1
                                continue
                            }
                            break
                        }
                    }
                    try expect(")", "\")\"")
                    accessors.append(
                        .method(arena.keep(MethodAccess(name: member, arguments: arena.freeze(arguments), prepared: Self.prepare(member, arguments))))
                    )
                } else {
                    accessors.append(.property(arena.keep(PropertyAccess(member, key: arena.string(member)))))
                }
            } else if peek() == UInt8(ascii: "[") {
                let save = index
                index += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "]") {
                    index = save
                    break
                }
                let key = try expression()
                try expect("]", "\"]\"")
                accessors.append(.index(arena.keep(key)))
            } else {
                break
            }
        }
        if braced {
            guard peek() == UInt8(ascii: "}") else {
                index = start
                return nil
            }
            index += 1
        }
        var direct: UnsafePointer<DirectForm>?
        if accessors.count == 1, case .method(let access) = accessors[0], case let method = access.pointee, method.arguments.count == 1 {
            if name == "util" && method.name == "escapeJavaScript" { direct = arena.keep(DirectForm(.escapeJavaScript, method.arguments[0])) }
            if name == "input" && method.name == "json" {
                direct = arena.keep(DirectForm(.inputJSON, method.arguments[0], path: method.prepared?.path))
            }
        }
        return Reference(
            variable: variable(name),
            accessors: arena.freeze(accessors),
            silent: silent,
            literal: Array(source[start..<index]),
            direct: direct,
            position: position(start)
        )
    }

    /// A regex or JSONPath given as a string literal compiles once, here (a bad one fails when called, as in Velocity).
    static func prepare(_ method: String, _ arguments: [Expression]) -> Prepared? {
        guard case .string(let text)? = arguments.first else { return nil }
        let literal = text.string
        switch method {
        case "matches", "replaceAll", "replaceFirst", "split":
            return (try? JavaPattern(literal)).map(Prepared.regex)
        case "json", "path":
            return (try? JSONPath(literal)).map(Prepared.path)
        default: return nil
        }
    }
}
