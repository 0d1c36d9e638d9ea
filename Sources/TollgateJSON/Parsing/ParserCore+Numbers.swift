extension ParserCore {
    @inline(__always)
    func isDigit(_ i: Int) -> Bool {
        i < count && p[i] &- UInt8(ascii: "0") < 10
    }

    /// Parses an RFC 8259 number at `pos`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = pos
        if let n = try scanNumber() { return JSONNumber(storage: .int(n)) }
        // `-0`, big integers, fractions and exponents keep their lexeme.
        let lexeme = UnsafeBufferPointer(start: p + start, count: pos - start)
        if lexeme.count <= JSONNumber.packedCapacity { return JSONNumber(storage: JSONNumber.pack(lexeme)) }
        return JSONNumber(storage: .lexeme(String(decoding: lexeme, as: UTF8.self)))
    }

    /// Moves past the number at `pos`: its value when it is an integer that fits `Int64` (not `-0`),
    /// else nil (its lexeme is the bytes read).
    @inline(__always)
    mutating func scanNumber() throws(JSONParseError) -> Int64? {
        let start = pos
        var i = pos
        let negative = p[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < count else { throw error(.unexpectedEnd(expected: "expected a digit after '-'"), at: i) }
        var magnitude: UInt64 = 0
        var digitCount = 0
        let first = p[i]
        if first == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw error(.leadingZero, at: i - 1) }
        } else if first &- UInt8(ascii: "1") < 9 {
            // Up to 19 digits fit in UInt64 without overflow.
            while isDigit(i) {
                if digitCount < 19 { magnitude = magnitude &* 10 &+ UInt64(p[i] &- UInt8(ascii: "0")) }
                digitCount += 1
                i += 1
            }
        } else if negative && hasPrefix("Infinity", at: i) {
            throw error(.nonStandardLiteral("-Infinity"), at: start)
        } else {
            throw unexpected(at: i, expected: "expected a digit after '-'")
        }
        var isInteger = true
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else {
                if i >= count { throw error(.unexpectedEnd(expected: "expected a digit after the decimal point"), at: i) }
                throw error(.invalidNumber("expected a digit after the decimal point"), at: i)
            }
            while isDigit(i) { i += 1 }
            isInteger = false
        }
        if i < count && p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < count && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else {
                if i >= count { throw error(.unexpectedEnd(expected: "expected a digit in the exponent"), at: i) }
                throw error(.invalidNumber("expected a digit in the exponent"), at: i)
            }
            while isDigit(i) { i += 1 }
            isInteger = false
        }
        pos = i
        if isInteger && digitCount <= 19 {
            if negative {
                if magnitude != 0 && magnitude <= UInt64(Int64.max) + 1 { return Int64(truncatingIfNeeded: 0 &- magnitude) }
            } else if magnitude <= UInt64(Int64.max) {
                return Int64(magnitude)
            }
        }
        return nil
    }
}
