import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Each kind of definition a team keeps, served and invoked as a user runs them: a CloudFormation
/// template with usage plans and keys, SAM templates with the implicit API and with an explicit API
/// (Auth, a usage plan, CORS), and an export with a `--stage-config` file whose stage variable reaches
/// an HTTP backend.
@Suite(.serialized) struct DefinitionKindsCommandTests {
    typealias Server = ServeCommandTests.Server

    static func get(_ port: Int, _ path: String, _ headers: [String] = [], method: String = "GET") async -> (status: Int, body: String) {
        let (head, body) = ServeCommandTests.request(method, path, headers: headers)
        return await ServeCommandTests.exchange(port: port, head, body: body)
    }

    /// A function that answers a proxy response naming itself and the request.
    static func proxy(_ name: String) -> String {
        #"\#(name)=python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({"statusCode": 200, "body": "\#(name) " + e["httpMethod"] + " " + e["path"]}))'"#
    }

    /// A TOKEN authorizer that allows the token "allow".
    static let authorizer =
        #"AuthFunction=python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({"principalId": "u", "policyDocument": {"Statement": [{"Effect": "Allow" if e["authorizationToken"] == "allow" else "Deny", "Action": "*", "Resource": "*"}]}}))'"#

    @Test func cloudFormationUsagePlansThroughServe() async throws {
        let server = try await Server.start(["Fixtures/apis/cfn-usage-plans.yaml", "--api-key", "GeneratedKey=given-value-000000000"])
        defer { server.kill() }
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        let gold = ["x-api-key: gold-key-value-00000001"]
        #expect(await Self.get(server.port, "/items", gold) == (200, #"{"key": "GoldKey", "stage": "v1", "host": "backend.example"}"#))
        #expect(await Self.get(server.port, "/items", gold).status == 200)
        #expect(await Self.get(server.port, "/items", gold) == (429, #"{"message":"Too Many Requests"}"#))
        let daily = ["x-api-key: daily-key-value-00000002"]
        #expect(await Self.get(server.port, "/items", daily).status == 200)
        #expect(await Self.get(server.port, "/items", daily).status == 200)
        #expect(await Self.get(server.port, "/items", daily) == (429, #"{"message":"Limit Exceeded"}"#))
        #expect(await Self.get(server.port, "/items", ["x-api-key: disabled-key-value-00003"]).status == 403)
        #expect(await Self.get(server.port, "/items", ["x-api-key: given-value-000000000"]).body.contains(#""key": "GeneratedKey""#))
    }

    @Test func cloudFormationKeysThroughInvoke() async throws {
        let base = ["invoke", "Fixtures/apis/cfn-usage-plans.yaml", "GET", "/items"]
        let ok = try await CLI.run(base + ["-H", "x-api-key: gold-key-value-00000001", "--parameter", "StageName=v2"])
        #expect(ok.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.hasSuffix(#"{"key": "GoldKey", "stage": "v2", "host": "backend.example"}"#))
        // The key whose value AWS generates: a warning until it is given.
        #expect(ok.stderr.contains("warning: API key GeneratedKey has no Value (AWS generates one)"))
        let given = try await CLI.run(base + ["-H", "x-api-key: given-value-000000000", "--api-key", "GeneratedKey=given-value-000000000"])
        #expect(given.stdout.hasPrefix("HTTP/1.1 200 OK"))
        #expect(!given.stderr.contains("warning"))
        #expect(try await CLI.run(base + ["-H", "x-api-key: given-value-000000000"]).stdout.hasPrefix("HTTP/1.1 403 Forbidden"))
        let unknown = try await CLI.run(base + ["--api-key", "Nope=x"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no API key Nope in the template"))
    }

    @Test func samImplicitAPIThroughServeAndInvoke() async throws {
        let functions = ["--function", Self.proxy("HelloFunction"), "--function", Self.proxy("ItemsFunction")]
        let server = try await Server.start(["Fixtures/apis/sam-implicit.yaml"] + functions)
        defer { server.kill() }
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        #expect(await Self.get(server.port, "/hello") == (200, "HelloFunction GET /hello"))
        #expect(await Self.get(server.port, "/items/42", method: "DELETE") == (200, "ItemsFunction DELETE /items/42"))
        let invoked = try await CLI.run(["invoke", "Fixtures/apis/sam-implicit.yaml", "GET", "/hello"] + functions)
        #expect(invoked.stdout.hasSuffix("HelloFunction GET /hello"), "\(invoked.stdout)\(invoked.stderr)")
    }

    @Test func samExplicitAPIWithAuthUsagePlanAndCORS() async throws {
        let server = try await Server.start([
            "Fixtures/apis/sam-explicit-auth.yaml", "--function", Self.proxy("OrdersFunction"), "--function", Self.proxy("StatusFunction"),
            "--function", Self.authorizer, "--api-key", "MyApiApiKey=sam-key-value-000000000",
        ])
        defer { server.kill() }
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        let key = "x-api-key: sam-key-value-000000000"
        #expect(await Self.get(server.port, "/orders") == (401, #"{"message": "sign in first"}"#))
        #expect(await Self.get(server.port, "/orders", ["Authorization: deny", key]).status == 403)
        #expect(await Self.get(server.port, "/orders", ["Authorization: allow"]).status == 403)
        #expect(await Self.get(server.port, "/orders", ["Authorization: allow", key]) == (200, "OrdersFunction GET /orders"))
        #expect(await Self.get(server.port, "/status", ["Authorization: allow", key]) == (200, "StatusFunction GET /status"))
        #expect(await Self.get(server.port, "/open") == (200, "OrdersFunction GET /open"))
        #expect(await Self.get(server.port, "/orders", method: "OPTIONS") == (200, "{}\n"))
        // The plan's quota: 3 a day, two used.
        #expect(await Self.get(server.port, "/orders", ["Authorization: allow", key]).status == 200)
        #expect(await Self.get(server.port, "/orders", ["Authorization: allow", key]) == (429, #"{"message":"Limit Exceeded"}"#))
    }

    /// An export with a stage configuration: the key's plan applies and `${stageVariables.backend}`
    /// reaches a real HTTP backend.
    @Test func exportWithStageConfigReachesTheBackend() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-backend-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"[{"id": 1, "name": "Zoë"}]"#.utf8).write(to: directory.appendingPathComponent("pets"))
        let backend = Process()
        backend.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        backend.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory.path]
        let output = Pipe()
        backend.standardOutput = output
        backend.standardError = FileHandle.nullDevice
        try backend.run()
        defer {
            // SIGKILL: a child of the test runner inherits its threads' blocked signals (SIGTERM, SIGINT).
            kill(backend.processIdentifier, SIGKILL)
            backend.waitUntilExit()
        }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(
            line.split(separator: " ").first { $0.hasPrefix("port") }.flatMap { _ in
                line.components(separatedBy: "port ").last?.split(separator: " ").first.flatMap { Int($0) }
            }
        )
        let server = try await Server.start([
            "Fixtures/apis/pets-keys.json", "--stage-config", "Fixtures/stages/pets-keys-stage.json",
            "--stage-variable", "backend=127.0.0.1:\(port)",
        ])
        defer { server.kill() }
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        #expect(await Self.get(server.port, "/pets", ["x-api-key: trial-key-value-0002"]) == (200, #"[{"id": 1, "name": "Zoë"}]"#))
        #expect(await Self.get(server.port, "/pets", ["x-api-key: disabled-key-value-0003"]).status == 403)
        #expect(await Self.get(server.port, "/pets", ["x-api-key: dev-key-value-0004"]).status == 403)
    }
}
