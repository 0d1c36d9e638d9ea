import CryptoExtras
import ExtrasBase64
import Foundation
package import JWTKit

/// Mints Cognito-shaped JWTs with a test RSA key (jwt-kit signs them), and publishes the key as a
/// JWKS, for the tests of Cognito user-pool authorizers.
package struct TokenMint: Sendable {
    package let kid: String
    package let keys: JWTKeyCollection
    /// `{"keys":[{"kty":"RSA","kid":…,"n":…,"e":…}]}`.
    package let jwks: String

    package static let region = "us-east-1"
    package static let poolId = "us-east-1_TestPool1"
    package static var issuer: String { "https://cognito-idp.\(region).amazonaws.com/\(poolId)" }
    package static var poolARN: String { "arn:aws:cognito-idp:\(region):123456789012:userpool/\(poolId)" }

    package init(kid: String = "test-key-1") async throws {
        self.kid = kid
        let key = try Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        keys = JWTKeyCollection()
        await keys.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
        func url(_ data: Data) -> String { Base64.encodeToString(bytes: data, options: [.base64UrlAlphabet, .omitPaddingCharacter]) }
        jwks = #"{"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":"\#(kid)","n":"\#(url(modulus))","e":"\#(url(exponent))"}]}"#
    }

    /// A token with `claims` (raw JSON values by name) signed by this key.
    package func token(_ claims: [String: JSONClaim]) async throws -> String {
        try await keys.sign(ClaimsPayload(claims: claims), kid: JWKIdentifier(string: kid))
    }

    /// An ID token for `user`, valid from `now` for an hour, with the seed article's claims.
    package func idToken(now: Int64, issuer: String = TokenMint.issuer, expiresIn: Int64 = 3600) async throws -> String {
        try await token([
            "sub": .string("7d8ca528-4931-4254-9273-ea5ee853f271"), "iss": .string(issuer), "token_use": .string("id"),
            "given_name": .string("John"), "family_name": .string("Doe"), "email": .string("jdoe@example.com"),
            "email_verified": .bool(true), "cognito:groups": .strings(["admin", "users"]), "aud": .string("12ioh8c17q3stmndpXXXXXXXX"),
            "auth_time": .number(now - 10), "iat": .number(now - 10), "exp": .number(now + expiresIn),
        ])
    }

    /// An access token with `scope`.
    package func accessToken(now: Int64, scope: String, expiresIn: Int64 = 3600) async throws -> String {
        try await token([
            "sub": .string("7d8ca528-4931-4254-9273-ea5ee853f271"), "iss": .string(TokenMint.issuer), "token_use": .string("access"),
            "scope": .string(scope), "client_id": .string("12ioh8c17q3stmndpXXXXXXXX"), "iat": .number(now - 10), "exp": .number(now + expiresIn),
        ])
    }
}

/// A claim's value.
package enum JSONClaim: Sendable, Encodable {
    case string(String)
    case number(Int64)
    case bool(Bool)
    case strings([String])

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .number(let n): try container.encode(n)
        case .bool(let b): try container.encode(b)
        case .strings(let s): try container.encode(s)
        }
    }
}

struct ClaimsPayload: JWTPayload {
    let claims: [String: JSONClaim]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(claims: [String: JSONClaim]) { self.claims = claims }
    init(from decoder: any Decoder) throws { claims = [:] }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in claims.sorted(by: { $0.key < $1.key }) { try container.encode(value, forKey: Key(stringValue: name)) }
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
