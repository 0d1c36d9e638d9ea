import Testing
import TollgateJSON
import _TollgateTestSupport

/// Generated, truncated, mutated and deeply nested input: the parser must return a value or a
/// positioned error, never crash or hang, and what it accepts must round-trip.
struct JSONParserFuzzTests {
    /// Seeded, so failures reproduce.
    typealias Generator = SplitMix64

    static let seedDocument = #"""
        {"orders":[{"account-id":"abcdef123456","type":"STOCK","symbol":"AMZN","shares":100,
        "details":{"limit":1000.5e-3,"tags":["a\"b","\u00e9\uD83D\uDE00",null,true,false,-0]}}],
        "é":"日本語","big":123456789012345678901234567890}
        """#

    /// Also: parsing straight into a tape accepts the same texts, fails with the same errors
    /// and lays out the same values; a `String` of the same bytes (whose strings are not checked for
    /// UTF-8 again) parses to the same value and tape, or fails the same way.
    func check(_ bytes: [UInt8]) {
        let tape = Result { () throws(JSONTape.ParseError) in try JSONTape(parsing: bytes) }
        if let text = String(validating: bytes, as: UTF8.self) {
            let fromBytes = Result { () throws(JSONParseError) in try JSONValue(parsing: bytes) }
            let fromText = Result { () throws(JSONParseError) in try JSONValue(parsing: text) }
            #expect(fromBytes == fromText)
            let tapeFromText = Result { () throws(JSONTape.ParseError) in try JSONTape(parsing: text) }
            #expect((try? tapeFromText.get())?.words == (try? tape.get())?.words)
            #expect((try? tapeFromText.get())?.arena == (try? tape.get())?.arena)
        }
        do {
            let value = try JSONValue(parsing: bytes)
            let text = value.serialized()
            let again = try JSONValue(parsing: text)
            #expect(again == value)
            #expect(again.serialized() == text)
            let laidOut = try? JSONTape(value)
            let direct = try? tape.get()
            #expect(direct != nil && direct?.words == laidOut?.words && direct?.arena == laidOut?.arena, "\(value)")
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
            #expect(error.line >= 1 && error.column >= 1)
            #expect(throws: JSONTape.ParseError.invalidJSON(error)) { try tape.get() }
        }
    }

    /// Strings with escapes among long runs of plain, non-ASCII and 4-byte text decode to the
    /// characters written, from bytes and from a `String`, and a raw byte that is not UTF-8 after an
    /// escape is still refused.
    @Test func escapedStringsDecode() throws {
        var rng = Generator(seed: 9)
        let pieces: [String] = ["a", "plain ascii words ", "é", "日本語", "😀", "\"", "\\", "/", "\n", "\t", "\u{01}"]
        for _ in 0..<2000 {
            var expected = ""
            var json = "\""
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                let piece = pieces.randomElement(using: &rng)!
                expected += piece
                for scalar in piece.unicodeScalars {
                    switch scalar {
                    case "\"": json += #"\""#
                    case "\\": json += #"\\"#
                    case "\n": json += #"\n"#
                    case "\t": json += #"\t"#
                    case "\u{01}": json += #"\u0001"#
                    case "/": json += Bool.random(using: &rng) ? #"\/"# : "/"
                    default:
                        if scalar.value > 0x7F, Int.random(in: 0..<4, using: &rng) == 0 {
                            for unit in String(scalar).utf16 {
                                let hex = String(unit, radix: 16)
                                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                            }
                        } else {
                            json.unicodeScalars.append(scalar)
                        }
                    }
                }
            }
            json += "\""
            #expect(try JSONValue(parsing: json) == .string(expected), "\(json)")
            #expect(try JSONValue(parsing: Array(json.utf8)) == .string(expected), "\(json)")
            // The strings are whole: their UTF-16 length is that of the characters written (a string
            // wrongly marked ASCII would count its UTF-8 bytes).
            if case .string(let parsed) = try JSONValue(parsing: Array(json.utf8)) {
                #expect(parsed.utf16.count == expected.utf16.count, "\(json)")
            }
        }
        var invalid = Array(#""\n plain text then a bad byte "#.utf8)
        invalid += [0xFF]
        invalid += Array(#" and more text""#.utf8)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: invalid) }
        #expect(throws: JSONTape.ParseError.self) { try JSONTape(parsing: invalid) }
    }

    @Test func everyTruncationOfADocument() {
        let bytes = Array(Self.seedDocument.utf8)
        for n in 0...bytes.count {
            let prefix = Array(bytes[..<n])
            if n < bytes.count {
                // A strict prefix of an object is never a JSON text.
                #expect(throws: JSONParseError.self) { try JSONValue(parsing: prefix) }
            }
            check(prefix)
        }
    }

    @Test func randomMutations() {
        var rng = Generator(seed: 42)
        let bytes = Array(Self.seedDocument.utf8)
        let alphabet = Array(#"{}[]:,"\/ 0123456789-+.eEtrufalsn"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xE2, 0xED, 0xF0, 0xFF]
        for _ in 0..<3000 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<mutated.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: mutated[i] = alphabet.randomElement(using: &rng)!
                case 1: mutated.remove(at: i)
                default: mutated.insert(alphabet.randomElement(using: &rng)!, at: i)
                }
                if mutated.isEmpty { break }
            }
            check(mutated)
        }
    }

    @Test func randomBytes() {
        var rng = Generator(seed: 7)
        let structural = Array(#"{}[]:,"0 1-.eE\tnu"#.utf8)
        for _ in 0..<3000 {
            let n = Int.random(in: 0..<64, using: &rng)
            let bytes: [UInt8] = (0..<n).map { _ in
                Bool.random(using: &rng) ? structural.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            check(bytes)
        }
    }

    /// Random well-formed documents: they must parse to the value they were built from.
    @Test func generatedDocumentsRoundTrip() throws {
        var rng = Generator(seed: 2024)
        func make(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 4 ? 4 : 7), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .number(JSONNumber(Int64.random(in: Int64.min...Int64.max, using: &rng)))
            case 3:
                var text = String.UnicodeScalarView()
                let ceilings: [UInt32] = [0x7F, 0x7FF, 0xFFFF, 0x10FFFF]
                for _ in 0..<Int.random(in: 0..<20, using: &rng) {
                    let ceiling = ceilings[Int.random(in: 0..<ceilings.count, using: &rng)]
                    if let scalar = Unicode.Scalar(UInt32.random(in: 0...ceiling, using: &rng)) { text.append(scalar) }
                }
                return .string(String(text))
            case 4, 5:
                var elements: [JSONValue] = []
                for _ in 0..<Int.random(in: 0..<6, using: &rng) { elements.append(make(depth + 1)) }
                return .array(elements)
            default:
                var object = JSONObject()
                for i in 0..<Int.random(in: 0..<20, using: &rng) {
                    object["k\(i % 17)"] = make(depth + 1)
                }
                return .object(object)
            }
        }
        for _ in 0..<500 {
            let value = make(0)
            let parsed = try JSONValue(parsing: value.serialized())
            #expect(parsed == value)
            #expect(parsed.serialized() == value.serialized())
            #expect(try JSONValue(parsing: value.prettyPrinted()) == value)
            check(Array(value.prettyPrinted().utf8))
        }
    }

    @Test func deepNestingOfEveryKind() {
        for (open, close) in [("[", "]"), ("{\"k\":", "}"), ("[{\"a\":", "}]")] {
            let deep = String(repeating: open, count: 50_000) + "1" + String(repeating: close, count: 50_000)
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
            check(Array(deep.utf8))
        }
        let unclosed = String(repeating: "{\"a\":[", count: 300)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: unclosed) }
        check(Array(unclosed.utf8))
    }
}
