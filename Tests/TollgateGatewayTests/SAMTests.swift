import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI

/// SAM templates ("AWS::Serverless::Api", "Api event" in the SAM developer guide): the implicit API as
/// `sam local start-api` builds it, and an explicit API with Auth, an API key and a Fn::Sub-built URI.
@Suite struct SAMTests {
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

    @Test func explicitAPIWithAuthAndKey() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/sam-explicit-auth.yaml"), region: "eu-west-1")
        #expect(template.stageName == "dev")
        #expect(template.stageVariables.map(\.0) == ["backendHost"])
        #expect(template.api.warnings.map(\.location) == ["/Resources/MyApi/Properties/Auth/UsagePlan"])
        let backend = ClosureBackend(functions: [
            "OrdersFunction": Self.proxy("orders"), "StatusFunction": Self.proxy("status"),
            "AuthFunction": { payload in
                let token = try! JSONValue(parsing: payload)["authorizationToken"]!.stringValue!
                let effect = token == "allow" ? "Allow" : "Deny"
                return .success(
                    Array(#"{"principalId": "u", "policyDocument": {"Statement": [{"Effect": "\#(effect)", "Action": "*", "Resource": "*"}]}}"#.utf8)
                )
            },
        ])
        let stage = Stage(name: "dev", apiKeys: ["key-1": "id-1"], region: "eu-west-1")
        let gateway = try Gateway(template.api, stage: stage, backend: backend)
        // The default authorizer and the API key apply to the events.
        #expect(await Support.send(gateway, .get, "/orders").status.code == 401)
        #expect(await Support.send(gateway, .get, "/orders", headers: [("Authorization", "deny"), ("x-api-key", "key-1")]).status.code == 403)
        #expect(await Support.send(gateway, .get, "/orders", headers: [("Authorization", "allow")]).status.code == 403)
        let allowed = await Support.send(gateway, .get, "/orders", headers: [("Authorization", "allow"), ("x-api-key", "key-1")])
        #expect(allowed.text == "orders GET /orders")
        // An event with Authorizer NONE and no key is open.
        #expect(await Support.send(gateway, .get, "/open").text == "orders GET /open")
        // The definition body's own operation, its URI built with Fn::Sub.
        #expect(
            template.api.resources.first { $0.path == "/status" }?.methods["GET"]?.integration.uri
                == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:StatusFunction/invocations"
        )
        #expect(await Support.send(gateway, .get, "/status").text == "status GET /status")
    }
}
