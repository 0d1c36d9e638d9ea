import Foundation
import Testing

/// `--stage-config`: an export served with the stage settings the AWS CLI prints.
@Suite struct StageConfigCommandTests {
    func status(_ result: CLI.Result) -> String { String(result.stdout.split(separator: "\r\n").first ?? "") }

    @Test func keysFromTheStageConfiguration() async throws {
        let base = ["invoke", "Fixtures/apis/pets-keys.json", "POST", "/pets", "--stage-config", "Fixtures/stages/pets-keys-stage.json"]
        let gold = try await CLI.run(base + ["-H", "x-api-key: gold-key-value-0001"])
        #expect(status(gold) == "HTTP/1.1 201 Created", "\(gold.stdout)\(gold.stderr)")
        #expect(gold.stdout.hasSuffix(#"{"key": "key-gold-id"}"#))
        #expect(status(try await CLI.run(base + ["-H", "x-api-key: disabled-key-value-0003"])) == "HTTP/1.1 403 Forbidden")
        #expect(status(try await CLI.run(base)) == "HTTP/1.1 403 Forbidden")
    }

    @Test func aBadStageConfigurationNamesItsFileAndPlace() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-stage-\(UUID().uuidString).json")
        try Data(#"{"usagePlans": {"items": [{"name": "no id"}]}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await CLI.run(["invoke", "Fixtures/apis/pets-keys.json", "GET", "/pets", "--stage-config", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file.path): /usagePlans/items/0: a usage plan needs its id"))
    }
}

/// A CloudFormation template served as a user runs it: the seed's status page.
@Suite struct CloudFormationCommandTests {
    @Test func seedStatusPageThroughInvoke() async throws {
        let result = try await CLI.run([
            "invoke", "Fixtures/apis/status-page.yaml", "GET", "/page", "--function", #"WebRenderLambda=cat > /dev/null; echo '"<html>up</html>"'"#,
        ])
        #expect(result.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Content-Type: text/html"))
        #expect(result.stdout.hasSuffix("<html>up</html>"))
    }
}
