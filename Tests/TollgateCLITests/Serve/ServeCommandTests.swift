import Foundation
import Testing
import _TollgateTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `tollgate serve` under load, on loopback, bounded in time: concurrent valid, invalid and malformed
/// requests, unknown paths, a body over 10 MB, huge headers, a slow client, reload and a clean stop.
@Suite(.serialized) struct ServeCommandTests {
    /// A running `tollgate serve` and the port it listens on. Its start and stop wait on a thread of
    /// their own (``onOwnThread(_:)``).
    final class Server: Sendable {
        let process = Process()
        let output = Pipe()
        let port: Int
        let lines: [String]

        /// `environment` is added to the test process's.
        static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> Server {
            try await onOwnThread { try Server(arguments, environment: environment) }
        }

        private init(_ arguments: [String], environment: [String: String]) throws {
            process.executableURL = CLI.productsDirectory.appendingPathComponent("tollgate")
            process.arguments = ["serve"] + arguments + ["--port", "0"]
            if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
            process.currentDirectoryURL = CLI.packageRoot
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // Read until the listening line (at most 30 s).
            var buffer = ""
            var port = 0
            let deadline = Date().addingTimeInterval(30)
            while port == 0 && Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                buffer += String(decoding: data, as: UTF8.self)
                for line in buffer.split(separator: "\n") where line.hasPrefix("Listening on http://127.0.0.1:") {
                    port = Int(line.split(separator: ":").last!) ?? 0
                }
            }
            self.port = port
            lines = buffer.split(separator: "\n").map(String.init)
        }

        /// Sends SIGINT and waits for the exit status.
        func stop() async -> Int32 {
            await onOwnThread {
                self.process.interrupt()
                self.process.waitUntilExit()
                return self.process.terminationStatus
            }
        }

