import Foundation
import Testing

/// End-to-end tests of `tollgate invoke`.
struct InvokeCommandTests {
    @Test func printsTheResponseAsCurlDoes() async throws {
        let result = try await CLI.run([
            "invoke", "Fixtures/apis/orders-validation.json", "POST", "/orders", "-H", "Content-Type: application/json", "--data",
            "@Fixtures/payloads/orders-valid.json",
        ])
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "HTTP/1.1 200 OK")
        #expect(lines.contains("Content-Type: application/json"))
        #expect(lines.contains { $0.hasPrefix("x-amzn-RequestId: ") })
        #expect(result.stdout.hasSuffix("\r\n\r\n{\"message\" : \"Orders successfully created\"}"))
    }

    @Test func errorStatusesStillExitZeroAndLogGoesToStderr() async throws {
        let result = try await CLI.run(["invoke", "Fixtures/apis/orders-validation.json", "GET", "/orders", "--log"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(result.stdout.hasSuffix(#"{"message":"Missing required request parameters: [Account-Id]"}"#))
        #expect(result.stderr.contains("Method completed with status: 400"))
    }

    @Test func functionsAreLocalCommands() async throws {
        let failing =
            #"cat > /dev/null; echo '{"errorMessage":"{\"errorType\":\"NotFound\",\"httpStatus\":404,\"requestId\":\"r1\",\"message\":\"no order\"}"}'; exit 1"#
        let result = try await CLI.run([
            "invoke", "Fixtures/apis/error-handling.json", "GET", "/lambda", "--query", "status=404", "--function", "error-demo=\(failing)",
        ])
        #expect(result.stdout.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(result.stdout.hasSuffix("{\n  \"type\" : \"NotFound\",\n  \"message\" : \"no order\",\n  \"request-id\" : \"r1\"\n}"))
        // The function sees the mapped event on stdin.
        let echo = try await CLI.run(["invoke", "Fixtures/apis/error-handling.json", "GET", "/lambda?status=200", "--function", "error-demo=cat"])
        #expect(echo.stdout.hasSuffix("{\"failureStatus\" : 200\n}"))
    }

    @Test func badDefinitionsAndArgumentsExitTwo() async throws {
        let missing = try await CLI.run(["invoke", "Fixtures/apis/nope.json", "GET", "/"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read Fixtures/apis/nope.json"))
        let badQuery = try await CLI.run(["invoke", "Fixtures/apis/orders-validation.json", "GET", "/orders", "--query", "novalue"])
        #expect(badQuery.status != 0)
        let badMethod = try await CLI.run(["invoke", "Fixtures/apis/orders-validation.json", "FO O", "/orders"])
        #expect(badMethod.status == 64)
        #expect(badMethod.stderr.contains("not an HTTP method: FO O"))
        let badDefinition = try await CLI.run(["invoke", "Fixtures/payloads/orders-valid.json", "GET", "/"])
        #expect(badDefinition.status == 2)
        #expect(badDefinition.stderr.contains("Fixtures/payloads/orders-valid.json:1:1: /: an API definition is a JSON or YAML object"))
    }
}
