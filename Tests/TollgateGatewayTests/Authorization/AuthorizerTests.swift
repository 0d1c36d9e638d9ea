import Foundation
import HTTPTypes
import Testing
import TollgateAuth
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// Lambda authorizers (TOKEN and REQUEST), their cache and policies, and what they hand on.
@Suite struct AuthorizerTests {
    static let tokenAPI = """
        {"swagger": "2.0", "info": {"title": "t"}, "x-amazon-apigateway-api-key-source": "%SOURCE%",
         "securityDefinitions": {
           "TokenAuth": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
             "x-amazon-apigateway-authorizer": {"type": "token", "authorizerResultTtlInSeconds": %TTL%,
               "identityValidationExpression": "^Bearer [a-z]+$",
               "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"}},
           "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
         "paths": {
           "/pets": {"get": {"security": [{"TokenAuth": []}], "responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "mock", "requestParameters": {"integration.request.header.x-tier": "context.authorizer.tier"},
               "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
               "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json":
                 "$context.authorizer.principalId|$context.authorizer.tier|$context.authorizer.count|$context.authorizer.admin"}}}}},
             "post": {"security": [{"TokenAuth": []}], "responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
               "responses": {"default": {"statusCode": "200"}}}}},
           "/keyed": {"get": {"security": [{"TokenAuth": [], "api_key": []}], "responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
               "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "$context.identity.apiKeyId"}}}}}},
           "/proxy": {"get": {"security": [{"TokenAuth": []}],
             "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": "arn:aws:lambda:us-east-1:123456789012:function:echo"}}}
         }}
        """

    static func api(ttl: Int = 300, keySource: String = "HEADER") -> String {
        tokenAPI.replacingOccurrences(of: "%TTL%", with: String(ttl)).replacingOccurrences(of: "%SOURCE%", with: keySource)
    }

