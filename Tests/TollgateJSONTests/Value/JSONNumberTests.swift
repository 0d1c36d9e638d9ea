import Foundation
import Testing
import TollgateJSON
import _TollgateTestSupport

struct JSONNumberTests {
    func number(_ text: String) throws -> JSONNumber {
        try #require(JSONNumber(text))
    }

    @Test func lexemesRoundTrip() throws {
        for text in ["0", "-0", "1e400", "0.1", "0.10", "1E-7", "123456789012345678901234567890", "-1.5e+300", "9223372036854775808"] {
            #expect(try number(text).lexeme == text)
            #expect(try JSONValue(parsing: "[\(text)]").serialized() == "[\(text)]")
        }
    }

    /// Lexemes up to 32 characters are stored packed, longer ones as strings: both behave alike.
    @Test func packedAndLongLexemesAgree() throws {
        let digits = "1234567890123456789012345678901234567890"
        for length in [19, 30, 31, 32, 33, 40] {
            let integer = String(digits.prefix(length))
            let fraction = "-0." + String(digits.prefix(length - 3)) + "E+5"
            for text in [integer, fraction, integer + "e-2"] {
                let n = try number(text)
                #expect(n.lexeme == text)
                #expect(JSONValue.number(n).serialized() == text)
                #expect(n.isIntegerLexeme == !(text.contains(".") || text.contains("e") || text.contains("E")))
            }
            // The same value written with a different length compares and hashes equal.
            let a = try number(integer)
            let b = try number(integer + ".0")
            #expect(a == b)
            #expect(a.hashValue == b.hashValue)
            #expect(try number(integer + "e0") < number(integer + ".5"))
        }
        #expect(try number("-0.0e-0").doubleValue.sign == .minus)
        #expect(try number("1.5E+3").int64Value == 1500)
        #expect(try number("1.25").doubleValue == 1.25)
    }

    @Test func numericEquality() throws {
        #expect(try number("1") == number("1.0"))
        #expect(try number("1") == number("1e0"))
        #expect(try number("100") == number("1e2"))
        #expect(try number("0.5") == number("5e-1"))
        #expect(try number("-0") == number("0"))
        #expect(try number("0.0") == number("0"))
        #expect(try number("1") != number("1.0000000000000000000001"))
        #expect(try number("123456789012345678901234567890") == number("1.2345678901234567890123456789e29"))
        #expect(try number("123456789012345678901234567890") != number("123456789012345678901234567891"))
        #expect(JSONNumber(0.1) == (try number("0.1")))
        #expect(JSONNumber(Int64(5)) == (try number("5.0")))
        #expect(JSONValue(integerLiteral: 1) == JSONValue(floatLiteral: 1.0))
    }

    @Test func hashingAgreesWithEquality() throws {
        let groups = [["1", "1.0", "1e0", "10e-1"], ["9e18", "9000000000000000000", "9.0e18"], ["1e400", "10e399"], ["0.25", "2.5e-1"]]
        for group in groups {
            let hashes = Set(try group.map { try number($0).hashValue })
            #expect(hashes.count == 1, "\(group)")
        }
        #expect(JSONNumber(1.0).hashValue == JSONNumber(Int64(1)).hashValue)
        let set: Set<JSONValue> = [1, 1.0, 2]
        #expect(set.count == 2)
    }

    @Test func ordering() throws {
        let ascending = [
            "-1e400", "-5", "-0.5", "0", "1e-400", "0.1", "0.10000000000000000001", "1", "1.5", "2", "1e19", "123456789012345678901234567890",
            "1e400",
        ]
        let numbers = try ascending.map(number)
        for (a, b) in zip(numbers, numbers.dropFirst()) {
            #expect(a < b, "\(a) < \(b)")
            #expect(!(b < a), "\(b) < \(a)")
        }
        #expect(try !(number("1.0") < number("1")))
    }

