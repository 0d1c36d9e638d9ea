import Foundation
import HTTPTypes
import Testing
import TollgateAuth
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// An API's resource policy with each kind of authorization ("How API Gateway resource policies affect
/// authorization workflow" in the developer guide), and the places definitions keep one.
@Suite struct ResourcePolicyTests {
    static func definition(policy: String, security: String = "[]", schemes: String = "{}") -> String {
        #"""
        {"swagger": "2.0", "info": {"title": "p"},
         "x-amazon-apigateway-policy": \#(policy),
         "securityDefinitions": \#(schemes),
         "paths": {"/pets": {"get": {"security": \#(security), "x-amazon-apigateway-integration": {"type": "mock",
           "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
           "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "ok"}}}}}}}}
        """#
    }

    static let ipAllowList = #"""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
          {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
           "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}
        """#

    static func from(_ ip: String) -> InvocationContext {
        InvocationContext(requestId: "r", timeEpochMillis: 1_553_114_310_423, sourceIP: ip)
    }

    @Test func noAuthorizationNeedsTheAllow() async throws {
        let gateway = try Support.gateway(definition: Self.definition(policy: Self.ipAllowList))
        #expect(await Support.send(gateway, .get, "/pets", context: Self.from("203.0.113.9")).text == "ok")
        let denied = await Support.send(gateway, .get, "/pets", context: Self.from("198.51.100.1"))
        #expect(denied.status.code == 403)
        #expect(
            denied.text
                == #"{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:tollgate/prod/GET/pets with an explicit deny"}"#
        )
        #expect(denied.header("x-amzn-ErrorType") == "AccessDeniedException")
        // A policy that allows only another method: implicitly denied, without "explicit deny".
        let other = #"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/POST/*"}]}"#
        let implicit = await Support.send(try Support.gateway(definition: Self.definition(policy: other)), .get, "/pets")
        #expect(implicit.status.code == 403)
        #expect(implicit.text.hasSuffix(#"prod/GET/pets"}"#))
    }

    /// A Lambda authorizer is not called when the policy denies; its silence stands when the policy allows.
    @Test func lambdaAuthorizerAndPolicy() async throws {
        let calls = Recorder<String>()
        let backend = ClosureBackend(functions: [
            "auth": { payload in
                let token = try! JSONValue(parsing: payload)["authorizationToken"]!.stringValue!
                calls.add(token)
                let resource = token == "other" ? "arn:aws:execute-api:*:*:*/*/POST/*" : "*"
                return .success(
                    Array(
                        #"{"principalId": "u", "policyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "\#(resource)"}]}}"#
                            .utf8
                    )
                )
            }
        ])
        let schemes = #"""
            {"A": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
              "x-amazon-apigateway-authorizer": {"type": "token", "authorizerResultTtlInSeconds": 0,
                "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"}}}
            """#
        let gateway = try Gateway(
            OpenAPILoader.load(Self.definition(policy: Self.ipAllowList, security: #"[{"A": []}]"#, schemes: schemes)),
            backend: backend
        )
        let denied = await Support.send(gateway, .get, "/pets", headers: [("Authorization", "t1")], context: Self.from("198.51.100.1"))
        #expect(denied.status.code == 403)
        #expect(calls.all.isEmpty)
        #expect(await Support.send(gateway, .get, "/pets", headers: [("Authorization", "t2")], context: Self.from("203.0.113.9")).text == "ok")
        // The authorizer's policy does not cover GET: the resource policy's allow decides (Table A).
        #expect(await Support.send(gateway, .get, "/pets", headers: [("Authorization", "other")], context: Self.from("203.0.113.9")).text == "ok")
        #expect(calls.all == ["t2", "other"])
    }

    /// A Cognito caller with a valid token still needs the policy's allow.
    @Test func cognitoAndPolicy() async throws {
        let mint = try await TokenMint()
        let schemes = #"""
            {"C": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "cognito_user_pools",
              "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools",
                "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/\#(TokenMint.poolId)"]}}}
            """#
        let gateway = try Gateway(
            OpenAPILoader.load(Self.definition(policy: Self.ipAllowList, security: #"[{"C": []}]"#, schemes: schemes)),
            access: AccessControl(userPoolKeys: [TokenMint.poolId: StaticJWKS(mint.jwks)])
        )
        let now: Int64 = 1_800_000_000
        let token = try await mint.idToken(now: now)
        func call(_ ip: String, _ token: String?) async -> Int {
            let context = InvocationContext(requestId: "r", timeEpochMillis: now * 1000, sourceIP: ip)
            return await Support.send(gateway, .get, "/pets", headers: token.map { [("Authorization", $0)] } ?? [], context: context).status.code
        }
        #expect(await call("203.0.113.5", token) == 200)
        #expect(await call("192.0.2.5", token) == 403)
        #expect(await call("203.0.113.5", nil) == 401)
    }

    @Test func aPolicyThatDoesNotParseRefusesTheDefinition() {
        #expect {
            _ = try Support.gateway(definition: Self.definition(policy: #"{"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}"#))
        } throws: { error in
            (error as? DefinitionError)?.location == "/x-amazon-apigateway-policy"
        }
        #expect(throws: DefinitionError.self) { _ = try Support.gateway(definition: Self.definition(policy: "42")) }
    }

    /// CloudFormation's `Policy` and SAM's `Auth.ResourcePolicy` lists.
    @Test func templatePolicies() async throws {
        let directory = try Support.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let body = try JSONValue(parsing: Self.definition(policy: "{}"))
        var members = body.objectValue!
        members["x-amazon-apigateway-policy"] = nil
        let cfn = """
            {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": \(JSONValue.object(members).serialized()),
              "Policy": \(Self.ipAllowList)}}}}
            """
        try Data(cfn.utf8).write(to: directory.appendingPathComponent("cfn.json"))
        let template = try OpenAPILoader.loadTemplate(contentsOf: directory.appendingPathComponent("cfn.json").path)
        let gateway = try Gateway(template.api)
        #expect(await Support.send(gateway, .get, "/pets", context: Self.from("203.0.113.1")).status.code == 200)
        #expect(await Support.send(gateway, .get, "/pets", context: Self.from("192.0.2.1")).status.code == 403)

        let sam = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Events:
                    Get: {Type: Api, Properties: {Path: "/items/{id}", Method: get}}
                    Put:
                      Type: Api
                      Properties:
                        Path: /items/{id}
                        Method: put
                        Auth: {ResourcePolicy: {IpRangeBlacklist: [198.51.100.0/24]}}
            Globals:
              Api:
                Auth:
                  ResourcePolicy:
                    IpRangeWhitelist: [203.0.113.0/24, 198.51.100.0/24]
            """
        try Data(sam.utf8).write(to: directory.appendingPathComponent("sam.yaml"))
        let samGateway = try Gateway(
            try OpenAPILoader.loadTemplate(contentsOf: directory.appendingPathComponent("sam.yaml").path).api,
            backend: ClosureBackend(functions: ["Fn": { _ in .success(Array(#"{"statusCode": 200, "body": "fn"}"#.utf8)) }])
        )
        #expect(await Support.send(samGateway, .get, "/items/1", context: Self.from("203.0.113.1")).text == "fn")
        #expect(await Support.send(samGateway, .get, "/items/1", context: Self.from("198.51.100.1")).text == "fn")
        #expect(await Support.send(samGateway, .get, "/items/1", context: Self.from("192.0.2.1")).status.code == 403)
        // The event's block list applies to its method only.
        #expect(await Support.send(samGateway, .put, "/items/1", context: Self.from("198.51.100.1")).status.code == 403)
        #expect(await Support.send(samGateway, .put, "/items/1", context: Self.from("203.0.113.1")).text == "fn")

        let unsupported = sam.replacingOccurrences(of: "IpRangeWhitelist", with: "SomethingNew")
        try Data(unsupported.utf8).write(to: directory.appendingPathComponent("bad.yaml"))
        #expect {
            _ = try OpenAPILoader.loadTemplate(contentsOf: directory.appendingPathComponent("bad.yaml").path)
        } throws: { error in
            (error as? DefinitionError)?.message.contains("SomethingNew is not applied") == true
        }
    }
}
