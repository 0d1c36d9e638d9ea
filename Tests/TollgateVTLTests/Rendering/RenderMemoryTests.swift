import Testing
import TollgateJSON
import TollgateVTL

/// A template hands its render memory (arena and output buffer) to its next render: renders of any
/// size, failed renders and renders on many threads at once must not see each other's values.
@Suite struct RenderMemoryTests {
    static let template = try! VTLTemplate(
        """
        #set($items = [])#foreach($i in [1..$n])#set($x = $items.add("${tag}-$i"))#end\
        $items.size():$items.get(0):$items.get($items.size() - 1):$input.params('h'):$input.json('$.a')
        """
    )

    static func bindings(_ n: Int, tag: String) -> VTLBindings {
        VTLBindings(
            variables: ["n": .number(JSONNumber(n)), "tag": .string(tag)],
            apiGateway: APIGatewayInput(body: #"{"a": [\#(n), "\#(tag)"]}"#, header: [("h", "\(tag)!")])
        )
    }

    static func expected(_ n: Int, tag: String) -> String {
        #"\#(n):\#(tag)-1:\#(tag)-\#(n):\#(tag)!:[\#(n),"\#(tag)"]"#
    }

    @Test func rendersOfAnySizeInTurn() throws {
        // 900 items take several arena chunks and a larger output block than 2 items.
        for (round, n) in [2, 900, 1, 900, 3, 40, 900, 2].enumerated() {
            let tag = "r\(round)"
            #expect(try Self.template.render(Self.bindings(n, tag: tag)).text == Self.expected(n, tag: tag))
        }
    }

    @Test func aFailedRenderLeavesTheNextOnesIntact() throws {
        let failing = VTLBindings(apiGateway: APIGatewayInput(body: "x"))
        let template = try VTLTemplate(#"#foreach($i in [1..50])$i#end$util.parseJson($input.body)"#)
        for round in 0..<3 {
            #expect(throws: VTLError.self) { try template.render(failing) }
            let ok = VTLBindings(apiGateway: APIGatewayInput(body: #"{"k":\#(round)}"#))
            #expect(try template.render(ok).text == (1...50).map(String.init).joined() + "{k=\(round)}")
        }
    }

    @Test func concurrentRendersOfOneTemplate() async throws {
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for i in 0..<150 {
                        let n = 1 + (task * 37 + i * 11) % 300
                        let tag = "t\(task)-\(i)"
                        if (try? Self.template.render(Self.bindings(n, tag: tag)).text) != Self.expected(n, tag: tag) { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
