import Testing
import TollgateVTL

/// ``VTLParameters``: the pairs a template reads in place, and how `$input.params()` and
/// `$stageVariables` see them.
@Suite struct VTLParametersTests {
    func render(_ template: String, _ input: APIGatewayInput) throws -> String {
        try VTLTemplate(template).render(VTLBindings(apiGateway: input)).text
    }

    @Test func keepsPairsInOrderAsCodeUnits() {
        var parameters: VTLParameters = [("b", "2"), ("a", "1")]
        parameters.append("é", "ü")
        parameters.append("", "")
        #expect(parameters.count == 4)
        #expect(parameters.map(\.name) == ["b", "a", "é", ""])
        #expect(parameters.map(\.value) == ["2", "1", "ü", ""])
        #expect(parameters.first(named: "a") == "1")
        // Code units, not canonical equivalence: "e" + combining acute is not "é".
        #expect(parameters.first(named: "e\u{301}") == nil)
        #expect(parameters.description == "[b: 2, a: 1, é: ü, : ]")
    }

    @Test func copiesAreIndependent() {
        let original = VTLParameters([("x", "1")])
        var copy = original
        for i in 0..<100 { copy.append("k\(i)", String(repeating: "v", count: i)) }
        #expect(original.count == 1)
        #expect(original == [("x", "1")])
        #expect(copy.count == 101)
        #expect(copy[100] == ("k99", String(repeating: "v", count: 99)))
        #expect(copy != original)
        #expect(VTLParameters() == [])
    }

    /// A repeated name keeps its first position and its last value, as `Map.put` would; a template
    /// sees that whether the names are few or past the size where maps keep fingerprints.
    @Test(arguments: [3, 40])
    func repeatedNamesKeepFirstPositionAndLastValue(distinct: Int) throws {
        var header = VTLParameters()
        for i in 0..<distinct { header.append("H\(i)", "v\(i)") }
        header.append("H1", "last")
        let template = "#foreach($k in $input.params().header.keySet())$k=$input.params().header.get($k);#end"
        let expected = (0..<distinct).map { "H\($0)=\($0 == 1 ? "last" : "v\($0)");" }.joined()
        #expect(try render(template, APIGatewayInput(header: header)) == expected)
        // `$input.params(name)` finds the first.
        #expect(try render("$input.params('H1')", APIGatewayInput(header: header)) == "v1")
    }

    @Test func uniqueNamesPastTheFingerprintSizeAreFound() throws {
        let header = VTLParameters((0..<50).map { ("Name-\($0)", "value \($0)") })
        #expect(try render("$input.params().header.get('Name-37')|$input.params().header.size()", APIGatewayInput(header: header)) == "value 37|50")
        let stage = VTLParameters((0..<20).map { ("v\($0)", "\($0 * 2)") })
        #expect(try render("$stageVariables.v19 ${stageVariables.v3}", APIGatewayInput(stageVariables: stage)) == "38 6")
    }

    /// Thousands of names (past the set the repeat check switches to, and past the size where maps
    /// keep fingerprints): lookups, order and a late repeat stay right.
    @Test func manyParametersStayCorrect() throws {
        var header = VTLParameters((0..<5_000).map { ("Name-\($0)", "v\($0)") })
        let template = try VTLTemplate(
            "$input.params().header.size()|$input.params().header.get('Name-4321')|$input.params().header.get('Name-0')|$input.params('Name-4999')|#set($keys = $input.params().header.keySet())$keys.get(0),$keys.get($keys.size() - 1),"
        )
        #expect(try template.render(VTLBindings(apiGateway: APIGatewayInput(header: header))).text == "5000|v4321|v0|v4999|Name-0,Name-4999,")
        header.append("Name-4321", "again")
        header.append("Name-5000", "new")
        #expect(try template.render(VTLBindings(apiGateway: APIGatewayInput(header: header))).text == "5001|again|v0|v4999|Name-0,Name-5000,")
    }

    /// A caller may skip the parameters for a template that cannot read them.
    @Test func templatesSayWhetherTheyReadParameters() throws {
        #expect(try VTLTemplate("$input.params('a')").usesParameters)
        #expect(try VTLTemplate("#set($i = $input)#foreach($k in $i.params().header.keySet())$k#end").usesParameters)
        #expect(try !VTLTemplate("$input.body $context.httpMethod").usesParameters)
    }

    /// A template that changes `$input.params()` changes its own render's map, not the input.
    @Test func writesStayInTheRender() throws {
        let template = try VTLTemplate("#set($h = $input.params().header)#set($x = $h.put('A', 'changed'))$h.get('A')")
        let input = APIGatewayInput(header: [("A", "original")])
        for _ in 0..<3 {
            #expect(try template.render(VTLBindings(apiGateway: input)).text == "changed")
        }
        #expect(input.header == [("A", "original")])
        #expect(try VTLTemplate("$input.params('A')").render(VTLBindings(apiGateway: input)).text == "original")
    }
}
