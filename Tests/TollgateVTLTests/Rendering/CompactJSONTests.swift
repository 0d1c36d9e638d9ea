import Testing
import TollgateJSON
import _TollgateTestSupport

@testable import TollgateVTL

/// `$input.json('$')`'s byte-level minifier against the general path (parse, then write as json-smart
/// does): on every body it accepts it must write exactly what the general path writes, and on the rest
/// it must leave the output as it was.
@Suite struct CompactJSONTests {
    typealias Generator = SplitMix64

    static func space(_ g: inout Generator) -> String {
        ["", "", " ", "\n  ", "\t", "\r\n"][g.below(6)]
    }

    /// String content: plain ASCII mostly, sometimes an escape, a non-ASCII character, a character
    /// json-smart escapes, or a raw control character (not JSON); lengths cross the 8-byte steps.
    static func stringContent(_ g: inout Generator) -> String {
        var s = ""
        for _ in 0..<g.below(30) {
            switch g.below(40) {
            case 0: s += #"\""#
            case 1: s += #"\n"#
            case 2: s += "é"
            case 3: s += "\u{2028}"
            case 4: s += "\u{85}"
            case 5: s += "\u{7F}"
            case 6: s += "\t"
            case 7: s += "/"
            case 8:
                // Escapes of every kind, good and bad: each is decoded and written again as json-smart
                // writes the character (or the parser has to judge it).
                let escapes = [
                    #"\/"#, #"\\"#, #"\b"#, #"\f"#, #"\r"#, #"\u00e9"#, #"\u00E9"#, #"\uD83D\uDE00"#, #"\ud83d\ude00"#, #"\ud800"#,
                    #"\udc00x"#, #"\ud83dx"#, #"\u0041"#, #"\u0000"#, #"\u001f"#, #"\u007f"#, #"\u0085"#, #"\u2028"#, #"\u20ac"#,
                    #"\u2100"#, #"\u0022"#, #"\u005c"#, #"\U0041"#, #"\x"#, #"\u12"#, "\\",
                ]
                s += escapes[g.below(escapes.count)]
            case 9: s += ["日本", "🐶", "\u{2100}", "\u{20AC}", "\u{9F}", "\u{A0}"][g.below(6)]
            default: s.append(Character(Unicode.Scalar(UInt8(0x61 + g.below(26)))))
            }
        }
        return s
    }

    static func value(_ g: inout Generator, depth: Int) -> String {
        let pick = depth > 3 ? g.below(5) : g.below(8)
        switch pick {
        case 0: return "\"" + stringContent(&g) + "\""
        case 1:
            // Integers, decimals of every shape (they print as Java doubles, some longer than written),
            // and malformed numbers.
            let numbers = [
                "0", "-7", "123456789012", "1.5", "2e3", "-0", "01", "0.1", "249.99", "1e-7", "-0.0", "1E+2", "1e6",
                "0.30000000000000004", "123456789012345.678", "1e400", "-1e400", "9007199254740993", "1.0", "100e-2", "1.",
                ".5", "1e", "-", "1.5e+", "0.000999", "9999999.5", "10000000.0", "5e-324", "1.7976931348623157e308",
            ]
            return numbers[g.below(numbers.count)]
        case 2: return ["true", "false", "null", "nul", "tru"][g.below(5)]
        case 3: return String(g.below(100_000))
        case 4: return "\"" + String(repeating: "x", count: g.below(20)) + "\""
        case 5, 6:
            var members: [String] = []
            let keys = ["a", "b", "account-id", "details", "a", #"\u0061"#, "é"]
            for _ in 0..<g.below(5) {
                members.append(space(&g) + "\"" + keys[g.below(keys.count)] + "\"" + space(&g) + ":" + space(&g) + value(&g, depth: depth + 1))
            }
            return "{" + members.joined(separator: ",") + space(&g) + "}"
        default:
            var items: [String] = []
            for _ in 0..<g.below(5) { items.append(space(&g) + value(&g, depth: depth + 1) + space(&g)) }
            return "[" + items.joined(separator: ",") + "]"
        }
    }

    /// Objects past the keys compared one by one (some with a repeated key far apart), and nesting
    /// past the keys remembered at once, in bodies large and small.
    @Test func wideAndDeepObjects() throws {
        var g = Generator(seed: 9)
        var accepted = 0
        for _ in 0..<400 {
            // Distinct keys, and in a quarter of the objects one of them again, anywhere after.
            let keys = 10 + g.below(60)
            var names = (0..<keys).map { "k\($0 * 7 % 1000)" }
            if g.below(4) == 0 {
                let repeated = g.below(keys)
                names.insert(names[repeated], at: repeated + 1 + g.below(keys - repeated))
            }
            var members: [String] = []
            for name in names { members.append("\"\(name)\": \(g.below(100))") }
            var body = "{" + members.joined(separator: ", ") + "}"
            for level in 0..<g.below(150) { body = "{\"level\": \(level), \"child\": \(body)}" }
            if g.below(2) == 0 { body = "[" + Array(repeating: body, count: 1 + g.below(40)).joined(separator: ",") + "]" }
            var out = RawByteBuffer(capacity: 1)
            defer { out.release() }
            if CompactJSON.write(body, into: &out) {
                accepted += 1
                var expected: [UInt8] = []
                Renderer.writeJSON(try JSONValue(parsing: body), into: &expected)
                #expect(Array(out.bytes) == expected, "\(body.prefix(300))")
            } else {
                #expect(out.bytes.isEmpty)
            }
        }
        #expect(accepted > 100)
    }

    @Test func minifierAgreesWithTheParserAndWriter() throws {
        var g = Generator(seed: 42)
        var accepted = 0
        for _ in 0..<20000 {
            var body = Self.space(&g) + Self.value(&g, depth: 0) + Self.space(&g)
            if g.below(20) == 0 { body += "x" }
            let prefix: [UInt8] = [0x41, 0x42]
            var out = RawByteBuffer(capacity: 1)
            defer { out.release() }
            out.append(bytes: prefix)
            if CompactJSON.write(body, into: &out) {
                accepted += 1
                let parsed = try JSONValue(parsing: body)
                var expected = prefix
                Renderer.writeJSON(parsed, into: &expected)
                #expect(Array(out.bytes) == expected, "\(body)")
            } else {
                #expect(Array(out.bytes) == prefix, "\(body)")
            }
        }
        // Most generated bodies are plain enough for the minifier.
        #expect(accepted > 1000)
    }
}
