import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import TollgateRateLimit
import _TollgateTestSupport

/// SAM templates ("AWS::Serverless::Api", "Api event" in the SAM developer guide): the implicit API as
/// `sam local start-api` builds it, and an explicit API with Auth, an API key and a Fn::Sub-built URI.
@Suite struct SAMLoaderTests {
    static func proxy(_ name: String) -> ClosureBackend.Function {
        { payload in
            let event = try! JSONValue(parsing: payload)
            let body = "\(name) \(event["httpMethod"]!.stringValue!) \(event["path"]!.stringValue!)"
            return .success(Array(#"{"statusCode": 200, "body": "\#(body)"}"#.utf8))
        }
    }

    @Test func implicitAPI() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/sam-implicit.yaml"))
        #expect(template.stageName == "Prod")
        let backend = ClosureBackend(functions: ["HelloFunction": Self.proxy("hello"), "ItemsFunction": Self.proxy("items")])
        let gateway = try Gateway(template.api, stage: Stage(name: "Prod"), backend: backend)
        #expect(gateway.routes == ["ANY /items/{id}", "GET /hello"])
        #expect(await Support.send(gateway, .get, "/hello").text == "hello GET /hello")
        #expect(await Support.send(gateway, .delete, "/items/7").text == "items DELETE /items/7")
        #expect(await Support.send(gateway, .post, "/hello").status.code == 403)
    }

    static let authBackend = ClosureBackend(functions: [
        "OrdersFunction": proxy("orders"), "StatusFunction": proxy("status"),
        "AuthFunction": { payload in
            let token = try! JSONValue(parsing: payload)["authorizationToken"]!.stringValue!
            let effect = token == "allow" ? "Allow" : "Deny"
            return .success(
                Array(#"{"principalId": "u", "policyDocument": {"Statement": [{"Effect": "\#(effect)", "Action": "*", "Resource": "*"}]}}"#.utf8)
            )
        },
    ])

    @Test func explicitAPIWithAuthAndKey() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/sam-explicit-auth.yaml"), region: "eu-west-1")
        #expect(template.stageName == "dev")
        #expect(template.stageVariables.map(\.0) == ["backendHost"])
        #expect(template.api.warnings.isEmpty)
        // The PER_API plan's key has no value until one is given.
        #expect(template.keysWithoutValue == ["MyApiApiKey"])
        let stage = try template.stage(region: "eu-west-1", apiKeyValues: ["MyApiApiKey": "key-1-value-000000000"])
        #expect(stage.usagePlans.map(\.name) == ["sam-explicit-plan"])
        #expect(stage.usagePlans.first?.quota?.limit == 3)
        #expect(stage.methodThrottle["/orders/GET"] == ThrottleSettings(rateLimit: 10, burstLimit: 5))
        let gateway = try Gateway(template.api, stage: stage, backend: Self.authBackend)
        let key = ("x-api-key", "key-1-value-000000000")
        // The default authorizer and the API key apply to the events; UNAUTHORIZED is the template's.
        let unauthorized = await Support.send(gateway, .get, "/orders")
        #expect(unauthorized.status.code == 401)
        #expect(unauthorized.text == #"{"message": "sign in first"}"#)
        #expect(unauthorized.header("WWW-Authenticate") == "Bearer")
        #expect(await Support.send(gateway, .get, "/orders", headers: [("Authorization", "deny"), key]).status.code == 403)
        #expect(await Support.send(gateway, .get, "/orders", headers: [("Authorization", "allow")]).status.code == 403)
        let allowed = await Support.send(gateway, .get, "/orders", headers: [("Authorization", "allow"), key])
        #expect(allowed.text == "orders GET /orders")
        // An event with Authorizer NONE and no key is open.
        #expect(await Support.send(gateway, .get, "/open").text == "orders GET /open")
        // The definition body's own operation, its URI built with Fn::Sub, gets the defaults too.
        #expect(
            template.api.resources.first { $0.path == "/status" }?.methods["GET"]?.integration.uri
                == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:StatusFunction/invocations"
        )
        #expect(await Support.send(gateway, .get, "/status").status.code == 401)
        #expect(await Support.send(gateway, .get, "/status", headers: [("Authorization", "allow"), key]).text == "status GET /status")
        // The plan's quota is 3 a day: two requests passed the authorizer with the key so far.
        #expect(await Support.send(gateway, .get, "/orders", headers: [("Authorization", "allow"), key]).status.code == 200)
        let exhausted = await Support.send(gateway, .get, "/orders", headers: [("Authorization", "allow"), key])
        #expect(exhausted.status.code == 429)
        #expect(exhausted.text == #"{"message":"Limit Exceeded"}"#)
    }

    /// SAM's CORS: an OPTIONS mock method on every path, without the authorizer and key (the template
    /// turns them off for preflights), the methods listed from the path.
    @Test func corsPreflight() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/sam-explicit-auth.yaml"), region: "eu-west-1")
        let gateway = try Gateway(template.api, stage: try template.stage(region: "eu-west-1"), backend: Self.authBackend)
        let preflight = await Support.send(gateway, .options, "/orders")
        #expect(preflight.status.code == 200)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://shop.example")
        #expect(preflight.header("Access-Control-Allow-Methods") == "GET,OPTIONS")
        #expect(preflight.header("Access-Control-Allow-Headers") == "Content-Type,Authorization,X-Api-Key")
        #expect(preflight.header("Access-Control-Max-Age") == "600")
        #expect(preflight.header("Access-Control-Allow-Credentials") == nil)
        #expect(preflight.text == "{}\n")
        #expect(gateway.routes.contains("OPTIONS /status"))
    }
}
