import Testing
import TollgateJSON

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
