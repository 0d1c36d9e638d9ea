/// Java's `Double.toString`, which Jackson uses to print a `double` (and Velocity to render one).
///
/// Source followed: the `Double.toString(double)` Javadoc (Java 17): magnitudes in
/// [10^-3, 10^7) print as plain decimals with at least one fractional digit (`100.0`,
/// `0.001`); others print as `d.dddE±n` (`1.0E7`, `1.0E-4`). Digits are the shortest that
/// round-trip (Swift's algorithm; Java 19+ guarantees the same, Java 17 can print one more
/// digit in rare cases).
package enum JavaDouble {
    package static func toString(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let d = JSONNumber.Decimal(lexeme: value.description.utf8)
        var out = d.negative ? "-" : ""
        let digits = d.digits.map { Character(Unicode.Scalar($0 + 48)) }
        // Power of ten of the first digit.
        let pointPosition = digits.count + d.exponent
        let magnitude = value.magnitude
        if magnitude >= 1e-3 && magnitude < 1e7 {
            if pointPosition <= 0 {
                out += "0." + String(repeating: "0", count: -pointPosition) + String(digits)
            } else if pointPosition >= digits.count {
                out += String(digits) + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            } else {
                out += String(digits[..<pointPosition]) + "." + String(digits[pointPosition...])
            }
        } else {
            out.append(digits[0])
            out += "."
            out += digits.count > 1 ? String(digits[1...]) : "0"
            out += "E" + String(pointPosition - 1)
        }
        return out
    }
}
