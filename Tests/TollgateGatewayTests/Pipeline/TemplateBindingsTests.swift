import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import _TollgateTestSupport

/// A request's templates share their bindings: each sees its own `$input.body`, and the parameters and
/// `$context` whichever template reads them first (docs/behaviour.md §1–4).
@Suite struct TemplateBindingsTests {
    static let definition = #"""
        {"swagger": "2.0", "info": {"title": "bindings"}, "paths": {
          "/late/{id}": {"post": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
              "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json":
                "$input.params('id')|$input.params('q')|$input.params('X-H')|$context.resourcePath|$context.httpMethod|$input.body|$stageVariables.env"}}}}}},
          "/params": {"post": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
              "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json":
                "$input.params().header.get('X-H')|$input.params().querystring.get('q')|$input.params().header.size()|$input.params().querystring.size()"}}}}}},
          "/context": {"get": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
              "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json":
                "$context.requestTime|$context.requestTimeEpoch|$context.domainName|$context.domainPrefix|$context.path|$context.stage|$context.identity.sourceIp"}}}}}},
          "/early/{id}": {"post": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "POST", "uri": "https://backend.example/x",
              "requestTemplates": {"application/json": "$input.params('id')|$context.resourcePath|$input.json('$.a')"},
              "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json":
                "$input.json('$.b')|$input.params('id')|$context.requestId"}}}}}}
        }}
        """#

    @Test func eachTemplateSeesItsBodyAndTheRequestsParameters() async throws {
        let box = Recorder<String>()
        let backend = ClosureBackend { request in
            box.add(String(decoding: request.body, as: UTF8.self))
            return IntegrationHTTPResponse(status: 200, body: Array(#"{"b": "from backend"}"#.utf8))
        }
        let gateway = try Support.gateway(definition: Self.definition, stage: Stage(name: "dev", variables: [("env", "test")]), backend: backend)
        for round in 0..<2 {
            let late = await Support.send(
                gateway,
                .post,
                "/late/\(round)?q=x\(round)",
                headers: [("X-H", "h\(round)"), ("Content-Type", "application/json")],
                body: #"{"a": 1}"#
            )
            #expect(late.text == "\(round)|x\(round)|h\(round)|/late/{id}|POST|{}|test")
            let early = await Support.send(
                gateway,
                .post,
                "/early/e\(round)",
                headers: [("Content-Type", "application/json")],
                body: #"{"a": [\#(round)]}"#
            )
            #expect(box.last == "e\(round)|/early/{id}|[\(round)]")
            #expect(early.text == #""from backend"|e\#(round)|req-1"#)
        }
    }

    @Test func contextVariablesForTheRequest() async throws {
        let gateway = try Support.gateway(definition: Self.definition, stage: Stage(name: "dev", variables: [("env", "test")]))
        let response = await Support.send(gateway, .get, "/context", headers: [("Host", "abc123.execute-api.us-east-1.amazonaws.com")])
        // Support.context: 1,553,114,310,423 ms after the epoch is 20 March 2019, 20:38:30 UTC.
        #expect(
            response.text
                == "20/Mar/2019:20:38:30 +0000|1553114310423|abc123.execute-api.us-east-1.amazonaws.com|abc123|/dev/context|dev|203.0.113.7"
        )
    }

    /// `$input.params()` holds the first value of a repeated header or query name, in the first's place,
    /// for a few parameters and for many.
    @Test(arguments: [2, 40])
    func repeatedNamesKeepTheirFirstValue(extra: Int) async throws {
        let gateway = try Support.gateway(definition: Self.definition, stage: Stage(name: "dev", variables: [("env", "test")]))
        let fillers = (0..<extra).map { ("X-F\($0)", "\($0)") }
        let query = (0..<extra).map { "f\($0)=\($0)" }.joined(separator: "&")
        let response = await Support.send(
            gateway,
            .post,
            "/params?q=first&\(query)&q=second",
            headers: [("X-H", "one"), ("Content-Type", "application/json")] + fillers + [("x-h", "two")],
            body: "{}"
        )
        #expect(response.text == "one|first|\(extra + 2)|\(extra + 1)")
    }
}
