import Foundation
import Testing
import _TollgateTestSupport

/// Access control as a user runs it: `tollgate invoke` and `tollgate serve` with the seed's request
/// authorizer and Cognito APIs, local authorizer functions, user-pool key sets and IAM credentials.
@Suite(.serialized) struct AccessControlCommandTests {
    static let authorizer = "py-ip-authorizer=python3 Fixtures/functions/ip-authorizer.py"

    func status(_ result: CLI.Result) -> String {
        String(result.stdout.split(separator: "\r\n").first ?? "")
    }

    @Test func invokeRequestAuthorizer() async throws {
        let base = ["invoke", "Fixtures/apis/request-authorizer.yaml", "GET", "/hello", "--stage", "dev", "--function", Self.authorizer]
        let allowed = try await CLI.run(base + ["-H", "Authorization: hello", "--source-ip", "58.240.195.186"])
        #expect(status(allowed) == "HTTP/1.1 200 OK", "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stdout.hasSuffix(#"{"message": "Hello, hello", "sourceIp": "58.240.195.186"}"#))
        let denied = try await CLI.run(base + ["-H", "Authorization: hello", "--source-ip", "10.0.0.1"])
        #expect(status(denied) == "HTTP/1.1 403 Forbidden")
        #expect(denied.stdout.hasSuffix(#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#))
        let anonymous = try await CLI.run(base + ["--source-ip", "58.240.195.186"])
        #expect(status(anonymous) == "HTTP/1.1 401 Unauthorized")
        // Without its function the authorizer cannot run: 500, never the method.
        let unbacked = try await CLI.run(["invoke", "Fixtures/apis/request-authorizer.yaml", "GET", "/hello", "-H", "Authorization: hello"])
        #expect(status(unbacked) == "HTTP/1.1 500 Internal Server Error")
    }

    /// `$context.identity.sourceIp` is the real peer under `serve`: a client on 127.0.0.2 is seen as such.
    @Test func serveSeesThePeerAddress() async throws {
        let server = try await ServeCommandTests.Server.start([
            "Fixtures/apis/request-authorizer.yaml", "--stage", "dev", "--function",
            "py-ip-authorizer=VALID_IPS=127.0.0.2 python3 Fixtures/functions/ip-authorizer.py",
        ])
        defer { server.kill() }
        #expect(server.port != 0, "\(server.lines)")
        func curl(_ arguments: [String]) async throws -> String {
            try await ChildProcess.run("curl", ["-s", "-w", " %{http_code}"] + arguments).stdoutText
        }
        let url = "http://127.0.0.1:\(server.port)/hello"
        #expect(
            try await curl(["--interface", "127.0.0.2", "-H", "Authorization: hello", url])
                == #"{"message": "Hello, hello", "sourceIp": "127.0.0.2"} 200"#
        )
        #expect(try await curl(["--interface", "127.0.0.1", "-H", "Authorization: hello", url]).hasSuffix(" 403"))
        #expect(try await curl(["--interface", "127.0.0.2", url]) == #"{"message":"Unauthorized"} 401"#)
    }

    @Test func invokeCognitoProxy() async throws {
        let mint = try await TokenMint()
        let jwks = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-jwks-\(UUID().uuidString).json")
        try Data(mint.jwks.utf8).write(to: jwks)
        defer { try? FileManager.default.removeItem(at: jwks) }
        let now = Int64(Date().timeIntervalSince1970)
        let token = try await mint.idToken(now: now)
        let base = [
            "invoke", "Fixtures/apis/cognito-proxy.yaml", "POST", "/pets", "--data", #"{"message": "Sample POST payload"}"#,
            "--user-pool-jwks", "\(TokenMint.poolId)=\(jwks.path)", "--function", "LambdaForSimpleProxy=python3 Fixtures/functions/simple-proxy.py",
        ]
        let allowed = try await CLI.run(base + ["-H", "Authorization: \(token)"])
        #expect(status(allowed) == "HTTP/1.1 200 OK", "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stdout.contains("Hello, John Doe! You are authenticated to your API using Cognito user pools!"))
        #expect(allowed.stdout.contains("This is an authorized POST to Lambda"))
        #expect(status(try await CLI.run(base)) == "HTTP/1.1 401 Unauthorized")
        let expired = try await mint.idToken(now: now - 7200)
        #expect(status(try await CLI.run(base + ["-H", "Authorization: \(expired)"])) == "HTTP/1.1 401 Unauthorized")
        // Without the pool's key set the definition does not load.
        let refused = try await CLI.run(["invoke", "Fixtures/apis/cognito-proxy.yaml", "GET", "/"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("no key set for user pool us-east-1_TestPool1"))
    }

    @Test func invokeIAM() async throws {
        let definition = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-iam-\(UUID().uuidString).json")
        try Data(
            #"""
            {"swagger": "2.0", "info": {"title": "iam"},
             "securityDefinitions": {"sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}},
             "paths": {"/a": {"get": {"security": [{"sigv4": []}], "responses": {"200": {"description": "ok"}},
               "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                 "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "$context.identity.accessKey $context.identity.userArn"}}}}}}}}
            """#.utf8
        ).write(to: definition)
        defer { try? FileManager.default.removeItem(at: definition) }
        // botocore signs the request, now.
        let spec =
            #"[{"method": "GET", "url": "https://localhost/a?x=1", "accessKey": "AKIDEXAMPLE", "secretKey": "s3cret", "region": "us-east-1", "time": \#(Int(Date().timeIntervalSince1970))}]"#
        let signer = try await ChildProcess.run(
            ProcessInfo.processInfo.environment["TOLLGATE_PYTHON"] ?? "python3",
            ["Tests/Oracles/sigv4_sign.py"],
            stdin: Data(spec.utf8),
            directory: CLI.packageRoot
        )
        let signed = try JSONSerialization.jsonObject(with: signer.stdout) as! [[String: String]]
        let headers = signed[0].flatMap { ["-H", "\($0.key): \($0.value)"] } + ["-H", "Host: localhost"]
        let base = ["invoke", definition.path, "GET", "/a?x=1", "--iam-credentials", "AKIDEXAMPLE=s3cret"]
        let allowed = try await CLI.run(base + headers)
        #expect(status(allowed) == "HTTP/1.1 200 OK", "\(allowed.stdout)")
        #expect(allowed.stdout.hasSuffix("AKIDEXAMPLE arn:aws:iam::123456789012:user/AKIDEXAMPLE"))
        #expect(status(try await CLI.run(base)) == "HTTP/1.1 403 Forbidden")
        let otherQuery = try await CLI.run(["invoke", definition.path, "GET", "/a?x=2", "--iam-credentials", "AKIDEXAMPLE=s3cret"] + headers)
        #expect(status(otherQuery) == "HTTP/1.1 403 Forbidden")
        #expect(otherQuery.stdout.contains("InvalidSignatureException"))
    }
}
