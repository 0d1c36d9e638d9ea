import TollgateJSON

/// fge json-schema-validator's message texts (validation.properties, draft-04), and JSON as
/// its Jackson prints it. Source followed: docs/behaviour.md §J.
enum FGEText {
    /// A JSON value as Jackson prints it in messages: compact, numbers as Jackson's `BigDecimal`
    /// (fge reads floats as `BigDecimal`) or integer nodes print them.
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .number(let n): number(n)
        case .array(let elements): "[" + elements.map(json).joined(separator: ",") + "]"
        case .object(let object):
            "{" + object.map { JSONValue.string($0.key).serialized() + ":" + json($0.value) }.joined(separator: ",") + "}"
        default: value.serialized()
        }
    }

    /// Java's `BigDecimal.toString` for decimals (`1E+2`, `0.10`, `1.5E-7`), plain digits for integers.
    static func number(_ n: JSONNumber) -> String {
        let lexeme = n.lexeme
        if n.isIntegerLexeme {
            return lexeme == "-0" ? "0" : lexeme
        }
        // Unscaled digits and scale, as BigDecimal(String) keeps them.
        var negative = false
        var digits: [UInt8] = []
        var scale = 0
        var exponent = 0
        var inFraction = false
        var chars = lexeme.utf8.makeIterator()
        while let c = chars.next() {
            switch c {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var rest = ""
                while let e = chars.next() { rest.unicodeScalars.append(Unicode.Scalar(e)) }
                exponent = Int(rest) ?? 0
            default:
                digits.append(c)
                if inFraction { scale += 1 }
            }
        }
        scale -= exponent
        while digits.count > 1 && digits.first == UInt8(ascii: "0") { digits.removeFirst() }
        let coefficient = String(decoding: digits, as: UTF8.self)
        let isZero = digits.allSatisfy { $0 == UInt8(ascii: "0") }
        let sign = negative && !isZero ? "-" : ""
        let adjusted = -scale + (digits.count - 1)
        if scale == 0 { return sign + coefficient }
        if scale > 0 && adjusted >= -6 {
            if digits.count > scale {
                let point = coefficient.index(coefficient.startIndex, offsetBy: digits.count - scale)
                return sign + coefficient[..<point] + "." + coefficient[point...]
            }
            return sign + "0." + String(repeating: "0", count: scale - digits.count) + coefficient
        }
        var s = sign + String(coefficient.prefix(1))
        if digits.count > 1 { s += "." + coefficient.dropFirst() }
        s += "E" + (adjusted > 0 ? "+" : "") + String(adjusted)
        return s
    }

    static func stringArray(_ strings: [String]) -> String {
        json(.array(strings.map(JSONValue.string)))
    }

    /// fge's `type` message: allowed types in `NodeType` order.
    static func typeNoMatch(found: String, allowed: TypeSet) -> String {
        let names = TypeSet.ordered.filter { allowed.contains($0.1) }.map(\.0)
        return "instance type (\(found)) does not match any allowed primitive type (allowed: \(stringArray(names)))"
    }
}
