import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import _TollgateTestSupport

/// `requestParameters` and `responseParameters` with every kind of source (docs/behaviour.md §8.3), parsed when the
/// definition loads and filled per request.
@Suite struct ParameterMappingTests {
    static let definition = #"""
        {"swagger": "2.0", "info": {"title": "mappings"}, "paths": {
          "/items/{id}": {"post": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "PUT", "uri": "https://backend.example/things/{id}",
              "requestParameters": {
                "integration.request.path.id": "method.request.path.id",
                "integration.request.querystring.q": "method.request.querystring.q",
                "integration.request.querystring.all": "method.request.multivaluequerystring.q",
                "integration.request.header.X-Static": "'fixed value'",
                "integration.request.header.X-Stage": "stageVariables.env",
                "integration.request.header.X-Name": "method.request.body.user.name",
                "integration.request.header.X-User": "method.request.body.user",
                "integration.request.header.X-Body": "method.request.body",
                "integration.request.header.X-Multi": "method.request.multivalueheader.X-Multi",
                "integration.request.header.X-One": "method.request.header.x-one",
                "integration.request.header.X-Method": "context.httpMethod",
                "integration.request.header.X-Source-Ip": "context.identity.sourceIp",
                "integration.request.header.X-Absent": "method.request.header.X-Absent",
                "integration.request.header.X-Unreadable": "method.request.body.a[?(@.x =~ /y/)]"
              },
              "responses": {"default": {"statusCode": "200", "responseParameters": {
                "method.response.header.X-From-Header": "integration.response.header.X-Backend",
                "method.response.header.X-Rep": "integration.response.multivalueheader.X-Rep",
                "method.response.header.X-Deep": "integration.response.body.a.b",
                "method.response.header.X-Object": "integration.response.body.a",
                "method.response.header.X-Status": "integration.response.body.errorMessage.httpStatus",
                "method.response.header.X-Static": "'s'",
                "method.response.header.X-Query": "method.request.querystring.q",
                "method.response.header.X-None": "integration.response.body.nope",
                "method.response.header.X-First": "integration.response.body.list[0].id",
                "method.response.header.X-Named": "integration.response.body.a['b']",
                "method.response.header.X-Dashed": "integration.response.body.a-b.c"
              }}}}}}
        }}
        """#

    @Test func everySourceFillsItsTarget() async throws {
        let box = Recorder<IntegrationHTTPRequest>()
        let backend = ClosureBackend { request in
            box.add(request)
            var headers = HTTPFields()
            headers.append(HTTPField(name: HTTPField.Name("X-Backend")!, value: "v1"))
            headers.append(HTTPField(name: HTTPField.Name("X-Rep")!, value: "1"))
            headers.append(HTTPField(name: HTTPField.Name("X-Rep")!, value: "2"))
            return IntegrationHTTPResponse(
                status: 200,
                headers: headers,
                body: Array(#"{"errorMessage": "{\"httpStatus\": 418}", "a": {"b": "deep"}, "list": [{"id": 7}], "a-b": {"c": "dash"}}"#.utf8)
            )
        }
        let gateway = try Support.gateway(definition: Self.definition, stage: Stage(name: "dev", variables: [("env", "test")]), backend: backend)
        let body = #"{"user": {"name": "Zoe"}, "n": 3}"#
        // Twice: nothing a request fills may stay for the next.
        for _ in 0..<2 {
            let response = await Support.send(
                gateway,
                .post,
                "/items/42?q=a&q=b",
                headers: [("X-One", "1"), ("X-Multi", "a"), ("X-Multi", "b"), ("Content-Type", "application/json")],
                body: body
            )
            #expect(response.status.code == 200)
            let sent = try #require(box.last)
            #expect(sent.method == "PUT")
            #expect(sent.uri == "https://backend.example/things/42?all=a%2Cb&q=a")
            let expected: [(String, String?)] = [
                ("X-Static", "fixed value"), ("X-Stage", "test"), ("X-Name", "Zoe"), ("X-User", #"{"name":"Zoe"}"#), ("X-Body", body),
                ("X-Multi", "a,b"), ("X-One", "1"), ("X-Method", "POST"), ("X-Source-Ip", "203.0.113.7"), ("X-Absent", nil), ("X-Unreadable", nil),
            ]
            for (name, value) in expected {
                #expect(sent.headers[HTTPField.Name(name)!] == value, "\(name)")
            }
            let mapped: [(String, String?)] = [
                ("X-From-Header", "v1"), ("X-Rep", "1,2"), ("X-Deep", "deep"), ("X-Object", #"{"b":"deep"}"#), ("X-Status", "418"),
                ("X-Static", "s"), ("X-Query", "a"), ("X-None", nil), ("X-First", "7"), ("X-Named", "deep"), ("X-Dashed", "dash"),
            ]
            for (name, value) in mapped {
                #expect(response.header(name) == value, "\(name)")
            }
        }
    }

    @Test func gatewayResponseHeadersMergeTheFamilysAndTheirOwn() async throws {
        let definition = #"""
            {"swagger": "2.0", "info": {"title": "t"}, "paths": {},
             "x-amazon-apigateway-gateway-responses": {
               "DEFAULT_4XX": {"responseParameters": {"gatewayresponse.header.X-Family": "'4xx'", "gatewayresponse.header.X-Both": "'family'"}},
               "MISSING_AUTHENTICATION_TOKEN": {"responseParameters": {
                 "gatewayresponse.header.X-Both": "'own'", "gatewayresponse.header.X-Path": "method.request.querystring.p",
                 "gatewayresponse.header.X-Stage": "stageVariables.env"}}}}
            """#
        let gateway = try Support.gateway(definition: definition, stage: Stage(name: "dev", variables: [("env", "test")]))
        let missing = await Support.send(gateway, .get, "/nowhere?p=7")
        #expect(missing.status.code == 403)
        #expect(missing.header("X-Family") == "4xx")
        #expect(missing.header("X-Both") == "own")
        #expect(missing.header("X-Path") == "7")
        #expect(missing.header("X-Stage") == "test")
    }
}
