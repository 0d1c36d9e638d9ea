import Testing

@testable import TollgateJSON

struct JSONTapeTests {
    @Test func rebuildsEveryValue() throws {
        let text =
            #"{"a":[1,-0,1e400,0.10,"x\u0000y",{"b":null,"c":true,"d":false}],"é":"日本","big":123456789012345678901234567890,"n":-9223372036854775808,"e":[],"o":{}}"#
        let value = try JSONValue(parsing: text)
        let tape = try JSONTape(value)
        let rebuilt = tape.value(at: 0)
        #expect(rebuilt == value)
        #expect(rebuilt.serialized() == value.serialized())
        #expect(JSONTape.kind(tape.words[0]) == .object)
        #expect(Int(tape.words[1]) == 6)
        tape.words.withUnsafeBufferPointer { #expect(JSONTape.next($0, after: 0) == tape.words.count) }
    }

    @Test func scalarsAtTheTop() throws {
        for value: JSONValue in [nil, true, false, 42, 1.5, "text", [], [:]] {
            #expect(try JSONTape(value).value(at: 0) == value)
        }
    }

    /// The layout's 28-bit lengths and 31-bit offsets are checked, not silently wrapped
    /// (exercised with small limits; the public initializer uses 256 MiB and 2 GiB).
    @Test func refusesWhatDoesNotFit() throws {
        #expect(throws: JSONTape.TooLarge(bytes: 9)) { try JSONTape(["key": "123456789"], maxLength: 8, maxArena: 100) }
        #expect(throws: JSONTape.TooLarge(bytes: 12)) { try JSONTape(["abcdef", "ghijkl"], maxLength: 8, maxArena: 10) }
        let fits = try JSONTape(["abcdef", "ghij"], maxLength: 8, maxArena: 10)
        #expect(fits.value(at: 0) == ["abcdef", "ghij"])
    }

    /// Parsing into a tape directly: duplicate keys as the value parser settles them, escapes
    /// decoded (and their non-ASCII bit set), lexemes kept, and the parser's options honoured.
    @Test func parsesStraightIntoATape() throws {
        for text in [
            #"{"a":1,"b":2,"a":3}"#, #"[{"k":1,"k":{"k":2,"k":[3]}},{"x":null}]"#, #"{"\u00e9":"\u00e9","é":1,"\n":"a\tb"}"#,
            #"[1.0,-0,1e400,123456789012345678901,-9223372036854775808,9223372036854775807,9223372036854775808]"#,
            "\u{FEFF} [ \"spaced\" , { } , [ ] ] ", #""top""#, "17", "null",
        ] {
            let tape = try JSONTape(parsing: text)
            let expected = try JSONTape(JSONValue(parsing: text))
            #expect(tape.words == expected.words && tape.arena == expected.arena, "\(text)")
        }
        let escaped = try JSONTape(parsing: #"["\u00e9","\u0041"]"#)
        #expect(!JSONTape.isASCII(escaped.words[2]) && JSONTape.isASCII(escaped.words[3]))
        let many = "{" + (0..<40).map { "\"k\($0 % 30)\":\($0)" }.joined(separator: ",") + "}"
        #expect(try JSONTape(parsing: many).value(at: 0) == JSONValue(parsing: many))
        // Past the words lent on the stack (256), past the 16 keys compared pairwise, no duplicate.
        let large = "[" + (0..<5_000).map { #"{"id":\#($0),"name":"item \#($0)","tags":["a","é"],"price":\#($0).5}"# }.joined(separator: ",") + "]"
        let wide = "{" + (0..<300).map { "\"key\($0)\":\($0)" }.joined(separator: ",") + "}"
        for text in [large, wide] {
            let tape = try JSONTape(parsing: text)
            let expected = try JSONTape(JSONValue(parsing: text))
            #expect(tape.words == expected.words && tape.arena == expected.arena)
        }
        let shallow = JSONParser.Options(maxDepth: 2)
        #expect(throws: JSONTape.ParseError.self) { try JSONTape(parsing: "[[[1]]]", options: shallow) }
        #expect(try JSONTape(parsing: "[[1]]", options: shallow).value(at: 0) == [[1]])
        let lone = JSONParser.Options(loneSurrogates: .replace)
        #expect(try JSONTape(parsing: #""\uD800""#, options: lone).value(at: 0) == "\u{FFFD}")
        #expect(throws: JSONTape.ParseError.invalidJSON(try #require(Self.error(#"{"a":1,}"#)))) { try JSONTape(parsing: #"{"a":1,}"#) }
    }

    static func error(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: text)
            return nil
        } catch {
            return error
        }
    }
}

/// The parsers' first stacks are blocks of at most 1 KiB: past that, `withUnsafeTemporaryAllocation`
/// asks the runtime, which on Linux answers with the heap (a `malloc` per parse).
@Test func parserStacksFitWhatSwiftPutsOnTheStack() {
    let bytes = ParserCore.ScratchAreas.bytes
    for block in [bytes.first, bytes.second, bytes.third, TapeParser.stackWords * MemoryLayout<UInt64>.stride] {
        #expect(block <= ParserCore.ScratchAreas.blockBytes)
    }
}
