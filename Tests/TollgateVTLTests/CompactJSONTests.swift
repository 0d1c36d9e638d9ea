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
            let keys = ["a", "b", "account-id", "details", "a"]
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

    @Test func minifierAgreesWithTheParserAndWriter() throws {
        var g = Generator(seed: 42)
        var accepted = 0
        for _ in 0..<4000 {
            var body = Self.space(&g) + Self.value(&g, depth: 0) + Self.space(&g)
            if g.below(20) == 0 { body += "x" }
            let prefix: [UInt8] = [0x41, 0x42]
            var out = ByteBuffer(capacity: 1)
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
