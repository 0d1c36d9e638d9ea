import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateVTL
import _TollgateTestSupport

/// `aws_proxy` (Lambda proxy format 1.0) from an OpenAPI 3 YAML definition, and binary media types (docs/behaviour.md §8.6).
@Suite struct ProxyAndBinaryTests {
    @Test func proxyEventAndResponse() async throws {
        let box = Recorder<JSONValue>()
        let backend = ClosureBackend(functions: [
            "items": { payload in
                box.add(try! JSONValue(parsing: payload))
                return .success(Array(#"{"statusCode": 201, "headers": {"X-Item": "7"}, "body": "{\"id\":\"7\"}"}"#.utf8))
            },
            "catch-all": { payload in
                box.add(try! JSONValue(parsing: payload))
                return .success(
                    Array(
                        #"{"statusCode": "200", "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "aGk=", "isBase64Encoded": true}"#.utf8
                    )
                )
            },
        ])
        let gateway = try Support.gateway("apis/proxy-lambda.yaml", stage: Stage(name: "dev", variables: [("env", "test")]), backend: backend)

        let item = await Support.send(gateway, .get, "/items/7?x=1&x=2", headers: [("Accept", "application/json")])
        #expect(item.status.code == 201)
        #expect(item.text == #"{"id":"7"}"#)
        #expect(item.header("X-Item") == "7")
        let event = try #require(box.last)
        #expect(event["resource"] == "/items/{id}")
        #expect(event["path"] == "/items/7")
        #expect(event["httpMethod"] == "GET")
        #expect(event["pathParameters"] == ["id": "7"])
        #expect(event["queryStringParameters"] == ["x": "2"])
        #expect(event["multiValueQueryStringParameters"] == ["x": ["1", "2"]])
        #expect(event["stageVariables"] == ["env": "test"])
        #expect(event["body"] == .null)
        #expect(event["isBase64Encoded"] == false)
        #expect(event["requestContext"]?["stage"] == "dev")
        #expect(event["requestContext"]?["requestId"] == "req-1")
        #expect(event["requestContext"]?["identity"]?["sourceIp"] == "203.0.113.7")

        let any = await Support.send(gateway, .delete, "/a/b/c", body: "payload")
        #expect(any.status.code == 200)
        // No binary media types in this API: the base64 text is the body (decoded only when the API's
        // binaryMediaTypes match the request's Accept; see LambdaProxyFidelityTests).
        #expect(any.text == "aGk=")
        #expect(any.headers[values: HTTPField.Name("Set-Cookie")!] == ["a=1", "b=2"])
        #expect(box.last?["pathParameters"] == ["proxy": "a/b/c"])
        #expect(box.last?["resource"] == "/{proxy+}")
        #expect(box.last?["body"] == "payload")
    }

    @Test(arguments: [
        #"not json"#, #"{"statusCode": "abc"}"#, #"{"statusCode": 200, "body": {"a": 1}}"#, #"{"statusCode": 200, "headers": ["x"]}"#,
    ])
    func malformedProxyResponsesAre502(answer: String) async throws {
        let backend = ClosureBackend(functions: ["items": { _ in .success(Array(answer.utf8)) }])
        let gateway = try Support.gateway("apis/proxy-lambda.yaml", backend: backend)
        let response = await Support.send(gateway, .get, "/items/1")
        #expect(response.status.code == 502)
        #expect(response.text == #"{"message": "Internal server error"}"#)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]

    @Test func binaryResponsesPassThroughOrBecomeBase64() async throws {
        let backend = ClosureBackend(http: { request in
            #expect(request.uri == "http://images.example/logo.png")
            return IntegrationHTTPResponse(status: 200, headers: [.contentType: "image/png"], body: Self.png)
        })
        let gateway = try Support.gateway("apis/binary-media.json", backend: backend)
        let image = await Support.send(gateway, .get, "/image", headers: [("Accept", "image/png")])
        #expect(image.status.code == 200)
        #expect(image.body == Self.png)
        #expect(image.header("Content-Type") == "image/png")
        let text = await Support.send(gateway, .get, "/image/base64", headers: [("Accept", "application/json")])
        #expect(text.text == Data(Self.png).base64EncodedString())
    }

    @Test func binaryRequestsReachTemplatesAsBase64() async throws {
        let box = Recorder<JSONValue>()
        let backend = ClosureBackend(functions: [
            "store": { payload in
                box.add(try! JSONValue(parsing: payload))
                return .success(Array(#"{"stored":true}"#.utf8))
            }
        ])
        let gateway = try Support.gateway("apis/binary-media.json", backend: backend)
        var fields = HTTPFields()
        fields[.contentType] = "application/octet-stream"
        let result = await gateway.handle(GatewayRequest(method: .post, target: "/upload", headers: fields, body: Self.png), context: Support.context)
        #expect(result.response.status.code == 200)
        let base64 = Data(Self.png).base64EncodedString()
        #expect(box.last == ["size": .string(String(base64.count)), "data": .string(base64)])
    }

    /// CONVERT_TO_BINARY and `$util.base64Decode` take the same text: padded standard base64 (one
    /// coding, `Base64Coding`); anything else is a 500 on the request side and an error in a template.
    @Test(
        arguments: [
            ("aGk=", "hi"), ("aMOpPw==", "hé?"), ("", ""), ("aGk", nil), ("aG k=", nil), ("aGk=\n", nil), ("a-_=", nil), ("***", nil),
        ] as [(String, String?)]
    )
    func convertToBinaryDecodesAsTheTemplatesDo(body: String, decoded: String?) async throws {
        let definition = #"""
            {"swagger": "2.0", "info": {"title": "b", "version": "1"}, "paths": {"/up": {"post": {
              "responses": {"200": {"description": "ok"}},
              "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "POST", "uri": "http://backend.example/up",
                "contentHandling": "CONVERT_TO_BINARY", "passthroughBehavior": "when_no_match",
                "responses": {"default": {"statusCode": "200"}}}}}}}
            """#
        let received = Recorder<[UInt8]>()
        let gateway = try Support.gateway(
            definition: definition,
            backend: ClosureBackend(http: { request in
                received.add(request.body)
                return IntegrationHTTPResponse(status: 200)
            })
        )
        let response = await Support.send(gateway, .post, "/up", headers: [("Content-Type", "text/plain")], body: body)
        let template = try VTLTemplate("$util.base64Decode($input.body)")
        let rendered = try? template.render(VTLBindings(apiGateway: APIGatewayInput(body: body))).text
        if let decoded {
            #expect(response.status.code == 200)
            #expect(received.last == Array(decoded.utf8))
            if !body.isEmpty { #expect(rendered == decoded) }
        } else {
            #expect(response.status.code == 500)
            #expect(received.last == nil)
            #expect(rendered == nil)
        }
    }
}
