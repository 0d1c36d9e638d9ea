import Testing
import TollgateJSON
import TollgateVTL

/// `render(_:appendingTo:)` gives the same text as `render(_:)`, as UTF-8 after what the array held,
/// with the same overrides.
@Suite struct RenderToBytesTests {
    @Test(arguments: [
        "",
        "plain text",
        #"{"method": "$context.httpMethod", "body": $input.json('$'), "é": "$util.escapeJavaScript('ü😀')"}"#,
        #"#set($s = "a😀b")$s.substring(0, 2)|$s.charAt(1)|$s.length()"#,
        #"#foreach($i in [1..300])$i,#end"#,
        #"$input.path('$.name')#set($context.responseOverride.status = 404)"#,
    ])
    func bytesAreTheTextsUTF8(source: String) throws {
        let template = try VTLTemplate(source)
        let bindings = VTLBindings(
            apiGateway: APIGatewayInput(body: #"{"name": "Zoë", "n": [1, 2]}"#, context: ["httpMethod": "POST"])
        )
        let output = try template.render(bindings)
        var bytes = Array("prefix:".utf8)
        let overrides = try template.render(bindings, appendingTo: &bytes)
        #expect(bytes == Array("prefix:".utf8) + Array(output.text.utf8))
        #expect(overrides == output.overrides)
        #expect(overrides.responseStatus == (source.contains("404") ? 404 : nil))
    }

    @Test func aFailedRenderLeavesTheBytesAsTheyWere() throws {
        let template = try VTLTemplate(#"$util.parseJson($input.body)"#)
        var bytes = Array("kept".utf8)
        #expect(throws: VTLError.self) { try template.render(VTLBindings(apiGateway: APIGatewayInput(body: "{")), appendingTo: &bytes) }
        #expect(bytes == Array("kept".utf8))
    }
}
