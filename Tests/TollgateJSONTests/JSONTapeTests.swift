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
}
