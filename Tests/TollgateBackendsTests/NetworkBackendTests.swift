import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TollgateBackends
import TollgateGateway
import TollgateOpenAPI

/// The network backends against a real HTTP server on loopback: an HTTP integration, a Lambda Invoke API
/// endpoint (as `sam local start-lambda` serves it), a timeout, a refused connection, and local commands.
@Suite struct NetworkBackendTests {
    static let definition = """
        {"swagger": "2.0", "info": {"title": "backends"}, "paths": {
          "/items/{id}": {"get": {"responses": {"200": {"description": "ok"}, "404": {"description": "missing"}},
            "parameters": [{"in": "path", "name": "id", "required": true, "type": "string"}],
            "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "http://127.0.0.1:PORT/backend/{id}",
              "requestParameters": {"integration.request.path.id": "method.request.path.id", "integration.request.header.X-Stage": "'test'"},
              "responses": {"default": {"statusCode": "200"}, "404": {"statusCode": "404", "responseTemplates": {"application/json": "{\\"missing\\": \\"$input.params('id')\\"}"}}}}}},
          "/slow": {"get": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "http://127.0.0.1:PORT/backend/slow",
              "timeoutInMillis": 1000, "responses": {"default": {"statusCode": "200"}}}}},
          "/fn": {"post": {"responses": {"200": {"description": "ok"}, "400": {"description": "bad"}},
            "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST",
              "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:remote/invocations",
              "responses": {"default": {"statusCode": "200"}, "Bad.*": {"statusCode": "400"}}}}},
          "/local": {"post": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST", "uri": "arn:aws:lambda:us-east-1:123456789012:function:local",
              "timeoutInMillis": 1500, "responses": {"default": {"statusCode": "200"}}}}}
        }}
        """

    /// A backend server: `/backend/{id}` answers by id (`slow` sleeps 5 s, past `/slow`'s 1 s
    /// timeout; `missing` is 404); the Lambda Invoke API echoes the event or fails with
    /// `X-Amz-Function-Error` when it contains "fail". The methods that must answer keep the default
    /// timeout (29 s): a test beside that holds the cooperative pool's threads can only delay them, and
    /// the slow one times out whenever its timer runs.
    static func backend() -> some ApplicationProtocol {
        let router = Router()
        router.get("/backend/:id") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            if id == "slow" { try await Task.sleep(for: .seconds(5)) }
            let status: HTTPResponse.Status = id == "missing" ? .notFound : .ok
            let body = #"{"id": "\#(id)", "stage": "\#(request.headers[HTTPField.Name("X-Stage")!] ?? "-")"}"#
            return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("/2015-03-31/functions/:name/invocations") { request, context -> Response in
            let event = String(buffer: try await request.body.collect(upTo: 1 << 20))
            if event.contains("fail") {
                return Response(
                    status: .ok,
                    headers: [HTTPField.Name("X-Amz-Function-Error")!: "Unhandled"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"errorMessage": "Bad input", "errorType": "Error"}"#))
                )
            }
            let name = context.parameters.get("name") ?? ""
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"function": "\#(name)", "event": \#(event)}"#)))
        }
        return Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
    }

    static func gateway(port: Int, backend: NetworkBackend) throws -> Gateway {
        try Gateway(OpenAPILoader.load(definition.replacingOccurrences(of: "PORT", with: String(port))), backend: backend)
    }

    static func send(_ gateway: Gateway, _ method: HTTPRequest.Method, _ target: String, body: String = "") async -> GatewayResponse {
        await gateway.handle(
            GatewayRequest(method: method, target: target, headers: [.contentType: "application/json"], body: Array(body.utf8)),
            context: InvocationContext(requestId: "r", timeEpochMillis: 0)
        ).response
    }