    /// Numbers of up to 19 significant digits compare without building their decimals; the
    /// answers must be the exact ones. Generated pairs, each number written in one of several
    /// forms (`1.50`, `150e-2`, `0.0150E2`, `-0.0`), checked against Foundation's `Decimal`,
    /// and beside numbers of 20 and more digits (the general path).
    @Test func shortDecimalsOrderExactly() throws {
        var random = SplitMix64(seed: 0x5EED_0A7E)
        func written(_ significand: UInt64, _ exponent: Int, negative: Bool) -> String {
            let sign = negative ? "-" : ""
            if significand == 0 { return "\(sign)0" + (random.next() % 2 == 0 ? ".0" : "e\(exponent)") }
            switch random.next() % 4 {
            case 0: return "\(sign)\(significand)e\(exponent)"
            case 1:
                // A point placed in the digits, then the exponent that keeps the value.
                let digits = String(significand)
                let cut = Int(random.next() % UInt64(digits.count + 1))
                let whole = cut == 0 ? "0" : String(digits.prefix(cut))
                let fraction = String(digits.dropFirst(cut))
                let shift = exponent + fraction.count
                return "\(sign)\(whole)\(fraction.isEmpty ? "" : "." + fraction)E\(shift >= 0 ? "+" : "")\(shift)"
            case 2: return "\(sign)\(significand)00e\(exponent - 2)"
            default:
                return exponent >= 0 && exponent < 4
                    ? "\(sign)\(significand)\(String(repeating: "0", count: exponent))" : "\(sign)\(significand)e\(exponent)"
            }
        }
        func drawn(_ significand: UInt64, _ exponent: Int, negative: Bool) -> (text: String, value: Decimal) {
            let magnitude = Decimal(sign: .plus, exponent: exponent, significand: Decimal(significand))
            return (written(significand, exponent, negative: negative), negative ? -magnitude : magnitude)
        }
        var pairs = 0
        for _ in 0..<10_000 {
            let digits = Int(random.next() % 18) + 1
            var significand: UInt64 = 0
            for _ in 0..<digits { significand = significand * 10 + random.next() % 10 }
            let exponent = Int(random.next() % 41) - 20
            let negative = random.next() % 2 == 0
            let x = drawn(significand, exponent, negative: negative)
            // Against another random number, the same value written another way, its neighbour
            // in the last digit, and the same digits a power of ten away.
            let others = [
                drawn(random.next() % 1_000_000_000_000, Int(random.next() % 41) - 20, negative: random.next() % 2 == 0),
                drawn(significand, exponent, negative: negative),
                drawn(significand + 1, exponent, negative: negative),
                drawn(significand, exponent + 1, negative: !negative || random.next() % 2 == 0),
            ]
            for y in others {
                let (m, n) = (try self.number(x.text), try self.number(y.text))
                #expect((m < n) == (x.value < y.value), "\(x.text) < \(y.text)")
                #expect((m == n) == (x.value == y.value), "\(x.text) == \(y.text)")
                pairs += 1
            }
        }
        #expect(pairs == 40_000)
        // Past 19 digits, and against integers stored as such.
        #expect(try number("12345678901234567890.5") > number("1234567890123456789"))
        #expect(try number("0.00000000000000000000000001") < number("2e-26"))
        #expect(try number("1e-26") == number("0.00000000000000000000000001"))
        #expect(try number("-0.0") == JSONNumber(Int64(0)))
        #expect(try number("9.5") > JSONNumber(Int64(0)) && number("-9.5") < JSONNumber(Int64(0)))
        #expect(try number("1e300") > JSONNumber(Int64.max))
    }

    @Test func fastPathsAndConversions() throws {
        #expect(try number("42").int64Value == 42)
        #expect(try number("4.2e1").int64Value == 42)
        #expect(try number("4.25e1").int64Value == nil)
        #expect(try number("9223372036854775807").int64Value == Int64.max)
        #expect(try number("-9223372036854775808").int64Value == Int64.min)
        #expect(try number("9223372036854775808").int64Value == nil)
        #expect(try number("0.1").doubleValue == 0.1)
        #expect(try number("1e400").doubleValue == .infinity)
        #expect(try number("-1e400").doubleValue == -.infinity)
        #expect(try number("1.0").isIntegral)
        #expect(try !number("1.0").isIntegerLexeme)
        #expect(try number("100000000000000000000000").isIntegerLexeme)
        #expect(try !number("1.5").isIntegral)
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber("01") == nil)
        #expect(JSONNumber("1 ") != nil)  // whitespace around a JSON text is allowed
        #expect(JSONNumber("\"1\"") == nil)
    }

    /// Numbers made from a `Double` print as Java's `Double.toString` (Jackson's output).
    @Test(arguments: [
        (1.0, "1.0"), (100.0, "100.0"), (0.001, "0.001"), (0.0001, "1.0E-4"), (1e7, "1.0E7"),
        (9999999.0, "9999999.0"), (123456789.0, "1.23456789E8"), (-0.0, "-0.0"), (0.0, "0.0"),
        (0.1, "0.1"), (-2.5, "-2.5"), (1e-10, "1.0E-10"), (1.5e300, "1.5E300"), (12.375, "12.375"),
    ])
    func javaDoubleFormatting(value: Double, expected: String) {
        #expect(JSONNumber(value)!.lexeme == expected)
        #expect(JSONValue.number(JSONNumber(value)!).serialized() == expected)
    }
}
