import Testing
import TollgateJSON

struct JSONTapeTests {
    @Test func rebuildsEveryValue() throws {
        let text =
            #"{"a":[1,-0,1e400,0.10,"x\u0000y",{"b":null,"c":true,"d":false}],"é":"日本","big":123456789012345678901234567890,"n":-9223372036854775808,"e":[],"o":{}}"#
        let value = try JSONValue(parsing: text)
        let tape = JSONTape(value)
        let rebuilt = tape.value(at: 0)
        #expect(rebuilt == value)
        #expect(rebuilt.serialized() == value.serialized())
        #expect(JSONTape.kind(tape.words[0]) == .object)
        #expect(Int(tape.words[1]) == 6)
        tape.words.withUnsafeBufferPointer { #expect(JSONTape.next($0, after: 0) == tape.words.count) }
    }

    @Test func scalarsAtTheTop() {
        for value: JSONValue in [nil, true, false, 42, 1.5, "text", [], [:]] {
            #expect(JSONTape(value).value(at: 0) == value)
        }
    }
}
