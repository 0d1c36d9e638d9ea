import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// The Lambda proxy event and response as AWS sends and reads them ("Input format of a Lambda function
/// for proxy integration", "Output format …" in the developer guide; the event shapes recorded on AWS in
/// LocalStack's test_apigateway_lambda snapshot), and HTTP_PROXY's request and response headers.
@Suite struct LambdaProxyFidelityTests {
    static let definition = """
        {"swagger": "2.0", "info": {"title": "proxy"}, "x-amazon-apigateway-binary-media-types": ["image/png"],
         "paths": {
           "/{proxy+}": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST",
             "uri": "arn:aws:lambda:us-east-1:123456789012:function:fn"}}},
           "/users/{id}": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST",
             "uri": "arn:aws:lambda:us-east-1:123456789012:function:fn"}}},
           "/getonly": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "GET",
             "uri": "arn:aws:lambda:us-east-1:123456789012:function:fn"}}},
           "/http/{proxy+}": {"x-amazon-apigateway-any-method": {"parameters": [{"name": "proxy", "in": "path", "required": true, "type": "string"}],
             "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "ANY", "uri": "https://backend.example/base/{proxy}",
               "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy",
                 "integration.request.header.X-From-Gateway": "'yes'", "integration.request.querystring.added": "'1'"}}}}
         }}
        """

    final class Backend: @unchecked Sendable {
        let events = Recorder<JSONValue>()
        let sent = Recorder<IntegrationHTTPRequest>()
        var answer = #"{"statusCode": 200, "body": "ok"}"#
        var httpAnswer = IntegrationHTTPResponse(status: 200)

        var backend: ClosureBackend {
            ClosureBackend(
                functions: [
                    "fn": { payload in
                        self.events.add(try! JSONValue(parsing: payload))
                        return .success(Array(self.answer.utf8))
                    }
                ],
                http: { request in
                    self.sent.add(request)
                    return self.httpAnswer
                }
            )
        }
    }

    func send(
        _ gateway: Gateway,
        _ method: HTTPRequest.Method = .get,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    )
        async -> GatewayResponse
    {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return await gateway.handle(GatewayRequest(method: method, target: target, headers: fields, body: body), context: Support.context).response
    }

