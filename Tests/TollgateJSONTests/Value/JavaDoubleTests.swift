import Testing
import _TollgateTestSupport

@testable import TollgateJSON

/// Java's `Double.toString` without allocating: a JSON decimal's digits read from its text (at most 15
/// significant digits) against the same number made a double first, the double printer against the
/// string-building version it replaced, and a number's double (Clinger's fast path) against `strtod`,
/// on generated input.
@Suite struct JavaDoubleTests {
    static func fromLexeme(_ lexeme: String) -> String {
        var text = lexeme
        return text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JavaDouble.maxLength) { out in
                let count = JSONNumber.writeJavaDouble(lexeme: bytes, into: out.baseAddress!)
                return String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
            }
        }
    }

    /// What Java prints for `Double.toString(Double.parseDouble(lexeme))` (Java 17, checked by hand).
    @Test(arguments: [
        ("0.1", "0.1"), ("249.99", "249.99"), ("1e-7", "1.0E-7"), ("-0.0", "-0.0"), ("1E+2", "100.0"), ("10.50", "10.5"),
        ("0.001", "0.001"), ("0.000999", "9.99E-4"), ("9999999.5", "9999999.5"), ("10000000.0", "1.0E7"), ("0e10", "0.0"),
        ("-0e-5", "-0.0"), ("100e-2", "1.0"), ("123.456e2", "12345.6"), ("1.5E10", "1.5E10"), ("-2.5", "-2.5"),
        ("0.30000000000000004", "0.30000000000000004"), ("1.7976931348623157e308", "1.7976931348623157E308"),
        ("1e400", "Infinity"), ("-1e400", "-Infinity"), ("1e-400", "0.0"), ("123456789012345.6", "1.234567890123456E14"),
        ("1.00000000000000000000", "1.0"), ("0.0000000000000000000012", "1.2E-21"), ("12345678.9", "1.23456789E7"),
        ("1.0", "1.0"), ("-40.0", "-40.0"), ("0.0", "0.0"), ("0.00", "0.0"), ("1234567.0", "1234567.0"), ("-0.001", "-0.001"),
    ])
    func decimalsPrintAsJava(lexeme: String, expected: String) {
        #expect(Self.fromLexeme(lexeme) == expected)
        #expect(JSONNumber(lexeme).map { JavaDouble.toString($0.doubleValue) } == expected)
    }

    /// Random lexemes: 1 to 20 digits, a point anywhere or none, leading and trailing zeros, exponents
    /// across the double's range and past it, either sign.
    @Test func lexemesPrintAsTheirDouble() {
        var g = SplitMix64(seed: 7)
        for _ in 0..<50_000 {
            var digits = ""
            for _ in 0..<(1 + g.below(20)) { digits.append(Character(Unicode.Scalar(UInt8(0x30 + g.below(10))))) }
            if g.below(4) == 0 { digits = String(repeating: "0", count: g.below(4)) + digits }
            if g.below(4) == 0 { digits += String(repeating: "0", count: g.below(6)) }
            var integer = String(digits.drop { $0 == "0" })
            if integer.isEmpty { integer = "0" }
            var lexeme = g.below(3) == 0 ? "-" : ""
            let split = g.below(integer.count + 1)
            if split == 0 || split == integer.count || g.below(3) == 0 {
                lexeme += integer
            } else {
                lexeme += integer.prefix(split) + "." + integer.dropFirst(split)
            }
            if g.below(2) == 0 { lexeme += ["e", "E"][g.below(2)] + ["", "+", "-"][g.below(3)] + String(g.below(g.below(4) == 0 ? 400 : 30)) }
            guard let double = Double(lexeme) else { continue }
            // The number's double, by the fast path or strtod, is strtod's.
            var text = lexeme
            let parsed = text.withUTF8 { JSONNumber.double(lexeme: $0) }
            #expect(parsed.bitPattern == double.bitPattern, "\(lexeme)")
            let expected = JavaDouble.toString(double)
            let got = Self.fromLexeme(lexeme)
            #expect(got == expected, "\(lexeme)")
            if got != expected { return }
        }
    }

    /// Plain decimals, the shapes copied as written when Java prints them so (`249.99`, `0.001`,
    /// `-1234567.5`) and their neighbours that are not (`0.0001`, `12345678.5`, `1.50`, `0.0`, 16 digits).
    @Test func plainDecimalsPrintAsTheirDouble() {
        var g = SplitMix64(seed: 11)
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(0x30 + g.below(10)))) })
        }
        for _ in 0..<50_000 {
            var integer = g.below(3) == 0 ? "0" : String(1 + g.below(9)) + digits(g.below(9))
            if g.below(20) == 0 { integer = "0" + integer }  // not JSON, but a lexeme the printer may see
            let fraction = String(repeating: "0", count: g.below(5)) + digits(1 + g.below(10)) + (g.below(5) == 0 ? "0" : "")
            let lexeme = (g.below(3) == 0 ? "-" : "") + integer + "." + fraction
            guard let double = Double(lexeme) else { continue }
            let expected = JavaDouble.toString(double)
            let got = Self.fromLexeme(lexeme)
            #expect(got == expected, "\(lexeme)")
            if got != expected { return }
        }
    }

    /// The printer against the string-building version it replaced, on doubles of every exponent.
    @Test func doublesPrintAsBefore() {
        var g = SplitMix64(seed: 11)
        var values: [Double] = [0, -0.0, 1, 0.001, 0.000999, 9_999_999, 1e7, 5e-324, .greatestFiniteMagnitude, .leastNormalMagnitude]
        for _ in 0..<50_000 {
            let v = Double(bitPattern: g.next())
            if v.isFinite { values.append(v) }
            // Short decimals, as data have them.
            values.append(Double(g.below(1_000_000)) / [1, 10, 100, 1000, 1e6][g.below(5)])
        }
        for v in values {
            #expect(JavaDouble.toString(v) == Self.reference(v), "\(v)")
            if JavaDouble.toString(v) != Self.reference(v) { return }
        }
    }

    /// The implementation before (strings built from Swift's description).
    static func reference(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let d = JSONNumber.Decimal(lexeme: value.description.utf8)
        var out = d.negative ? "-" : ""
        let digits = d.digits.map { Character(Unicode.Scalar($0 + 48)) }
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
