import Foundation
import Testing
import _TollgateTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `tollgate serve` refusing what it should: a `--host` that is no address, an HTTP/1.1 request
/// without `Host`; saying why a request got a 5xx at debug level; and a large invalid body answered
/// within a memory bound.
@Suite(.serialized) struct ServeReliabilityTests {
    typealias Server = ServeCommandTests.Server

    @Test func aHostThatIsNoAddressIsRefused() async throws {
        for host in ["examp1e.com", "127.0.0.256", "local host"] {
            let result = try await CLI.run(["serve", "Fixtures/apis/orders-validation.json", "--host", host, "--port", "0"])
            #expect(result.status == 64, "\(host)")
            #expect(result.stderr.contains("--host takes an IPv4 or IPv6 address or localhost"), "\(result.stderr)")
        }
    }

    @Test func aRequestWithoutHostIs400() async throws {
        let server = try await Server.start(["Fixtures/apis/orders-validation.json"])
        defer { server.kill() }
        #expect(server.port > 0, "\(server.lines)")
        let missing = await ServeCommandTests.exchange(
            port: server.port,
            "GET /orders?type=STOCK HTTP/1.1\r\nAccount-Id: 1\r\nConnection: close\r\n\r\n"
        )
        #expect(missing == (400, #"{"message":"Bad Request"}"#))
        let present = await ServeCommandTests.exchange(port: server.port, "GET /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(present.status == 400 && present.body.contains("Missing required request parameters"))
    }

    @Test func debugLevelSaysWhyARequestGotA5xx() async throws {
        let server = try await Server.start(
            ["Fixtures/apis/aws-stepfunctions.yaml", "--log-level", "debug"],
            environment: [
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                "AWS_CONFIG_FILE": "/nonexistent",
            ]
        )
        #expect(server.port > 0, "\(server.lines)")
        let (head, body) = ServeCommandTests.request("POST", "/executions", headers: ["Content-Type: application/json"], body: "{}")
        #expect(await ServeCommandTests.exchange(port: server.port, head, body: body).status == 500)
        _ = await server.stop()
        let rest = await server.restOfOutput()
        #expect(rest.contains("Execution failed due to configuration error: no AWS credentials"), "\(rest)")
        #expect(rest.contains("Gateway response type: API_CONFIGURATION_ERROR with status code: 500"))
    }

    /// The seed's orders API and a 9.4 MB array of 4.7 million numbers, which its model refuses: building
    /// a message per element took 2.2 GB (and 21 s, debug build); the verdict alone takes a tenth of that.
    /// Peak memory measured by GNU time.
    @Test func aLargeInvalidBodyStaysWithinMemory() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-big-\(UUID().uuidString).json")
        try Data(("[" + Array(repeating: "1", count: 4_700_000).joined(separator: ",") + "]").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await ChildProcess.run(
            "/usr/bin/time",
            [
                "-f", "maxrss=%M", CLI.productsDirectory.appendingPathComponent("tollgate").path, "invoke",
                "Fixtures/apis/orders-validation.json", "POST", "/orders", "-H", "Content-Type: application/json", "--data", "@" + file.path,
            ],
            directory: CLI.packageRoot
        )
        let (stdout, stderr) = (run.stdoutText, run.stderrText)
        #expect(stdout.hasPrefix("HTTP/1.1 400 Bad Request"))
        let kilobytes = stderr.split(separator: "\n").last { $0.hasPrefix("maxrss=") }.flatMap { Int($0.dropFirst("maxrss=".count)) }
        #expect((kilobytes ?? .max) < 600_000, "peak \(kilobytes ?? -1) KB")
    }

    /// Sends `bytes` on a fresh connection and reads until the server closes it or `wait` seconds pass:
    /// what came back, and whether the server closed. The blocking socket calls run on a thread of
    /// their own (``onOwnThread(_:)``).
    static func converse(_ port: Int, _ bytes: String, wait: Int = 15) async -> (text: String, closed: Bool) {
        await onOwnThread { converseBlocking(port, bytes, wait: wait) }
    }

    private static func converseBlocking(_ port: Int, _ bytes: String, wait: Int) -> (text: String, closed: Bool) {
        guard let fd = ServeCommandTests.connectLoopback(port: port, timeoutSeconds: wait) else { return ("connect failed", false) }
        defer { close(fd) }
        let data = Array(bytes.utf8)
        _ = data.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if n < 0 { return (String(decoding: received, as: UTF8.self), false) }
            received += chunk[0..<n]
        }
    }

    /// Connections do not stay open: a body that stops short is closed at --body-timeout, an idle
    /// keep-alive connection at --idle-timeout, an HTTP/1.0 request's after its response; a declared body
    /// over 10 MB is answered 413 before it is sent; `Expect: 100-continue` gets `100 Continue`.
    @Test func connectionsAreBounded() async throws {
        let server = try await Server.start(["Fixtures/apis/orders-validation.json", "--body-timeout", "1", "--idle-timeout", "2"])
        defer { server.kill() }
        #expect(server.port > 0, "\(server.lines)")
        let post = "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        let short = await Self.converse(server.port, post + "Content-Length: 100\r\n\r\n[")
        #expect(short.closed && short.text.isEmpty, "\(short)")
        let idle = await Self.converse(server.port, "GET /orders HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.closed && idle.text.hasPrefix("HTTP/1.1 400 Bad Request"), "\(idle)")
        let old = await Self.converse(server.port, "GET /orders HTTP/1.0\r\nHost: x\r\n\r\n", wait: 1)
        #expect(old.closed && old.text.contains("Missing required request parameters"), "\(old)")
        let huge = await Self.converse(server.port, post + "Content-Length: 1073741824\r\n\r\n", wait: 3)
        #expect(huge.closed && huge.text.hasPrefix("HTTP/1.1 413 Payload Too Large"), "\(huge)")
        #expect(huge.text.contains("x-amzn-ErrorType: RequestTooLargeException"))
        let expecting = await Self.converse(server.port, post + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n", wait: 1)
        #expect(expecting.text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"), "\(expecting)")
        let invalid = try await CLI.run(["serve", "Fixtures/apis/orders-validation.json", "--body-timeout", "0"])
        #expect(invalid.status == 64)
    }
}
