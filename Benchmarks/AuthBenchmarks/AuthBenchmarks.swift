import Benchmark
import Foundation
import JWTKit
import TollgateAuth
import _TollgateTestSupport

// Cognito ID-token verification on a cache miss: Tollgate's verifier (jwt-kit's RS256 key for the
// token's kid, the header and claims read with TollgateJSON, issuer/expiry/token_use checked) beside
// jwt-kit's own `JWTKeyCollection.verify` of the same token into a Codable payload with the same
// checks, in one run. The target: at least as fast as jwt-kit.
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
}
