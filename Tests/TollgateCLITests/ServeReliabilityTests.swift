import Foundation
import Testing

/// `tollgate serve` refusing what it should: a `--host` that is no address, an HTTP/1.1 request
/// without `Host`; and saying why a request got a 5xx at debug level.
@Suite(.serialized) struct ServeReliabilityTests {
    typealias Server = ServeCommandTests.Server

    @Test func aHostThatIsNoAddressIsRefused() throws {
        for host in ["examp1e.com", "127.0.0.256", "local host"] {
            let result = try CLI.run(["serve", "Fixtures/apis/orders-validation.json", "--host", host, "--port", "0"])
            #expect(result.status == 64, "\(host)")
            #expect(result.stderr.contains("--host takes an IPv4 or IPv6 address or localhost"), "\(result.stderr)")
        }
    }

    @Test func aRequestWithoutHostIs400() throws {
        let server = try Server(["Fixtures/apis/orders-validation.json"])
        defer { _ = server.stop() }
        #expect(server.port > 0, "\(server.lines)")
        let missing = ServeCommandTests.exchange(port: server.port, "GET /orders?type=STOCK HTTP/1.1\r\nAccount-Id: 1\r\nConnection: close\r\n\r\n")
        #expect(missing == (400, #"{"message":"Bad Request"}"#))
        let present = ServeCommandTests.exchange(port: server.port, "GET /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(present.status == 400 && present.body.contains("Missing required request parameters"))
    }

    @Test func debugLevelSaysWhyARequestGotA5xx() throws {
        let server = try Server(
            ["Fixtures/apis/aws-stepfunctions.yaml", "--log-level", "debug"],
            environment: [
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                "AWS_CONFIG_FILE": "/nonexistent",
            ]
        )
        #expect(server.port > 0, "\(server.lines)")
        let (head, body) = ServeCommandTests.request("POST", "/executions", headers: ["Content-Type: application/json"], body: "{}")
        #expect(ServeCommandTests.exchange(port: server.port, head, body: body).status == 500)
        _ = server.stop()
        let rest = String(decoding: server.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("Execution failed due to configuration error: no AWS credentials"), "\(rest)")
        #expect(rest.contains("Gateway response type: API_CONFIGURATION_ERROR with status code: 500"))
    }
}
