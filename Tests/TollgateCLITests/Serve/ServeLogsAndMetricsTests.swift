import Foundation
import Testing
import TollgateJSON
import _TollgateTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `tollgate serve --access-log … --execution-log`: one access log entry per request in the file, and
/// each request's execution log on standard error marked with its request id; `--metrics-port`: the
/// CloudWatch metrics scraped in Prometheus' text format.
@Suite struct ServeLogsAndMetricsTests {
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

    /// A port nothing listens on now (the kernel's pick for a socket bound to port 0, then closed).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func metricsEndpointCountsAMixedRun() async throws {
        let metricsPort = Self.freePort()
        let server = try await ServeCommandTests.Server.start(["Fixtures/apis/orders-validation.json", "--metrics-port", String(metricsPort)])
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        let cases: [(String, String, [String], Int)] = [
            ("GET", "/orders", ["Account-Id: a1"], 200), ("GET", "/orders", ["Account-Id: a2"], 200), ("GET", "/orders", [], 400),
            ("POST", "/orders", ["Content-Type: application/json"], 400), ("GET", "/nowhere", [], 403), ("DELETE", "/orders", [], 403),
        ]
        for (method, path, headers, status) in cases {
            let (head, body) = ServeCommandTests.request(method, path, headers: headers)
            #expect(await ServeCommandTests.exchange(port: server.port, head, body: body).status == status)
        }
        let scrape = await ServeCommandTests.exchange(port: metricsPort, "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(await server.stop() == 0)
        #expect(scrape.status == 200)
        // `name{labels} value` lines, by name and labels.
        var samples: [String: String] = [:]
        for line in scrape.body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            samples[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        // The fixture's title, with its non-breaking space, is the ApiName.
        let title = try #require(
            try JSONValue(
                parsing: Array(
                    try String(contentsOfFile: CLI.packageRoot.appendingPathComponent("Fixtures/apis/orders-validation.json").path, encoding: .utf8)
                        .utf8
                )
            )["info"]?["title"]?
            .stringValue
        )
        func sample(_ name: String, _ resource: String, _ method: String) -> String? {
            samples["\(name){ApiName=\"\(title)\",Stage=\"prod\",Resource=\"\(resource)\",Method=\"\(method)\"}"]
        }
        #expect(sample("apigateway_Count", "/orders", "GET") == "3")
        #expect(sample("apigateway_4XXError", "/orders", "GET") == "1")
        #expect(sample("apigateway_Count", "/orders", "POST") == "1")
        #expect(sample("apigateway_4XXError", "/orders", "POST") == "1")
        #expect(sample("apigateway_Count", "", "") == "2")
        #expect(sample("apigateway_4XXError", "", "") == "2")
        #expect(sample("apigateway_5XXError", "/orders", "GET") == "0")
        #expect(sample("apigateway_Latency_count", "/orders", "GET") == "3")
        // Mock integrations make no integration call.
        #expect(sample("apigateway_IntegrationLatency_count", "/orders", "GET") == "0")
    }
}
