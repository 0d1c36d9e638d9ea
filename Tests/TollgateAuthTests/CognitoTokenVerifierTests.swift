import ExtrasBase64
import Foundation
import Testing
import TollgateAuth
import TollgateJSON
import _TollgateTestSupport

/// Cognito tokens minted with a test RSA key: what a user-pool authorizer accepts and refuses.
@Suite struct CognitoTokenVerifierTests {
    static let now: Int64 = 1_800_000_000

    /// A key source that counts its reads.
    final class CountingJWKS: JWKSSource, @unchecked Sendable {
        var sets: [String]
        var reads = 0
        init(_ sets: [String]) { self.sets = sets }
        func jwks(reload: Bool) async throws -> [UInt8] {
            reads += 1
            return Array(sets[min(reads - 1, sets.count - 1)].utf8)
        }
    }

    func verifier(_ mint: TokenMint) -> CognitoTokenVerifier {
        CognitoTokenVerifier(pools: [UserPool(id: TokenMint.poolId, region: TokenMint.region, keys: StaticJWKS(mint.jwks))])
    }

    @Test func idAndAccessTokens() async throws {
        let mint = try await TokenMint()
        let verifier = verifier(mint)
        let id = try await mint.idToken(now: Self.now)
        let claims = try await verifier.verify(id, scopes: [], nowSeconds: Self.now).get().claims
        #expect(claims["given_name"]?.stringValue == "John")
        // An ID token where the method has scopes, an access token where it has none: refused.
        #expect(await verifier.verify(id, scopes: ["email"], nowSeconds: Self.now).failure == .wrongTokenUse("id"))
        let access = try await mint.accessToken(now: Self.now, scope: "openid email")
        #expect((try? await verifier.verify(access, scopes: ["email"], nowSeconds: Self.now).get()) != nil)
        #expect((try? await verifier.verify(access, scopes: ["profile", "openid"], nowSeconds: Self.now).get()) != nil)
        #expect(await verifier.verify(access, scopes: ["admin"], nowSeconds: Self.now).failure == .missingScope)
        #expect(await verifier.verify(access, scopes: [], nowSeconds: Self.now).failure == .wrongTokenUse("access"))
    }

    @Test func refusedTokens() async throws {
        let mint = try await TokenMint()
        let verifier = verifier(mint)
        let expired = try await mint.idToken(now: Self.now, expiresIn: -1)
        #expect(await verifier.verify(expired, scopes: [], nowSeconds: Self.now).failure == .expired)
        let foreign = try await mint.idToken(now: Self.now, issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other")
        #expect(
            await verifier.verify(foreign, scopes: [], nowSeconds: Self.now).failure
                == .wrongIssuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other")
        )
        // Signed by another key under the same kid: the signature does not verify.
        let impostor = try await TokenMint()
        let forged = try await impostor.idToken(now: Self.now)
        #expect(await verifier.verify(forged, scopes: [], nowSeconds: Self.now).failure == .badSignature)
        // A claim changed after signing.
        let good = try await mint.idToken(now: Self.now)
        var parts = good.split(separator: ".").map(String.init)
        var payload = try Base64.decode(string: parts[1], options: [.base64UrlAlphabet, .omitPaddingCharacter])
        let text = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "John", with: "Jane")
        payload = Array(text.utf8)
        parts[1] = Base64.encodeToString(bytes: payload, options: [.base64UrlAlphabet, .omitPaddingCharacter])
        #expect(await verifier.verify(parts.joined(separator: "."), scopes: [], nowSeconds: Self.now).failure == .badSignature)
        // alg none, with or without a signature.
        let none = Base64.encodeToString(
            bytes: Array(#"{"alg":"none","kid":"test-key-1"}"#.utf8),
            options: [.base64UrlAlphabet, .omitPaddingCharacter]
        )
        #expect(await verifier.verify(none + "." + parts[1] + ".", scopes: [], nowSeconds: Self.now).failure == .unsupportedAlgorithm("none"))
        #expect(await verifier.verify("not a token", scopes: [], nowSeconds: Self.now).failure == .malformed)
        // A key the set does not have.
        let other = try await TokenMint(kid: "rotated-key")
        let rotated = try await other.idToken(now: Self.now)
        #expect(await verifier.verify(rotated, scopes: [], nowSeconds: Self.now).failure == .unknownKey("rotated-key"))
        // Not yet valid.
        let early = try await mint.token([
            "iss": .string(TokenMint.issuer), "token_use": .string("id"), "exp": .number(Self.now + 100), "nbf": .number(Self.now + 50),
        ])
        #expect(await verifier.verify(early, scopes: [], nowSeconds: Self.now).failure == .notYetValid)
    }

    /// A token whose kid the set lacks makes the set be read again once; the new key then verifies.
    @Test func unknownKidRereadsTheSet() async throws {
        let old = try await TokenMint(kid: "old")
        let new = try await TokenMint(kid: "new")
        let source = CountingJWKS([old.jwks, new.jwks])
        let verifier = CognitoTokenVerifier(pools: [UserPool(id: TokenMint.poolId, region: TokenMint.region, keys: source)])
        #expect((try? await verifier.verify(try await old.idToken(now: Self.now), scopes: [], nowSeconds: Self.now).get()) != nil)
        #expect(source.reads == 1)
        #expect((try? await verifier.verify(try await old.idToken(now: Self.now), scopes: [], nowSeconds: Self.now).get()) != nil)
        #expect(source.reads == 1)
        #expect((try? await verifier.verify(try await new.idToken(now: Self.now), scopes: [], nowSeconds: Self.now).get()) != nil)
        #expect(source.reads == 2)
    }

    @Test func userPoolARNs() {
        #expect(UserPool.parseARN("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC") ?? ("", "") == ("eu-west-1", "eu-west-1_AbC"))
        #expect(UserPool.parseARN("arn:aws:cognito-idp:eu-west-1:123456789012:identitypool/x") == nil)
        #expect(UserPool.parseARN("us-east-1_AbC") == nil)
    }
}

extension Result where Failure == CognitoTokenFailure {
    var failure: CognitoTokenFailure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