        /// What the server printed after its listening line, to its end (call after it stopped).
        func restOfOutput() async -> String {
            await onOwnThread { String(decoding: self.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        }

        /// Sends SIGINT and returns at once: the cleanup of a `defer`, where nothing can be awaited.
        func kill() {
            if process.isRunning { process.interrupt() }
        }

        /// Sends SIGTERM and waits for the exit status.
        func terminate() async -> Int32 {
            await onOwnThread {
                self.process.terminate()
                self.process.waitUntilExit()
                return self.process.terminationStatus
            }
        }
    }

    /// A socket connected to 127.0.0.1:`port`, its reads and writes timing out after `timeoutSeconds`;
    /// nil when the connection is refused. The caller closes it.
    static func connectLoopback(port: Int, timeoutSeconds: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// One HTTP/1.1 exchange on a fresh connection: the status code (0 when the server closed without
    /// one) and body. The blocking socket calls run on a thread of their own (``onOwnThread(_:)``).
    static func exchange(
        port: Int,
        _ head: String,
        body: [UInt8] = [],
        pauseAfterHead: Double = 0
    ) async -> (status: Int, body: String) {
        await onOwnThread { exchangeBlocking(port: port, head, body: body, pauseAfterHead: pauseAfterHead) }
    }

    static func exchangeBlocking(port: Int, _ head: String, body: [UInt8], pauseAfterHead: Double) -> (status: Int, body: String) {
        guard let fd = connectLoopback(port: port, timeoutSeconds: 20) else { return (0, "connect failed") }
        defer { close(fd) }
        func sendAll(_ bytes: [UInt8]) -> Bool {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
        _ = sendAll(Array(head.utf8))
        if pauseAfterHead > 0 { Thread.sleep(forTimeInterval: pauseAfterHead) }
        _ = sendAll(body)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            received += chunk[0..<n]
            if let text = String(validating: received, as: UTF8.self), let split = text.range(of: "\r\n\r\n") {
                let headers = text[..<split.lowerBound].lowercased()
                if let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                    let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
                    text[split.upperBound...].utf8.count >= length
                {
                    break
                }
            }
        }
        let text = String(decoding: received, as: UTF8.self)
        let status = text.hasPrefix("HTTP/1.1 ") ? Int(text.dropFirst(9).prefix(3)) ?? 0 : 0
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, body)
    }

    static func request(_ method: String, _ path: String, headers: [String] = [], body: String = "") -> (String, [UInt8]) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for header in headers { head += header + "\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\n\r\n"
        return (head, Array(body.utf8))
    }

    @Test func servesCorrectlyUnderConcurrentMixedLoad() async throws {
        let server = try await Server.start(["Fixtures/apis/orders-validation.json"])
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        #expect(server.lines.contains("  POST /orders"))
        let port = server.port
        let valid = String(
            decoding: FileManager.default.contents(atPath: CLI.packageRoot.appendingPathComponent("Fixtures/payloads/orders-valid.json").path)!,
            as: UTF8.self
        )
        let invalid = String(
            decoding: FileManager.default.contents(atPath: CLI.packageRoot.appendingPathComponent("Fixtures/payloads/orders-invalid.json").path)!,
            as: UTF8.self
        )
        let cases: [(String, [String], String, String, Int)] = [
            ("POST", ["Content-Type: application/json"], "/orders", valid, 200),
            ("POST", ["Content-Type: application/json"], "/orders", invalid, 400),
            ("POST", ["Content-Type: application/json"], "/orders", "[{\"account-id\": ", 400),
            ("GET", [], "/orders", "", 400),
            ("GET", ["Account-Id: a1"], "/orders", "", 200),
            ("GET", [], "/unknown/path", "", 403),
            ("DELETE", [], "/orders", "", 403),
        ]
        let results = await withTaskGroup(of: (Int, Int).self) { group in
            for i in 0..<210 {
                let c = cases[i % cases.count]
                group.addTask {
                    let (head, body) = Self.request(c.0, c.2, headers: c.1, body: c.3)
                    return await (Self.exchange(port: port, head, body: body).status, c.4)
                }
            }
            var all: [(Int, Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 210)
        #expect(results.filter { $0.0 != $0.1 }.isEmpty, "wrong statuses: \(results.filter { $0.0 != $0.1 }.prefix(5))")
        #expect(await server.stop() == 0)
    }

    @Test func limitsAndSlowClientsDoNotStopTheServer() async throws {
        let server = try await Server.start(["Fixtures/apis/orders-validation.json"])
        let port = server.port
        // A body over 10 MB gets 413.
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024 + 10)
        let tooLarge = await Self.exchange(
            port: port,
            "POST /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(big.count)\r\n\r\n",
            body: big
        )
        #expect(tooLarge.status == 413)
        // A malformed chunked body is a bad request, not a large one.
        let malformed = await Self.exchange(
            port: port,
            "POST /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            body: Array("ZZ\r\n[]\r\n0\r\n\r\n".utf8)
        )
        #expect(malformed.status == 400 || malformed.status == 0, "\(malformed)")
        #expect(malformed.status != 413)
        // Huge headers are refused (or the connection is closed), and the server goes on.
        let huge = await Self.exchange(port: port, "GET /orders HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 200_000))\r\n\r\n")
        #expect(huge.status == 0 || (400..<500).contains(huge.status))
        // A slow client sending its body over two seconds does not hold up others.
        async let slow = Task.detached {
            await Self.exchange(
                port: port,
                "POST /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n",
                body: Array("[]".utf8),
                pauseAfterHead: 2
            )
        }.value
        let started = Date()
        let quick = await Self.exchange(port: port, Self.request("GET", "/orders", headers: ["Account-Id: a"]).0)
        #expect(quick.status == 200)
        #expect(Date().timeIntervalSince(started) < 1.5)
        #expect(await slow.status == 400)  // [] fails minItems
        #expect(await Self.exchange(port: port, Self.request("GET", "/nope").0).status == 403)
        #expect(await server.stop() == 0)
    }

    @Test func sigtermLetsRequestsInFlightFinish() async throws {
        let server = try await Server.start(["Fixtures/apis/orders-validation.json"])
        let port = server.port
        // A request whose body arrives a second after its head is in flight when SIGTERM comes. On a
        // thread of its own: with the whole suite running, the cooperative pool can be busy for longer.
        let slow = Recorder<(status: Int, body: String)>()
        Thread {
            slow.set(
                Self.exchangeBlocking(
                    port: port,
                    "POST /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n",
                    body: Array("[]".utf8),
                    pauseAfterHead: 1
                )
            )
        }.start()
        // Long enough for the head to be read, short of the body's second.
        try await Task.sleep(for: .milliseconds(500))
        let status = await server.terminate()
        while slow.value == nil { try await Task.sleep(for: .milliseconds(50)) }
        #expect(slow.value?.status == 400)
        #expect(status == 0)
    }

    /// A value set by one thread and read by another.
    final class Recorder<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Value?
        func set(_ value: Value) { lock.withLock { stored = value } }
        var value: Value? { lock.withLock { stored } }
    }

    @Test func reloadsTheDefinitionAndKeepsTheOldOneWhenTheNewFailsToLoad() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("api.json")
        func write(_ message: String) throws {
            let api = """
                {"swagger": "2.0", "info": {"title": "t"}, "paths": {"/hello": {"get": {"responses": {"200": {"description": "ok"}},
                 "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
                 "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "\(message)"}}}}}}}}
                """
            try Data(api.utf8).write(to: file)
        }
        try write("one")
        let server = try await Server.start([file.path])
        let port = server.port
        #expect(await Self.exchange(port: port, Self.request("GET", "/hello").0).body == "one")
        try await Task.sleep(for: .milliseconds(1100))
        try write("two")
        var body = ""
        for _ in 0..<20 where body != "two" {
            try await Task.sleep(for: .milliseconds(250))
            body = await Self.exchange(port: port, Self.request("GET", "/hello").0).body
        }
        #expect(body == "two")
        try Data("{ not json".utf8).write(to: file)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(await Self.exchange(port: port, Self.request("GET", "/hello").0).body == "two")
        #expect(await server.stop() == 0)
    }
}
