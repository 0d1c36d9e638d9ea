import Testing
import TollgateJSON
import _TollgateTestSupport

@testable import TollgateVTL

/// `$input.path` and `$util.parseJson` make their values straight from the body's tape: the same
/// values, of the same Java types, as from a `JSONValue` (repeated keys, decimals, big integers,
/// escapes), on generated documents.
@Suite struct TapeValueTests {
    @Test func tapeValuesEqualJSONValues() throws {
        var g = SplitMix64(seed: 5)
        for _ in 0..<3000 {
            let text = RandomJSONText.document(&g)
            var arena = ValueArena()
            let fromTape = Value(tape: try JSONTape(parsing: text), at: 0, in: &arena)
            let fromValue = Value(json: try JSONValue(parsing: text), jsonLists: true, in: &arena)
            #expect(fromTape.javaString == fromValue.javaString, "\(text)")
            #expect(fromTape.javaEquals(fromValue), "\(text)")
        }
    }

    /// `$input.json(path)` written from the tape is what the `JSONValue` writer writes.
    @Test func tapeJSONEqualsValueJSON() throws {
        var g = SplitMix64(seed: 6)
        for _ in 0..<3000 {
            let text = RandomJSONText.document(&g)
            let tape = try JSONTape(parsing: text)
            var fromTape: [UInt8] = []
            tape.words.withUnsafeBufferPointer { w in
                tape.arena.withUnsafeBufferPointer { a in Renderer.writeJSON(tape: w, a, 0, into: &fromTape) }
            }
            var fromValue: [UInt8] = []
            Renderer.writeJSON(try JSONValue(parsing: text), into: &fromValue)
            #expect(String(decoding: fromTape, as: UTF8.self) == String(decoding: fromValue, as: UTF8.self), "\(text)")
        }
    }

    @Test func templatesReadPathsFromTheTape() throws {
        let body = #"{"items": [{"id": 1, "price": 249.99, "name": "Zo\u00eb"}, {"id": 9007199254740993, "price": 1e-7}], "a": {"a": null}, "a": 2}"#
        let template = try VTLTemplate(
            "$input.path('$.items[0].price') $input.path('$.items[-1].id') $input.path('$.items[1].price') "
                + "$input.path('$.a') [$!input.path('$.missing')] $input.path('$.items[0]') $input.path('$.items[*].id')\n"
                + "#set($p = $util.parseJson($input.body))$p.items[0].name $p.a $input.json('$.items[1]') $input.json('$.nothing') "
                + "$input.json('$.items[*].price')"
        )
        let output = try template.render(VTLBindings(apiGateway: APIGatewayInput(body: body))).text
        #expect(
            output == "249.99 9007199254740993 1.0E-7 2 [] {id=1, price=249.99, name=Zoë} [1,9007199254740993]\n"
                + #"Zoë 2 {"id":9007199254740993,"price":1.0E-7} "" [249.99,1.0E-7]"#
        )
    }
}
