import Foundation
import HTTPTypes
import Testing
import TollgateAuth
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// No definition that declares access control is served without it: every kind of security scheme is
/// either enforced (a request without credentials is refused) or refused when the definition loads.
@Suite struct SecuritySchemeTests {
    static let lambdaURI =
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"

    static func swagger(schemes: String, security: String, extra: String = "") -> String {
        """
        {"swagger": "2.0", "info": {"title": "t"}, "securityDefinitions": \(schemes),
         "paths": {"/a": {"get": {"security": \(security), \(extra) "responses": {"200": {"description": "ok"}},
           "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
             "responses": {"default": {"statusCode": "200"}}}}}}}
        """
    }

    static let access = AccessControl(userPoolKeys: [TokenMint.poolId: StaticJWKS(#"{"keys":[]}"#)])

    func outcome(_ definition: String) async -> String {
        let gateway: Gateway
        do {
            gateway = try Gateway(OpenAPILoader.load(definition), backend: ClosureBackend(), access: Self.access)
        } catch let error as DefinitionError {
            return "refused: \(error)"
        } catch {
            return "refused: \(error)"
        }
        let response = await Support.send(gateway, .get, "/a")
        return "served: \(response.status.code)"
    }

    @Test(arguments: [
        // Enforced.
        (
            #"{"T": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "\#(lambdaURI)"}}}"#,
            #"[{"T": []}]"#, "served: 401"
        ),
        (
            #"{"T": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "oauth2", "x-amazon-apigateway-authorizer": {"type": "TOKEN", "authorizerUri": "\#(lambdaURI)"}}}"#,
            #"[{"T": []}]"#, "served: 401"
        ),
        (
            #"{"R": {"type": "apiKey", "name": "R", "in": "header", "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": {"type": "request", "identitySource": "method.request.header.X-Token, method.request.querystring.t", "authorizerUri": "\#(lambdaURI)"}}}"#,
            #"[{"R": []}]"#, "served: 401"
        ),
        (
            #"{"C": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "cognito_user_pools", "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["\#(TokenMint.poolARN)"]}}}"#,
            #"[{"C": ["email"]}]"#, "served: 401"
        ),
        (
            #"{"S": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}}"#, #"[{"S": []}]"#,
            "served: 403"
        ),
        (#"{"K": {"type": "apiKey", "name": "x-api-key", "in": "header"}}"#, #"[{"K": []}]"#, "served: 403"),
        // Refused.
        (#"{}"#, #"[{"Missing": []}]"#, "refused: /paths/~1a/get/security/0/Missing: no security scheme named Missing"),
        (
            #"{"T": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom"}}"#, #"[{"T": []}]"#,
            "refused: /securityDefinitions/T/x-amazon-apigateway-authtype: "
        ),
        (
            #"{"O": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://x", "scopes": {}}}"#, #"[{"O": []}]"#,
            "refused: /securityDefinitions/O: "
        ),
        (
            #"{"J": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authorizer": {"type": "jwt"}}}"#,
            #"[{"J": []}]"#, "refused: /securityDefinitions/J/x-amazon-apigateway-authorizer/type: unknown authorizer type jwt"
        ),
        (
            #"{"T": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authorizer": {"type": "token"}}}"#,
            #"[{"T": []}]"#, "refused: /securityDefinitions/T/x-amazon-apigateway-authorizer/authorizerUri: "
        ),
        (
            #"{"T": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "\#(lambdaURI)", "identityValidationExpression": "(["}}}"#,
            #"[{"T": []}]"#, "refused: /securityDefinitions/T/x-amazon-apigateway-authorizer/identityValidationExpression: "
        ),
        (
            #"{"C": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_NoKeys"]}}}"#,
            #"[{"C": []}]"#,
            "refused: /securityDefinitions/C/x-amazon-apigateway-authorizer/providerARNs/0: no key set for user pool us-east-1_NoKeys"
        ),
        (
            #"{"C": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools"}}}"#,
            #"[{"C": []}]"#, "refused: /securityDefinitions/C/x-amazon-apigateway-authorizer/providerARNs: "
        ),
        (
            #"{"R": {"type": "apiKey", "name": "R", "in": "header", "x-amazon-apigateway-authorizer": {"type": "request", "authorizerUri": "\#(lambdaURI)"}}}"#,
            #"[{"R": []}]"#, "refused: /securityDefinitions/R/x-amazon-apigateway-authorizer/identitySource: "
        ),
        (
            #"{"R": {"type": "apiKey", "name": "R", "in": "header", "x-amazon-apigateway-authorizer": {"type": "request", "identitySource": "method.request.body.token", "authorizerUri": "\#(lambdaURI)"}}}"#,
            #"[{"R": []}]"#, "refused: /securityDefinitions/R/x-amazon-apigateway-authorizer/identitySource: "
        ),
        (
            #"{"S": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}, "T": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "\#(lambdaURI)"}}}"#,
            #"[{"S": []}, {"T": []}]"#, "refused: /paths/~1a/get/security/1/T: a method has one authorization"
        ),
    ])
    func schemeIsEnforcedOrRefused(schemes: String, security: String, expected: String) async {
        let result = await outcome(Self.swagger(schemes: schemes, security: security))
        #expect(result.hasPrefix(expected), "\(result)")
    }

    /// A scheme nothing enforces blocks only the methods that name it: declared and unused, it loads.
    @Test func unusedUnenforcedSchemesLoad() async {
        let oauth = #"{"O": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://x", "scopes": {}}}"#
        #expect(await outcome(Self.swagger(schemes: oauth, security: "[]")) == "served: 200")
    }

    @Test func xAmazonApigatewayAuth() async {
        #expect(
            await outcome(Self.swagger(schemes: "{}", security: "[]", extra: #""x-amazon-apigateway-auth": {"type": "AWS_IAM"},"#)) == "served: 403"
        )
        #expect(await outcome(Self.swagger(schemes: "{}", security: "[]", extra: #""x-amazon-apigateway-auth": {"type": "NONE"},"#)) == "served: 200")
        #expect(
            await outcome(Self.swagger(schemes: "{}", security: "[]", extra: #""x-amazon-apigateway-auth": {"type": "CUSTOM"},"#)).hasPrefix(
                "refused"
            )
        )
    }

    /// A gateway built in code with a method naming an authorizer it does not have does not load.
    @Test func libraryDefinitionsFailClosedToo() {
        var method = Method(integration: Integration(type: .mock))
        method.authorization = .authorizer("Nowhere")
        let api = APIDefinition(resources: [Resource(path: "/a", methods: ["GET": method])])
        #expect(throws: DefinitionError.self) { try Gateway(api) }
    }

    /// IAM: unsigned is MISSING_AUTHENTICATION_TOKEN, a bearer token an incomplete signature, and
    /// botocore's signature of the request verifies.
    @Test func iamMethods() async throws {
        let definition = Self.swagger(
            schemes: #"{"S": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}}"#,
            security: #"[{"S": []}]"#
        )
        let gateway = try Gateway(
            OpenAPILoader.load(definition),
            access: AccessControl(iamCredentials: [IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")])
        )
        let unsigned = await Support.send(gateway, .get, "/a")
        #expect(unsigned.status.code == 403)
        #expect(unsigned.text == #"{"message":"Missing Authentication Token"}"#)
        #expect(unsigned.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")
        let bearer = await Support.send(gateway, .get, "/a", headers: [("Authorization", "Bearer x")])
        #expect(bearer.status.code == 403)
        #expect(bearer.header("x-amzn-ErrorType") == "IncompleteSignatureException")
        let unknown = await Support.send(
            gateway,
            .get,
            "/a",
            headers: [
                ("Host", "h"), ("X-Amz-Date", "20190320T203830Z"),
                (
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDOTHER/20190320/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
                ),
            ]
        )
        #expect(unknown.status.code == 403)
        #expect(unknown.text == #"{"message":"The security token included in the request is invalid."}"#)
        #expect(unknown.header("x-amzn-ErrorType") == "UnrecognizedClientException")
    }
}

/// Cognito user-pool authorizers through the gateway: the seed's CUP2Lambda API.
@Suite struct CognitoAuthorizerTests {
    static let now: Int64 = 1_800_000_000

    @Test func seedCognitoProxyAPI() async throws {
        let mint = try await TokenMint()
        let events = Recorder<JSONValue>()
        let backend = ClosureBackend(functions: [
            "LambdaForSimpleProxy": { payload in
                let event = try! JSONValue(parsing: payload)
                events.add(event)
                let claims = event["requestContext"]!["authorizer"]!["claims"]!
                let message = "Hello, \(claims["given_name"]!.stringValue!) \(claims["family_name"]!.stringValue!)!"
                return .success(Array(#"{"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}, "body": "\#(message)"}"#.utf8))
            }
        ])
        let gateway = try Gateway(
            OpenAPILoader.load(contentsOf: Support.fixture("apis/cognito-proxy.yaml")),
            backend: backend,
            access: AccessControl(userPoolKeys: [TokenMint.poolId: StaticJWKS(mint.jwks)])
        )
        func call(_ target: String, token: String?, method: HTTPRequest.Method = .get, at seconds: Int64 = Self.now) async -> GatewayResponse {
            var headers: [(String, String)] = []
            if let token { headers.append(("Authorization", token)) }
            return await Support.send(
                gateway,
                method,
                target,
                headers: headers,
                context: InvocationContext(requestId: "r", timeEpochMillis: seconds * 1000)
            )
        }
        let token = try await mint.idToken(now: Self.now)
        let root = await call("/", token: token)
        #expect(root.status.code == 200)
        #expect(root.text == "Hello, John Doe!")
        let nested = await call("/some/path", token: token, method: .post)
        #expect(nested.status.code == 200)
        // Claims in the event, every one as text.
        let claims = try #require(events.last?["requestContext"]?["authorizer"]?["claims"])
        #expect(claims["email"]?.stringValue == "jdoe@example.com")
        #expect(claims["email_verified"]?.stringValue == "true")
        #expect(claims["cognito:groups"]?.stringValue == "[admin, users]")
        #expect(claims["auth_time"]?.stringValue == String(Self.now - 10))
        #expect(claims["exp"]?.stringValue == "Fri Jan 15 09:00:00 UTC 2027")
        // No token, an expired one, one from another pool: 401, the function not called.
        let calls = events.all.count
        #expect(await call("/", token: nil).status.code == 401)
        #expect(await call("/", token: try await mint.idToken(now: Self.now, expiresIn: -5)).status.code == 401)
        let foreign = try await mint.idToken(now: Self.now, issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other")
        #expect(await call("/x", token: foreign).status.code == 401)
        #expect(await call("/", token: token + "x").status.code == 401)
        #expect(events.all.count == calls)
        // A token verified before is refused once it has expired, though it is cached.
        #expect(await call("/", token: token, at: Self.now + 3600).status.code == 401)
        // OPTIONS is open, as Enable CORS makes it.
        #expect(await call("/", token: nil, method: .options).status.code == 200)
    }
}
