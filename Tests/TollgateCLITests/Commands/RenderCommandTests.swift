import Foundation
import Testing

/// End-to-end tests of `tollgate render`.
struct RenderCommandTests {
    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-render-\(UUID().uuidString)-\(name)")
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    @Test func rendersTheFixtureWithAnEvent() async throws {
        let event = try temporaryFile(
            "event.json",
            #"{"body": "{\"errorMessage\": \"{\\\"errorType\\\":\\\"NotFound\\\",\\\"message\\\":\\\"no\\\",\\\"requestId\\\":\\\"r1\\\"}\"}"}"#
        )
        let result = try await CLI.run(["render", "--template", "Fixtures/templates/lambda-error.vtl", "--event", event])
        #expect(result.status == 0)
        #expect(result.stdout == "{\n  \"type\" : \"NotFound\",\n  \"message\" : \"no\",\n  \"request-id\" : \"r1\"\n}\n")
    }

    @Test func printsExactlyWithNoNewlineAdded() async throws {
        let template = try temporaryFile("t.vtl", "$input.params('id')/$context.stage/$stageVariables.env/$input.body")
        let event = try temporaryFile(
            "e.json",
            #"{"params": {"path": {"id": "7"}}, "context": {"stage": "dev"}, "stageVariables": {"env": "test"}}"#
        )
        let result = try await CLI.run(["render", "--template", template, "--event", event])
        #expect(result.stdout == "7/dev/test/{}")
        let stdin = try await CLI.run(["render", "--template", template, "--event", "-"], stdin: #"{"body": "raw"}"#)
        #expect(stdin.stdout == "///raw")
        // A `-` continues a Velocity identifier: `$context.stage-x` asks for the property `stage-x`.
        let hyphen = try temporaryFile("h.vtl", "[$context.stage-x][${context.stage}-x]")
        #expect(try await CLI.run(["render", "--template", hyphen, "--event", event]).stdout == "[][dev-x]")
    }

    @Test func templateErrorsGiveFileLineAndColumn() async throws {
        let template = try temporaryFile("bad.vtl", "ok\n  #if($a)\nnever closed")
        let result = try await CLI.run(["render", "--template", template])
        #expect(result.status == 2)
        #expect(result.stderr == "\(template):2:3: #if has no matching #end\n")
        let runtime = try temporaryFile("runtime.vtl", "#set($s = 'abc')\n$s.substring(9)")
        let failed = try await CLI.run(["render", "--template", runtime])
        #expect(failed.status == 2)
        #expect(failed.stderr.hasPrefix("\(runtime):2:1: Invocation of method 'substring'"))
        let badEvent = try await CLI.run(["render", "--template", template, "--event", "-"], stdin: "{")
        #expect(badEvent.status == 2)
    }
}