    @Test func httpIntegrationsAndTheLambdaInvokeAPI() async throws {
        try await Self.backend().test(.live) { client in
            let port = try #require(client.port)
            let gateway = try Self.gateway(port: port, backend: NetworkBackend(lambdaEndpoint: "http://127.0.0.1:\(port)/"))

            let item = await Self.send(gateway, .get, "/items/7")
            #expect(item.status.code == 200)
            #expect(item.text == #"{"id": "7", "stage": "test"}"#)
            let missing = await Self.send(gateway, .get, "/items/missing")
            #expect(missing.status.code == 404)
            #expect(missing.text == #"{"missing": "missing"}"#)
            let slow = await Self.send(gateway, .get, "/slow")
            #expect(slow.status.code == 504)
            #expect(slow.text == #"{"message":"Endpoint request timed out"}"#)

            let invoked = await Self.send(gateway, .post, "/fn", body: #"{"x": 1}"#)
            #expect(invoked.status.code == 200)
            #expect(invoked.text == #"{"function": "remote", "event": {"x": 1}}"#)
            let failed = await Self.send(gateway, .post, "/fn", body: #"{"x": "fail"}"#)
            #expect(failed.status.code == 400)
        }
    }

    @Test func refusedConnectionsAreIntegrationFailures() async throws {
        // Port 1 on loopback: nothing listens there.
        let gateway = try Self.gateway(port: 1, backend: NetworkBackend(lambdaEndpoint: "http://127.0.0.1:1"))
        let response = await Self.send(gateway, .get, "/items/7")
        #expect(response.status.code == 504)
        #expect(response.header("x-amzn-ErrorType") == "InternalServerErrorException")
        #expect(await Self.send(gateway, .post, "/fn", body: "{}").status.code == 504)
    }

    @Test func localCommandsAndTheirTimeout() async throws {
        let echo = try Self.gateway(port: 1, backend: NetworkBackend(commands: ["local": "cat"]))
        #expect(await Self.send(echo, .post, "/local", body: #"{"a": 1}"#).text == #"{"a": 1}"#)
        let sleeper = try Self.gateway(port: 1, backend: NetworkBackend(commands: ["local": "sleep 60"]))
        let started = Date()
        let response = await Self.send(sleeper, .post, "/local", body: "{}")
        #expect(response.status.code == 504)
        // The 1.5 s timeout, not the command's 60 s (a wide bound: with the whole suite running, the timer
        // may wait seconds for a thread).
        #expect(Date().timeIntervalSince(started) < 30)
        // A command that exits without reading its input (here 200 KiB): its answer, not a crash.
        let deaf = try Self.gateway(port: 1, backend: NetworkBackend(commands: ["local": #"echo '{"ok": true}'"#]))
        let big = "{\"pad\": \"" + String(repeating: "x", count: 200 * 1024) + "\"}"
        for _ in 0..<5 { #expect(await Self.send(deaf, .post, "/local", body: big).text.hasPrefix(#"{"ok": true}"#)) }
        // A program that is not there, or exits without an error object: Lambda's Runtime.ExitError, not
        // an empty success; a command's own error object is kept.
        for command in ["/no/such/program", "cat > /dev/null; exit 3"] {
            let missing = try Self.gateway(port: 1, backend: NetworkBackend(commands: ["local": command]))
            let text = await Self.send(missing, .post, "/local", body: "{}").text
            #expect(text.hasPrefix(#"{"errorType": "Runtime.ExitError", "errorMessage": "RequestId: "#), "\(text)")
            #expect(text.hasSuffix("Runtime exited with error: exit status \(command.hasPrefix("/") ? 127 : 3)\"}"))
        }
        let own = try Self.gateway(port: 1, backend: NetworkBackend(commands: ["local": #"echo '{"errorMessage": "boom"}'; exit 1"#]))
        #expect(await Self.send(own, .post, "/local", body: "{}").text.contains("boom"))
        // Past Lambda's 6 MB response limit: Lambda's error object, the command stopped (here it would
        // print 300 MB), not a 300 MB answer.
        let flood = try Self.gateway(
            port: 1,
            backend: NetworkBackend(commands: ["local": "cat > /dev/null; head -c 300000000 /dev/zero | tr '\\0' a"])
        )
        let flooded = await Self.send(flood, .post, "/local", body: "{}")
        #expect(flooded.text.contains(#""errorType": "Function.ResponseSizeTooLarge""#), "\(flooded.text.prefix(200))")
        #expect(flooded.body.count < 1000)
        // At the limit exactly: the output as it is.
        let full = try Self.gateway(
            port: 1,
            backend: NetworkBackend(commands: ["local": "cat > /dev/null; head -c \(LocalCommand.responseLimitBytes) /dev/zero | tr '\\0' a"])
        )
        #expect(await Self.send(full, .post, "/local", body: "{}").body.count == LocalCommand.responseLimitBytes)
        // No command and no endpoint: a configuration error.
        let none = try Self.gateway(port: 1, backend: NetworkBackend())
        #expect(await Self.send(none, .post, "/local", body: "{}").status.code == 500)
    }
}

extension GatewayResponse {
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}
