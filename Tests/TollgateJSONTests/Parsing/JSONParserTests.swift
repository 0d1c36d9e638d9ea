import Foundation
import Testing
import TollgateJSON

/// One case per RFC 8259 grammar rule: what must parse, and what must fail where.
struct JSONParserTests {
    // MARK: Accept

    @Test(arguments: [
        // value = false / null / true / object / array / number / string (RFC 8259 §3)
        ("true", "true"), ("false", "false"), ("null", "null"),
        // ws = *( %x20 / %x09 / %x0A / %x0D ) around any structural token (§2)
        (" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n", "[1,2]"),
        ("{ \"a\" : 1 , \"b\" : [ ] }", "{\"a\":1,\"b\":[]}"),
        // object = begin-object [ member *( value-separator member ) ] end-object (§4)
        ("{}", "{}"), ("{\"\":0}", "{\"\":0}"), ("{\"a\":{\"b\":{}}}", "{\"a\":{\"b\":{}}}"),
        // array (§5)
        ("[]", "[]"), ("[[],[[]]]", "[[],[[]]]"), ("[1,\"a\",null,true,{}]", "[1,\"a\",null,true,{}]"),
        // number = [ minus ] int [ frac ] [ exp ] (§6)
        ("0", "0"), ("-0", "-0"), ("123", "123"), ("-123", "-123"), ("0.5", "0.5"), ("-0.0", "-0.0"),
        ("1e5", "1e5"), ("1E5", "1E5"), ("1e+5", "1e+5"), ("1e-5", "1e-5"), ("1.25e-0", "1.25e-0"),
        ("1e400", "1e400"), ("-1e-400", "-1e-400"), ("0.1", "0.1"), ("0.10", "0.10"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("9223372036854775807", "9223372036854775807"), ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775808", "9223372036854775808"), ("18446744073709551616", "18446744073709551616"),
        // string (§7): escapes and raw UTF-8
        (#""\"\\\/\b\f\n\r\t""#, #""\"\\/\b\f\n\r\t""#),
        (#""\u0041\u00e9\u20AC""#, "\"Aé€\""),
        (#""\uD83D\uDE00""#, "\"😀\""),
        ("\"é€😀\"", "\"é€😀\""),
        (#""\u0000\u001f\u007f""#, #""\u0000\u001F\#u{7F}""#),
        ("\"\u{7F}\"", "\"\u{7F}\""),
        // A leading byte-order mark is skipped (Jackson does too).
        ("\u{FEFF}[1]", "[1]"),
    ])
    func accepts(input: String, compact: String) throws {
        let value = try JSONValue(parsing: input)
        #expect(value.serialized() == compact)
    }

    @Test func duplicateKeysLastWinsAtFirstPosition() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(value.serialized() == #"{"a":3,"b":2}"#)
        let escaped = try JSONValue(parsing: #"{"a":1,"\u0061":2}"#)
        #expect(escaped.serialized() == #"{"a":2}"#)
        // A large object goes through the hash table path.
        let keys = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let large = try JSONValue(parsing: "{\(keys),\"k7\":\"last\"}")
        #expect(large.objectValue?.count == 40)
        #expect(large["k7"] == "last")
        #expect(large.objectValue?.index(forKey: "k7") == 7)
    }

    /// Keys repeated across many objects go through the parser's key cache; it must never
    /// return another key of the same length or miss a duplicate.
    @Test func repeatedKeysAcrossManyObjects() throws {
        var text = "["
        for i in 0..<300 {
            let k = String(format: "%03d", i)
            text += #"{"id":\#(i),"key\#(k)":1,"k\#(k)x":2,"é\#(i % 7)":3,"long-key-\#(i % 5)-0123456789abcdef":4,"key\#(k)":5},"#
        }
        text += "{}]"
        let value = try JSONValue(parsing: text)
        let objects = try #require(value.arrayValue)
        #expect(objects.count == 301)
        for (i, object) in objects.dropLast().enumerated() {
            let k = String(format: "%03d", i)
            #expect(object.objectValue?.keys == ["id", "key\(k)", "k\(k)x", "é\(i % 7)", "long-key-\(i % 5)-0123456789abcdef"])
            #expect(object["key\(k)"] == 5)
            #expect(object["id"] == .number(JSONNumber(i)))
        }
    }

    @Test func bytesAndStringsParseAlike() throws {
        let text = #"{"name":"Zoë","n":[1,2.5]}"#
        #expect(try JSONValue(parsing: Array(text.utf8)) == JSONValue(parsing: text))
        #expect(try JSONValue(parsing: text.utf8) == JSONValue(parsing: text))
    }

    @Test func loneSurrogatePolicy() throws {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: #""\uD800""#) }
        let replaced = try JSONValue(parsing: #"["\uD800x","\uDC00"]"#, options: .init(loneSurrogates: .replace))
        #expect(replaced == ["\u{FFFD}x", "\u{FFFD}"])
    }

    // MARK: Reject, with the position

    struct Rejection: Sendable, CustomTestStringConvertible {
        let input: [UInt8]
        let reason: JSONParseError.Reason
        let line: Int
        let column: Int
        let offset: Int
        init(_ input: String, _ reason: JSONParseError.Reason, _ line: Int, _ column: Int, offset: Int? = nil) {
            self.input = Array(input.utf8)
            self.reason = reason
            self.line = line
            self.column = column
            self.offset = offset ?? (column - 1)
        }
        init(bytes: [UInt8], _ reason: JSONParseError.Reason, offset: Int) {
            self.input = bytes
            self.reason = reason
            self.line = 1
            self.column = offset + 1
            self.offset = offset
        }
        var testDescription: String { String(decoding: input, as: UTF8.self) }
    }

    static let rejections: [Rejection] = [
        Rejection("", .emptyInput, 1, 1),
        Rejection("  \n ", .emptyInput, 2, 2, offset: 4),
        // Literals are lower-case and complete.
        Rejection("tru", .unexpectedEnd(expected: "expected 'true'"), 1, 4),
        Rejection("True", .unexpectedCharacter("'T'", expected: "expected a value"), 1, 1),
        Rejection("nul1", .unexpectedCharacter("'1'", expected: "expected 'null'"), 1, 4),
        Rejection("NaN", .nonStandardLiteral("NaN"), 1, 1),
        Rejection("Infinity", .nonStandardLiteral("Infinity"), 1, 1),
        Rejection("[-Infinity]", .nonStandardLiteral("-Infinity"), 1, 2),
        // Numbers.
        Rejection("01", .leadingZero, 1, 1),
        Rejection("[-012]", .leadingZero, 1, 3),
        Rejection("+1", .invalidNumber("a number cannot start with '+'"), 1, 1),
        Rejection(".5", .invalidNumber("a number cannot start with '.'"), 1, 1),
        Rejection("-", .unexpectedEnd(expected: "expected a digit after '-'"), 1, 2),
        Rejection("-a", .unexpectedCharacter("'a'", expected: "expected a digit after '-'"), 1, 2),
        Rejection("1.", .unexpectedEnd(expected: "expected a digit after the decimal point"), 1, 3),
        Rejection("[1.e5]", .invalidNumber("expected a digit after the decimal point"), 1, 4),
        Rejection("1e", .unexpectedEnd(expected: "expected a digit in the exponent"), 1, 3),
        Rejection("[1e+]", .invalidNumber("expected a digit in the exponent"), 1, 5),
        Rejection("0x10", .trailingContent, 1, 2),
        Rejection("1 2", .trailingContent, 1, 3),
        // Strings.
        Rejection("'a'", .singleQuote, 1, 1),
        Rejection("{'a':1}", .singleQuote, 1, 2),
        Rejection("\"abc", .unexpectedEnd(expected: "unterminated string"), 1, 5),
        Rejection("\"a\tb\"", .controlCharacter(0x09), 1, 3),
        Rejection("[\"line\nbreak\"]", .controlCharacter(0x0A), 1, 7),
        Rejection(#""\x41""#, .invalidEscape(#"'\x': JSON allows \" \\ \/ \b \f \n \r \t and \uXXXX"#), 1, 2),
        Rejection(#""\u12G4""#, .invalidEscape("'\\u': expected four hex digits"), 1, 2),
        Rejection(#""\u12"#, .unexpectedEnd(expected: "expected four hex digits after \\u"), 1, 6),
        Rejection(#""ab\uD800""#, .loneSurrogate("\\uD800"), 1, 4),
        Rejection(#""\uDC00\uD800""#, .loneSurrogate("\\uDC00"), 1, 2),
        Rejection(#""\uD800\u0041""#, .loneSurrogate("\\uD800"), 1, 2),
        // Arrays and objects.
        Rejection("[1,]", .trailingComma, 1, 4),
        Rejection("{\"a\":1,}", .trailingComma, 1, 8),
        Rejection("[1 2]", .unexpectedCharacter("'2'", expected: "expected ',' or ']' after an array element"), 1, 4),
        Rejection(
            "{\n  \"a\": 1,\n  \"b\": 2 \"c\"}",
            .unexpectedCharacter("'\"'", expected: "expected ',' or '}' after an object member"),
            3,
            10,
            offset: 21
        ),
        Rejection("{\"a\" 1}", .unexpectedCharacter("'1'", expected: "expected ':' after an object key"), 1, 6),
        Rejection("{1:2}", .unexpectedCharacter("'1'", expected: "expected a string key in double quotes"), 1, 2),
        Rejection("[,1]", .unexpectedCharacter("','", expected: "expected a value"), 1, 2),
        Rejection("[", .unexpectedEnd(expected: "expected a value"), 1, 2),
        Rejection("[1", .unexpectedEnd(expected: "expected ',' or ']' after an array element"), 1, 3),
        Rejection("{\"a\":1", .unexpectedEnd(expected: "expected ',' or '}' after an object member"), 1, 7),
        Rejection("{\"a\"", .unexpectedEnd(expected: "expected ':' after an object key"), 1, 5),
        Rejection("{", .unexpectedEnd(expected: "expected a string key in double quotes"), 1, 2),
        Rejection("[1]]", .trailingContent, 1, 4),
        Rejection("[1]x", .trailingContent, 1, 4),
        // Comments.
        Rejection("// c\n1", .comment, 1, 1),
        Rejection("[1,/* c */2]", .comment, 1, 4),
        Rejection("{/*c*/}", .comment, 1, 2),
        // Whitespace outside RFC 8259's four characters.
        Rejection("[1,\u{0C}2]", .unexpectedCharacter("U+000C", expected: "expected a value"), 1, 4),
        Rejection("\u{A0}1", .unexpectedCharacter("'\u{A0}' (U+00A0)", expected: "expected a value"), 1, 1),
        // A BOM in the middle is not whitespace.
        Rejection("[\u{FEFF}1]", .unexpectedCharacter("'\u{FEFF}' (U+FEFF)", expected: "expected a value"), 1, 2),
        // Positions are counted in scalars and lines.
        Rejection("{\"é\":\n  [1,,]}", .unexpectedCharacter("','", expected: "expected a value"), 2, 6, offset: 12),
    ]

    @Test(arguments: rejections)
    func rejects(_ c: Rejection) {
        #expect {
            _ = try JSONValue(parsing: c.input)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            #expect(error.reason == c.reason, "\(error)")
            #expect(error.line == c.line, "\(error)")
            #expect(error.column == c.column, "\(error)")
            #expect(error.offset == c.offset, "\(error)")
            return true
        }
    }

    static let invalidUTF8: [Rejection] = [
        Rejection(bytes: [0x22, 0xFF, 0x22], .invalidUTF8, offset: 1),
        Rejection(bytes: [0x22, 0x61, 0xC0, 0xAF, 0x22], .invalidUTF8, offset: 2),  // overlong '/'
        Rejection(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, offset: 1),  // encoded surrogate
        Rejection(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, offset: 1),  // above U+10FFFF
        Rejection(bytes: [0x22, 0xE2, 0x82, 0x22], .invalidUTF8, offset: 1),  // truncated sequence
        Rejection(bytes: Array("\"0123456789abcdef".utf8) + [0x80] + Array("\"".utf8), .invalidUTF8, offset: 17),
        Rejection(bytes: Array("\"\\n".utf8) + [0xC3] + Array("\"".utf8), .invalidUTF8, offset: 3),
        Rejection(bytes: [0x5B, 0xFF, 0x5D], .invalidUTF8, offset: 1),
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8(_ c: Rejection) {
        #expect {
            _ = try JSONValue(parsing: c.input)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            #expect(error.reason == c.reason, "\(error)")
            #expect(error.offset == c.offset, "\(error)")
            return true
        }
    }

    @Test func messageReadsLikeASentence() {
        #expect {
            _ = try JSONValue(parsing: "{\n  \"a\": 1,\n  \"b\": 2 \"c\"}")
        } throws: { error in
            "\(error)" == "expected ',' or '}' after an object member, found '\"' at line 3, column 10"
        }
    }

    // MARK: Depth

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONValue(parsing: ok).arrayValue != nil)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let custom = String(repeating: "{\"a\":", count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: custom, options: .init(maxDepth: 2)) }
        #expect(try JSONValue(parsing: custom, options: .init(maxDepth: 3))["a"]?["a"]?["a"] == 1)
    }

    @Test func hundredThousandOpenBracketsFailCleanly() {
        let input = String(repeating: "[", count: 100_000)
        #expect {
            _ = try JSONValue(parsing: input)
        } throws: { error in
            (error as? JSONParseError)?.reason == .depthLimitExceeded(512) && (error as? JSONParseError)?.offset == 512
        }
    }
}
