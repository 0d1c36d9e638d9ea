import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import _TollgateTestSupport

/// Mock integrations with overrides and maps ("Override your API's request and response parameters and
/// status codes" in the developer guide: an override set in a request template is applied after the
/// template, a response override is final).
@Suite struct MockOverrideTests {
    static func api(request: String, responses: String) -> String {
        """
        {"swagger": "2.0", "info": {"title": "mock"}, "paths": {"/m": {"post": {
          "responses": {"200": {"description": "ok", "headers": {"X-Out": {"type": "string"}}}, "444": {"description": "odd"}},
          "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": \(request)}, "responses": \(responses)}}}}}
        """
    }

    func call(_ definition: String) async throws -> GatewayResponse {
        let gateway = try Support.gateway(definition: definition)
        return await Support.send(gateway, .post, "/m", headers: [("Content-Type", "application/json")], body: #"{"a": 1}"#)
    }

    @Test func responseOverridesInTheResponseTemplate() async throws {
        let response = try await call(
            Self.api(
                request: #""{\"statusCode\": 200}""#,
                responses:
                    ##"{"default": {"statusCode": "200", "responseTemplates": {"application/json": "#set($context.responseOverride.status = 444)#set($context.responseOverride.header.X-Out = 'over')done"}}}"##
            )
        )
        #expect(response.status.code == 444)
        #expect(response.header("X-Out") == "over")
        #expect(response.text == "done")
    }

    @Test func mapsSetAndPutAreRendered() async throws {
        let response = try await call(
            Self.api(
                request: #""{\"statusCode\": 200}""#,
                responses:
                    ##"{"default": {"statusCode": "200", "responseTemplates": {"application/json": "#set($m = {})#set($m.a = 1)$m.put('b', 'two')$m"}}}"##
            )
        )
        #expect(response.text == "{a=1, b=two}")
    }

    @Test func mockStatusWithAndWithoutAMatchingResponse() async throws {
        let matched = try await call(
            Self.api(request: #""{\"statusCode\": 444}""#, responses: #"{"default": {"statusCode": "200"}, "444": {"statusCode": "444"}}"#)
        )
        #expect(matched.status.code == 444)
        // No pattern matches 500 and there is a default: the default answers.
        let fallback = try await call(Self.api(request: #""{\"statusCode\": 500}""#, responses: #"{"default": {"statusCode": "200"}}"#))
        #expect(fallback.status.code == 200)
        // No default and no match: 500 (no integration response).
        let none = try await call(Self.api(request: #""{\"statusCode\": 500}""#, responses: #"{"444": {"statusCode": "444"}}"#))
        #expect(none.status.code == 500)
    }

    /// A response override set in a mock's request template reaches the client (recorded on AWS in
    /// LocalStack's test_apigateway_integrations snapshot, mock with overrides).
    @Test func responseOverrideFromTheRequestTemplate() async throws {
        let response = try await call(
            Self.api(
                request:
                    ##""#set($context.responseOverride.status = 444)#set($context.responseOverride.header.X-Out = 'req'){\"statusCode\": 200}""##,
                responses: #"{"default": {"statusCode": "200", "responseTemplates": {"application/json": "body"}}}"#
            )
        )
        #expect(response.status.code == 444)
        #expect(response.header("X-Out") == "req")
    }

    /// A request override is readable in the response template as `$context.requestOverride.*`.
    @Test func requestOverrideReadInTheResponseTemplate() async throws {
        let response = try await call(
            Self.api(
                request:
                    ##""#set($context.requestOverride.header.X-Req = 'r1')#set($context.requestOverride.querystring.q = 'v'){\"statusCode\": 200}""##,
                responses:
                    #"{"default": {"statusCode": "200", "responseTemplates": {"application/json": "$context.requestOverride.header.X-Req|$context.requestOverride.querystring.q"}}}"#
            )
        )
        #expect(response.text == "r1|v")
    }
}

/// A non-proxy integration without a response template: the body passes through, the backend's
/// headers do not (Content-Type included) unless responseParameters map them.
@Suite struct PassthroughResponseHeaderTests {
    static func api(mapped: Bool) -> String {
        let parameters = mapped ? #", "responseParameters": {"method.response.header.Content-Type": "integration.response.header.Content-Type"}"# : ""
        return """
            {"swagger": "2.0", "info": {"title": "t"}, "paths": {"/page": {"get": {
              "responses": {"200": {"description": "ok", "headers": {"Content-Type": {"type": "string"}}}},
              "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/page",
                "responses": {"default": {"statusCode": "200"\(parameters)}}}}}}}
            """
    }

    @Test func backendHeadersReachTheClientOnlyWhenMapped() async throws {
        let backend = ClosureBackend(http: { _ in
            IntegrationHTTPResponse(
                status: 200,
                headers: [.contentType: "text/html", HTTPField.Name("X-Backend")!: "1"],
                body: Array("<p>hi</p>".utf8)
            )
        })
        let plain = await Support.send(try Support.gateway(definition: Self.api(mapped: false), backend: backend), .get, "/page")
        #expect(plain.text == "<p>hi</p>")
        #expect(plain.header("Content-Type") == "application/json")
        #expect(plain.header("X-Backend") == nil)
        let mapped = await Support.send(try Support.gateway(definition: Self.api(mapped: true), backend: backend), .get, "/page")
        #expect(mapped.header("Content-Type") == "text/html")
    }
}

/// Headers API Gateway drops on arrival are not there for templates or parameter mappings either
/// (recorded on AWS in LocalStack's test_apigateway_common snapshot: they never reach an integration).
@Suite struct DroppedRequestHeaderTests {
    @Test func droppedHeadersAreNotMappable() async throws {
        let sent = Recorder<IntegrationHTTPRequest>()
        let definition = ##"""
            {"swagger": "2.0", "info": {"title": "t"}, "paths": {"/h": {"post": {"responses": {"200": {"description": "ok"}},
              "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "POST", "uri": "https://backend.example/h",
                "requestParameters": {"integration.request.header.X-Conn": "method.request.header.Connection",
                  "integration.request.header.X-Ok": "method.request.header.X-Ok"},
                "requestTemplates": {"application/json": "[$input.params('Content-MD5')][$input.params('X-Ok')][#foreach($h in $input.params().header.keySet())$h #end]"},
                "responses": {"default": {"statusCode": "200"}}}}}}}
            """##
        let backend = ClosureBackend(http: { request in
            sent.add(request)
            return IntegrationHTTPResponse(status: 200)
        })
        let gateway = try Support.gateway(definition: definition, backend: backend)
        _ = await Support.send(
            gateway,
            .post,
            "/h",
            headers: [("Content-Type", "application/json"), ("Content-MD5", "abc"), ("Connection", "keep-alive"), ("X-Ok", "fine")],
            body: "{}"
        )
        let request = try #require(sent.last)
        #expect(String(decoding: request.body, as: UTF8.self) == "[][fine][Content-Type X-Ok ]")
        #expect(request.headers[HTTPField.Name("X-Ok")!] == "fine")
        #expect(request.headers[HTTPField.Name("X-Conn")!] == nil)
    }
}

/// Parameter mappings that target a header API Gateway will not set load, and fail the method with 500
/// when it runs; other methods of the API are unaffected.
@Suite struct RefusedHeaderMappingTests {
    static func api(request: String = "", response: String = "") -> String {
        """
        {"swagger": "2.0", "info": {"title": "t"}, "paths": {
          "/bad": {"get": {"responses": {"200": {"description": "ok", "headers": {"Authorization": {"type": "string"}, "X-Fine": {"type": "string"}}}},
            "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/",
              "requestParameters": {\(request)}, "responses": {"default": {"statusCode": "200", "responseParameters": {\(response)}}}}}},
          "/good": {"get": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
              "responses": {"default": {"statusCode": "200"}}}}}}}
        """
    }

    @Test(arguments: [
        (#""integration.request.header.Content-Length": "'10'""#, ""), (#""integration.request.header.Transfer-Encoding": "'chunked'""#, ""),
        (#""integration.request.header.Connection": "'close'""#, ""), ("", #""method.response.header.Authorization": "'x'""#),
    ])
    func refusedTargetsAre500(request: String, response: String) async throws {
        let backend = ClosureBackend(http: { _ in IntegrationHTTPResponse(status: 200) })
        let gateway = try Support.gateway(definition: Self.api(request: request, response: response), backend: backend)
        #expect(await Support.send(gateway, .get, "/bad").status.code == 500)
        #expect(await Support.send(gateway, .get, "/good").status.code == 200)
    }

    @Test func ordinaryTargetsWork() async throws {
        let backend = ClosureBackend(http: { _ in IntegrationHTTPResponse(status: 200) })
        let definition = Self.api(
            request: #""integration.request.header.Authorization": "'Bearer x'""#,
            response: #""method.response.header.X-Fine": "'1'""#
        )
        let response = await Support.send(try Support.gateway(definition: definition, backend: backend), .get, "/bad")
        #expect(response.status.code == 200)
        #expect(response.header("X-Fine") == "1")
    }
}
