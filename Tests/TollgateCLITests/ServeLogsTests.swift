import Foundation
import Testing
import TollgateJSON
import _TollgateTestSupport

/// `tollgate serve --access-log … --execution-log`: one access log entry per request in the file, and
/// each request's execution log on standard error marked with its request id.
@Suite struct ServeLogsTests {
    @Test func accessLogFileAndExecutionLog() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-access-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: file) }
        let server = try await ServeCommandTests.Server.start([
            "Fixtures/apis/orders-validation.json", "--access-log", "json", "--access-log-file", file.path, "--execution-log",
        ])
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        let cases: [(String, String, [String], Int)] = [
            ("GET", "/orders", ["Account-Id: a1"], 200), ("GET", "/orders", [], 400), ("GET", "/nowhere", [], 403),
        ]
        for (method, path, headers, status) in cases {
            let (head, body) = ServeCommandTests.request(method, path, headers: headers)
            #expect(await ServeCommandTests.exchange(port: server.port, head, body: body).status == status)
        }
        #expect(await server.stop() == 0)
        let output = await server.restOfOutput()
        let entries = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONValue(parsing: Array($0.utf8)).objectValue)
        }
        #expect(entries.map { $0["status"]?.stringValue } == cases.map { String($0.3) })
        #expect(entries.map { $0["resourcePath"]?.stringValue } == ["/orders", "/orders", "-"])
        #expect(entries.allSatisfy { $0["ip"]?.stringValue == "127.0.0.1" && $0["httpMethod"]?.stringValue == "GET" })
        // Each request's execution log, its lines marked with the id its access log entry names.
        for entry in entries {
            let id = try #require(entry["requestId"]?.stringValue)
            #expect(output.contains("(\(id)) "), "no execution log for \(id)")
            #expect(
                output.split(separator: "\n").contains {
                    $0.hasPrefix("(\(id)) ") && $0.contains("Method completed with status: \(entry["status"]!.stringValue!)")
                }
            )
        }
        // The entries went to the file, not to standard output.
        #expect(!output.contains("\"extendedRequestId\""))
    }
}
