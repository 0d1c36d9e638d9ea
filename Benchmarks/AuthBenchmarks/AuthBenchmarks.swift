import Benchmark
import Foundation
import JWTKit
import TollgateAuth
import _TollgateTestSupport

// Cognito ID-token verification on a cache miss: Tollgate's verifier (jwt-kit's RS256 key for the
// token's kid, the header and claims read with TollgateJSON, issuer/expiry/token_use checked) beside
// jwt-kit's own `JWTKeyCollection.verify` of the same token into a Codable payload with the same
// checks, in one run. The issue's target: at least as fast as jwt-kit.
//
//   swift package benchmark --target AuthBenchmarks

/// The claims jwt-kit decodes, checked as Tollgate checks them.
struct CognitoIDToken: JWTPayload {
    let sub: String
    let iss: String
    let token_use: String
    let exp: ExpirationClaim
    let email: String?
    let given_name: String?
    let family_name: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss == TokenMint.issuer, token_use == "id" else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "iss/token_use") }
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3)
    )
    let setup = { () async throws -> (TokenMint, String, CognitoTokenVerifier) in
        let mint = try await TokenMint()
        let token = try await mint.idToken(now: Int64(Date().timeIntervalSince1970))
        let verifier = CognitoTokenVerifier(pools: [UserPool(id: TokenMint.poolId, region: TokenMint.region, keys: StaticJWKS(mint.jwks))])
        return (mint, token, verifier)
    }
    let now = Int64(Date().timeIntervalSince1970)

    // The key and token are made before measuring starts (a 2048-bit RSA key takes a while).
    Benchmark("Cognito ID token, Tollgate verify", configuration: configuration) { benchmark in
        let (_, token, verifier) = try await setup()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            guard case .success(let claims) = await verifier.verify(token, scopes: [], nowSeconds: now) else { fatalError("token refused") }
            blackHole(claims)
        }
    }
    Benchmark("Cognito ID token, jwt-kit verify", configuration: configuration) { benchmark in
        let (mint, token, _) = try await setup()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await mint.keys.verify(token, as: CognitoIDToken.self)) }
    }

    // Signature Version 4 of a DynamoDB PutItem as an AWS service integration sends it (five headers,
    // a 160-byte body), and its verification as an AWS_IAM method checks a request.
    let key = IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token")
    let putItem = SignedRequest(
        method: "POST",
        path: "/",
        query: [("Action", "PutItem")],
        headers: [
            ("Host", "dynamodb.us-east-1.amazonaws.com"), ("X-Amz-Target", "DynamoDB_20120810.PutItem"),
            ("Content-Type", "application/x-amz-json-1.0"),
        ],
        body: Array(
            #"{"TableName": "Comments", "Item": {"pageId": {"S": "home"}, "commentId": {"S": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}, "message": {"S": "Hello"}}}"#
                .utf8
        )
    )
    let signer = SigV4Signer(credential: key, region: "us-east-1", service: "dynamodb")
    let millis = now * 1000
    Benchmark("SigV4 sign (DynamoDB PutItem)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(signer.sign(putItem, nowMillis: millis)) }
    }
    var signed = putItem
    signed.headers += signer.sign(putItem, nowMillis: millis)
    let verifier = SigV4Verifier(credentials: [key], region: "us-east-1", service: "dynamodb")
    Benchmark("SigV4 verify (DynamoDB PutItem)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(verifier.verify(signed, nowMillis: millis)) }
    }
}