    /// An authorizer that answers by token: `Bearer allow` allows GET /pets only, `Bearer all` allows
    /// everything, `Bearer deny` denies, `Bearer unauthorized` fails with Unauthorized, `Bearer crash` with
    /// another error, `Bearer junk` answers a malformed output, `Bearer nested` a context with an object.
    static func backend(_ calls: Recorder<JSONValue>, events: Recorder<JSONValue>? = nil) -> ClosureBackend {
        ClosureBackend(functions: [
            "auth": { payload in
                let event = try! JSONValue(parsing: payload)
                calls.add(event)
                let token = event["authorizationToken"]?.stringValue ?? ""
                let arn = event["methodArn"]!.stringValue!
                let base = String(arn[..<arn.firstIndex(of: "/")!])
                func policy(_ effect: String, _ resource: String, context: String = #"{"tier": "gold", "count": 3, "admin": true}"#) -> LambdaResult {
                    .success(
                        Array(
                            #"{"principalId": "user-7", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "\#(effect)", "Resource": "\#(resource)"}]}, "context": \#(context), "usageIdentifierKey": "key-gold"}"#
                                .utf8
                        )
                    )
                }
                switch token {
                case "Bearer allow": return policy("Allow", base + "/prod/GET/pets")
                case "Bearer all": return policy("Allow", base + "/*")
                case "Bearer deny": return policy("Deny", base + "/*")
                case "Bearer unauthorized": return .failure(Array(#"{"errorMessage": "Unauthorized", "errorType": "Error"}"#.utf8))
                case "Bearer crash": return .failure(Array(#"{"errorMessage": "boom", "errorType": "Error"}"#.utf8))
                case "Bearer nested": return policy("Allow", "*", context: #"{"user": {"id": 1}}"#)
                default: return .success(Array("{}".utf8))
                }
            },
            "echo": { payload in
                events?.add(try! JSONValue(parsing: payload))
                return .success(Array(#"{"statusCode": 200, "body": "ok"}"#.utf8))
            },
        ])
    }

    func send(
        _ gateway: Gateway,
        _ method: HTTPRequest.Method = .get,
        _ target: String = "/pets",
        token: String?,
        at millis: Int64 = 1_000_000,
        key: String? = nil
    )
        async -> GatewayResponse
    {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", token)) }
        if let key { headers.append(("x-api-key", key)) }
        return await Support.send(gateway, method, target, headers: headers, context: InvocationContext(requestId: "r", timeEpochMillis: millis))
    }

    @Test func allowDenyAndTheirResponses() async throws {
        let calls = Recorder<JSONValue>()
        let gateway = try Support.gateway(definition: Self.api(), backend: Self.backend(calls))
        let allowed = await send(gateway, token: "Bearer allow")
        #expect(allowed.status.code == 200)
        // principalId and context reach $context.authorizer, numbers and booleans as text.
        #expect(allowed.text == "user-7|gold|3|true")
        let event = try #require(calls.last)
        #expect(event["type"]?.stringValue == "TOKEN")
        #expect(event["authorizationToken"]?.stringValue == "Bearer allow")
        #expect(event["methodArn"]?.stringValue == "arn:aws:execute-api:us-east-1:123456789012:tollgate/prod/GET/pets")

        let denied = await send(gateway, token: "Bearer deny")
        #expect(denied.status.code == 403)
        #expect(denied.text == #"{"Message":"User is not authorized to access this resource with an explicit deny"}"#)
        #expect(denied.header("x-amzn-ErrorType") == "AccessDeniedException")
        // The cached Allow for GET /pets does not cover POST /pets: decided by the cached policy, no call.
        let before = calls.count
        let post = await send(gateway, .post, "/pets", token: "Bearer allow")
        #expect(post.status.code == 403)
        #expect(post.text == #"{"Message":"User is not authorized to access this resource"}"#)
        #expect(calls.count == before)

        let unauthorized = await send(gateway, token: "Bearer unauthorized")
        #expect(unauthorized.status.code == 401)
        #expect(unauthorized.text == #"{"message":"Unauthorized"}"#)
        #expect(unauthorized.header("x-amzn-ErrorType") == "UnauthorizedException")
        for token in ["Bearer crash", "Bearer junk", "Bearer nested"] {
            let failed = await send(gateway, token: token)
            #expect(failed.status.code == 500, "\(token)")
            #expect(failed.text == #"{"message":null}"#, "\(token)")
            #expect(failed.header("x-amzn-ErrorType") == "AuthorizerConfigurationException", "\(token)")
        }
    }

    @Test func missingOrInvalidTokensNeverCallTheFunction() async throws {
        let calls = Recorder<JSONValue>()
        let gateway = try Support.gateway(definition: Self.api(), backend: Self.backend(calls))
        for token in [nil, "", "allow", "Bearer ALLOW", "Bearer allow2"] as [String?] {
            let response = await send(gateway, token: token)
            #expect(response.status.code == 401, "\(token ?? "none")")
            #expect(response.text == #"{"message":"Unauthorized"}"#)
        }
        #expect(calls.count == 0)
    }

    @Test func verdictsAreCachedForTheirTTL() async throws {
        let calls = Recorder<JSONValue>()
        let gateway = try Support.gateway(definition: Self.api(ttl: 60), backend: Self.backend(calls))
        for i in 0..<10 { #expect(await send(gateway, token: "Bearer allow", at: 1_000_000 + Int64(i) * 1000).status.code == 200) }
        #expect(calls.count == 1)
        // Another token is another entry.
        #expect(await send(gateway, token: "Bearer all", at: 1_000_000).status.code == 200)
        #expect(calls.count == 2)
        // Past the TTL, the function is called again.
        #expect(await send(gateway, token: "Bearer allow", at: 1_000_000 + 61_000).status.code == 200)
        #expect(calls.count == 3)
        // A TTL of 0 calls it every time.
        let uncached = Recorder<JSONValue>()
        let fresh = try Support.gateway(definition: Self.api(ttl: 0), backend: Self.backend(uncached))
        for _ in 0..<3 { #expect(await send(fresh, token: "Bearer allow").status.code == 200) }
        #expect(uncached.count == 3)
    }

    @Test func theCacheIsBounded() async throws {
        let calls = Recorder<JSONValue>()
        let api = try OpenAPILoader.load(Self.api(ttl: 300))
        let gateway = try Gateway(api, backend: Self.backend(calls), access: AccessControl(cacheCapacity: 2))
        _ = await send(gateway, token: "Bearer allow")
        _ = await send(gateway, token: "Bearer all")
        _ = await send(gateway, token: "Bearer deny")  // drops "allow", the oldest
        #expect(calls.count == 3)
        _ = await send(gateway, token: "Bearer deny")
        _ = await send(gateway, token: "Bearer all")
        #expect(calls.count == 3)
        _ = await send(gateway, token: "Bearer allow")
        #expect(calls.count == 4)
    }

    @Test func apiKeyFromTheAuthorizer() async throws {
        let calls = Recorder<JSONValue>()
        let plan = UsagePlan(name: "gold", apiKeys: ["key-gold": "id-gold"])
        let authorizerSource = try Support.gateway(
            definition: Self.api(keySource: "AUTHORIZER"),
            stage: Stage(usagePlans: [plan]),
            backend: Self.backend(calls)
        )
        // The key is the authorizer's usageIdentifierKey; an x-api-key header does not stand in for it.
        let keyed = await send(authorizerSource, .get, "/keyed", token: "Bearer all", key: "something-else")
        #expect(keyed.status.code == 200)
        #expect(keyed.text == "id-gold")
        let headerSource = try Support.gateway(definition: Self.api(), stage: Stage(usagePlans: [plan]), backend: Self.backend(calls))
        #expect(await send(headerSource, .get, "/keyed", token: "Bearer all").status.code == 403)
        #expect(await send(headerSource, .get, "/keyed", token: "Bearer all", key: "key-gold").status.code == 200)
        // The authorizer runs first: without a token the key is never looked at.
        #expect(await send(headerSource, .get, "/keyed", token: nil, key: "key-gold").status.code == 401)
    }

    @Test func theProxyEventCarriesTheAuthorizer() async throws {
        let calls = Recorder<JSONValue>()
        let events = Recorder<JSONValue>()
        let gateway = try Support.gateway(definition: Self.api(), backend: Self.backend(calls, events: events))
        #expect(await send(gateway, .get, "/proxy", token: "Bearer all").status.code == 200)
        let authorizer = try #require(events.last?["requestContext"]?["authorizer"])
        #expect(authorizer["principalId"]?.stringValue == "user-7")
        #expect(authorizer["tier"]?.stringValue == "gold")
        #expect(authorizer["count"]?.stringValue == "3")
    }

    /// The seed's enhanced request authorizer: the article's IPs are allowed, others denied, and no
    /// Authorization header is 401 before the function runs.
    @Test func seedRequestAuthorizer() async throws {
        let calls = Recorder<JSONValue>()
        let backend = ClosureBackend(functions: [
            "py-ip-authorizer": { payload in
                let event = try! JSONValue(parsing: payload)
                calls.add(event)
                let ip = event["requestContext"]!["identity"]!["sourceIp"]!.stringValue!
                let effect = ["58.240.195.186", "201.246.162.38"].contains(ip) ? "Allow" : "Deny"
                return .success(
                    Array(
                        #"{"principalId": "\#(ip)", "policyDocument": {"Statement": [{"Action": "execute-api:Invoke", "Effect": "\#(effect)", "Resource": "\#(event["methodArn"]!.stringValue!)"}]}}"#
                            .utf8
                    )
                )
            }
        ])
        let gateway = try Support.gateway("apis/request-authorizer.yaml", stage: Stage(name: "dev"), backend: backend)
        func call(_ ip: String, authorization: String?) async -> GatewayResponse {
            var fields = HTTPFields()
            if let authorization { fields[.authorization] = authorization }
            return await gateway.handle(
                GatewayRequest(method: .get, target: "/hello", headers: fields),
                context: InvocationContext(requestId: "r", timeEpochMillis: 1_000, sourceIP: ip)
            ).response
        }
        let allowed = await call("58.240.195.186", authorization: "hello")
        #expect(allowed.status.code == 200)
        #expect(allowed.text == #"{"message": "Hello, 58.240.195.186", "sourceIp": "58.240.195.186"}"#)
        #expect(await call("10.1.2.3", authorization: "hello").status.code == 403)
        #expect(await call("58.240.195.186", authorization: nil).status.code == 401)
        // The cache is keyed by both identity sources: the same token from another IP is asked again.
        #expect(calls.count == 2)
        #expect(await call("58.240.195.186", authorization: "hello").status.code == 200)
        #expect(calls.count == 2)
        let event = try #require(calls.last)
        #expect(event["type"]?.stringValue == "REQUEST")
        #expect(event["methodArn"]?.stringValue == "arn:aws:execute-api:us-east-1:123456789012:tollgate/dev/GET/hello")
        #expect(event["resource"]?.stringValue == "/hello")
        #expect(event["headers"]?["Authorization"]?.stringValue == "hello")
        #expect(event["requestContext"]?["stage"]?.stringValue == "dev")
        #expect(event["body"] == nil)
    }
}

/// What an authorizer hands on through mappings, and its gateway responses customised.
@Suite struct AuthorizerMappingTests {
    static let definition = """
        {"swagger": "2.0", "info": {"title": "t"},
         "x-amazon-apigateway-gateway-responses": {
           "UNAUTHORIZED": {"statusCode": "419", "responseParameters": {"gatewayresponse.header.WWW-Authenticate": "'Bearer'"},
             "responseTemplates": {"application/json": "{\\"error\\": $context.error.messageString, \\"type\\": \\"$context.error.responseType\\"}"}},
           "ACCESS_DENIED": {"responseTemplates": {"application/json": "{\\"denied\\": $context.error.messageString}"}}},
         "securityDefinitions": {"T": {"type": "apiKey", "name": "Authorization", "in": "header",
           "x-amazon-apigateway-authorizer": {"type": "token", "authorizerResultTtlInSeconds": 0,
             "authorizerUri": "arn:aws:lambda:us-east-1:123456789012:function:auth"}}},
         "paths": {"/orders": {"get": {"security": [{"T": []}], "responses": {"200": {"description": "ok"}},
           "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/orders",
             "requestParameters": {"integration.request.header.X-Tier": "context.authorizer.tier",
               "integration.request.header.X-Principal": "context.authorizer.principalId"},
             "responses": {"default": {"statusCode": "200"}}}}}}}
        """

    @Test func contextReachesParameterMappingsAndResponsesAreCustomisable() async throws {
        let sent = Recorder<IntegrationHTTPRequest>()
        let backend = ClosureBackend(
            functions: [
                "auth": { payload in
                    let token = try! JSONValue(parsing: payload)["authorizationToken"]!.stringValue!
                    let effect = token == "allow" ? "Allow" : "Deny"
                    return .success(
                        Array(
                            #"{"principalId": "p-1", "policyDocument": {"Statement": [{"Effect": "\#(effect)", "Action": "execute-api:Invoke", "Resource": "*"}]}, "context": {"tier": 2}}"#
                                .utf8
                        )
                    )
                }
            ],
            http: { request in
                sent.add(request)
                return IntegrationHTTPResponse(status: 200, body: Array("ok".utf8))
            }
        )
        let gateway = try Support.gateway(definition: Self.definition, backend: backend)
        let allowed = await Support.send(gateway, .get, "/orders", headers: [("Authorization", "allow")])
        #expect(allowed.status.code == 200)
        let request = try #require(sent.last)
        #expect(request.headers[HTTPField.Name("X-Tier")!] == "2")
        #expect(request.headers[HTTPField.Name("X-Principal")!] == "p-1")
        let denied = await Support.send(gateway, .get, "/orders", headers: [("Authorization", "deny")])
        #expect(denied.status.code == 403)
        #expect(denied.text == #"{"denied": "User is not authorized to access this resource with an explicit deny"}"#)
        let unauthorized = await Support.send(gateway, .get, "/orders")
        #expect(unauthorized.status.code == 419)
        #expect(unauthorized.text == #"{"error": "Unauthorized", "type": "UNAUTHORIZED"}"#)
        #expect(unauthorized.header("WWW-Authenticate") == "Bearer")
    }
}

extension Recorder {
    var count: Int { all.count }
}

/// A REQUEST authorizer's cache key cannot be forged by moving text from one identity source to another.
@Suite struct AuthorizerCacheKeyTests {
    @Test func identitiesDoNotCollide() async throws {
        let calls = Recorder<JSONValue>()
        let definition = """
            {"swagger": "2.0", "info": {"title": "t"},
             "securityDefinitions": {"R": {"type": "apiKey", "name": "R", "in": "header", "x-amazon-apigateway-authorizer": {"type": "request",
               "identitySource": "method.request.header.A, method.request.header.B", "authorizerResultTtlInSeconds": 300,
               "authorizerUri": "arn:aws:lambda:us-east-1:123456789012:function:auth"}}},
             "paths": {"/r": {"get": {"security": [{"R": []}], "responses": {"200": {"description": "ok"}},
               "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
                 "responses": {"default": {"statusCode": "200"}}}}}}}
            """
        let backend = ClosureBackend(functions: [
            "auth": { payload in
                let event = try! JSONValue(parsing: payload)
                calls.add(event)
                let effect = event["headers"]?["A"]?.stringValue == "x" ? "Allow" : "Deny"
                return .success(
                    Array(#"{"principalId": "p", "policyDocument": {"Statement": [{"Effect": "\#(effect)", "Action": "*", "Resource": "*"}]}}"#.utf8)
                )
            }
        ])
        let gateway = try Support.gateway(definition: definition, backend: backend)
        #expect(await Support.send(gateway, .get, "/r", headers: [("A", "x"), ("B", "y\u{1F}z")]).status.code == 200)
        #expect(await Support.send(gateway, .get, "/r", headers: [("A", "x\u{1F}y"), ("B", "z")]).status.code == 403)
        #expect(calls.count == 2)
    }
}