    @Test func pathsAndPathParametersAsSent() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.definition, stage: Stage(name: "test"), backend: backend.backend)
        let cases: [(String, String, String)] = [
            ("/test-path", "/test-path", "test-path"),
            ("/test-path/", "/test-path/", "test-path"),
            (
                "/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com",
                "/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com",
                "test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
            ),
            ("//double", "/double", "double"),
        ]
        for (target, path, proxy) in cases {
            #expect(await send(gateway, .get, target).status.code == 200, "\(target)")
            let event = try #require(backend.events.last)
            #expect(event["path"]?.stringValue == path, "\(target)")
            #expect(event["pathParameters"]?["proxy"]?.stringValue == proxy, "\(target)")
            #expect(event["resource"]?.stringValue == "/{proxy+}")
            #expect(event["requestContext"]?["path"]?.stringValue == "/test" + path, "\(target)")
            #expect(event["requestContext"]?["resourcePath"]?.stringValue == "/{proxy+}")
        }
        #expect(await send(gateway, .get, "/users/a%40b.com").status.code == 200)
        #expect(backend.events.last?["pathParameters"] == ["id": "a%40b.com"])
    }

    @Test func queryAndHeaders() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.definition, backend: backend.backend)
        let target =
            "/q?category=electronics&category=books&price=10&price=20&price=30&empty=&plus=test+alias%40gmail.com&email=test%2Balias%40gmail.com"
        _ = await send(
            gateway,
            .post,
            target,
            headers: [
                ("X-Multi", "1"), ("x-multi", "2"), ("tEsT-HEADeR", "aValUE"), ("Content-Length", "0"), ("Connection", "keep-alive"),
                ("TE", "trailers"),
            ]
        )
        let event = try #require(backend.events.last)
        #expect(
            event["queryStringParameters"] == [
                "category": "books", "price": "30", "empty": "", "plus": "test alias@gmail.com", "email": "test+alias@gmail.com",
            ]
        )
        #expect(event["multiValueQueryStringParameters"]?["category"] == ["electronics", "books"])
        #expect(event["multiValueQueryStringParameters"]?["price"] == ["10", "20", "30"])
        // Names keep their casing; a repeated name (in any case) is one entry, the last value in `headers`.
        #expect(event["headers"]?["tEsT-HEADeR"] == "aValUE")
        #expect(event["headers"]?["X-Multi"] == "2")
        #expect(event["multiValueHeaders"]?["X-Multi"] == ["1", "2"])
        // Framing and hop-by-hop headers never reach the function.
        for dropped in ["Content-Length", "Connection", "TE"] { #expect(event["headers"]?[dropped] == nil, "\(dropped)") }
        #expect(event["body"] == .null)
        #expect(event["isBase64Encoded"] == false)
    }

    @Test func requestContextHasEveryMember() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.definition, stage: Stage(name: "test"), backend: backend.backend)
        _ = await send(gateway, .get, "/ctx", headers: [("Host", "abc123.execute-api.us-east-1.amazonaws.com"), ("User-Agent", "curl/8")])
        let context = try #require(backend.events.last?["requestContext"])
        let members = [
            "accountId", "apiId", "deploymentId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "identity", "path", "protocol",
            "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage",
        ]
        #expect(context.objectValue.map { Set($0.keys) } == Set(members))
        #expect(context["domainName"] == "abc123.execute-api.us-east-1.amazonaws.com")
        #expect(context["domainPrefix"] == "abc123")
        #expect(context["protocol"] == "HTTP/1.1")
        #expect(context["requestTime"] == "20/Mar/2019:20:38:30 +0000")
        #expect(context["requestTimeEpoch"]?.numberValue?.int64Value == 1_553_114_310_423)
        #expect(context["extendedRequestId"]?.stringValue != context["requestId"]?.stringValue)
        #expect(context["extendedRequestId"]?.stringValue?.count == 16)
        let identity = try #require(context["identity"])
        for member in [
            "accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
            "cognitoIdentityPoolId", "principalOrgId", "user", "userArn",
        ] {
            #expect(identity[member] == .null, "\(member)")
        }
        #expect(identity["sourceIp"] == "203.0.113.7")
        #expect(identity["userAgent"] == "curl/8")
    }

    @Test func bodies() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.definition, backend: backend.backend)
        _ = await send(gateway, .post, "/b", headers: [("Content-Type", "application/json")], body: Array(#"{"é": 1}"#.utf8))
        #expect(backend.events.last?["body"] == #"{"é": 1}"#)
        #expect(backend.events.last?["isBase64Encoded"] == false)
        _ = await send(gateway, .post, "/b", headers: [("Content-Type", "image/png")], body: [0x89, 0x50, 0x4E, 0x47])
        #expect(backend.events.last?["body"] == "iVBORw==")
        #expect(backend.events.last?["isBase64Encoded"] == true)
    }

    @Test(arguments: [
        // Only the five members are allowed; a function error's object is not a response.
        #"{"statusCode": 200, "body": "x", "extra": 1}"#, #"{"errorMessage": "boom", "errorType": "Error"}"#,
        #"{"statusCode": 200, "body": 12}"#, #"{"statusCode": "2xx"}"#, #"{"statusCode": 200, "headers": {"X": 1}}"#,
        #"{"statusCode": 200, "multiValueHeaders": {"X": [{"a": 1}]}}"#, #"{"statusCode": 200, "isBase64Encoded": "yes", "body": "x"}"#, "[]", "",
    ])
    func malformedResponsesAre502(answer: String) async throws {
        let backend = Backend()
        backend.answer = answer
        let gateway = try Support.gateway(definition: Self.definition, backend: backend.backend)
        let response = await send(gateway, .get, "/x")
        #expect(response.status.code == 502)
        #expect(response.text == #"{"message": "Internal server error"}"#)
        #expect(response.header("x-amzn-ErrorType") == "InternalServerErrorException")
    }

    @Test func responses() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.definition, backend: backend.backend)
        // Everything optional: an empty object is 200 with an empty body.
        backend.answer = "{}"
        var response = await send(gateway, .get, "/x")
        #expect(response.status.code == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == "application/json")
        // Booleans as header values; the multi-value list wins over the single value of the same name.
        backend.answer =
            #"{"statusCode": "201", "headers": {"X-Flag": true, "x-both": "single"}, "multiValueHeaders": {"X-Both": ["m1", "m2"]}, "body": null}"#
        response = await send(gateway, .get, "/x")
        #expect(response.status.code == 201)
        #expect(response.header("X-Flag") == "true")
        #expect(response.headers[values: HTTPField.Name("X-Both")!] == ["m1", "m2"])
        // Headers the gateway owns are renamed, framing ones dropped.
        backend.answer =
            #"{"headers": {"Date": "yesterday", "Server": "lambda", "Transfer-Encoding": "chunked", "Content-Length": "999"}, "body": "ok"}"#
        response = await send(gateway, .get, "/x")
        #expect(response.header("x-amzn-Remapped-Date") == "yesterday")
        #expect(response.header("x-amzn-Remapped-Server") == "lambda")
        #expect(response.header("x-amzn-Remapped-Content-Length") == "999")
        #expect(response.header("Transfer-Encoding") == nil)
        #expect(response.header("Date") == nil)
        // base64 bodies: decoded only when the request's Accept is one of the API's binary media types.
        backend.answer = #"{"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": "iVBORw==", "isBase64Encoded": true}"#
        #expect(await send(gateway, .get, "/x", headers: [("Accept", "image/png")]).body == [0x89, 0x50, 0x4E, 0x47])
        #expect(await send(gateway, .get, "/x", headers: [("Accept", "application/json")]).text == "iVBORw==")
        backend.answer = #"{"statusCode": 200, "body": "%%%not base64", "isBase64Encoded": true}"#
        #expect(await send(gateway, .get, "/x", headers: [("Accept", "image/png")]).status.code == 502)
    }

    @Test func proxyIntegrationsArePOSTOnly() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.definition, backend: backend.backend)
        let response = await send(gateway, .get, "/getonly")
        #expect(response.status.code == 500)
        #expect(backend.events.all.isEmpty)
    }

    @Test func httpProxy() async throws {
        let backend = Backend()
        backend.httpAnswer = IntegrationHTTPResponse(
            status: 418,
            headers: [.contentType: "text/plain", HTTPField.Name("Via")!: "1.1 x", HTTPField.Name("Server")!: "nginx", .transferEncoding: "chunked"],
            body: Array("teapot".utf8)
        )
        let gateway = try Support.gateway(definition: Self.definition, backend: backend.backend)
        let response = await send(
            gateway,
            .post,
            "/http/a%2Fb/c%20d?x=1",
            headers: [("X-Client", "c"), ("Max-Forwards", "3")],
            body: Array("hi".utf8)
        )
        let sent = try #require(backend.sent.last)
        // Path values as sent: %2F stays %2F, a space is %20; the mapped header and query string applied.
        #expect(sent.uri == "https://backend.example/base/a%2Fb/c%20d?x=1&added=1")
        #expect(sent.method == "POST")
        #expect(sent.headers[HTTPField.Name("X-Client")!] == "c")
        #expect(sent.headers[HTTPField.Name("X-From-Gateway")!] == "yes")
        #expect(sent.headers[HTTPField.Name("Max-Forwards")!] == nil)
        #expect(sent.body == Array("hi".utf8))
        #expect(response.status.code == 418)
        #expect(response.text == "teapot")
        #expect(response.header("Content-Type") == "text/plain")
        #expect(response.header("Via") == nil)
        #expect(response.header("Transfer-Encoding") == nil)
        #expect(response.header("x-amzn-Remapped-Server") == "nginx")
    }
}
