import ExtrasBase64
import Foundation
public import JWTKit
import Synchronization
public import TollgateJSON

/// Where a user pool's JSON Web Key Set comes from (its `https://cognito-idp.REGION.amazonaws.com/POOL/.well-known/jwks.json`,
/// a file, or bytes). `reload` is true when a token names a key the last set did not have.
public protocol JWKSSource: Sendable {
    func jwks(reload: Bool) async throws -> [UInt8]
}

/// A key set given as bytes.
public struct StaticJWKS: JWKSSource {
    /// The key set's JSON.
    public let bytes: [UInt8]
    /// A key set of these bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// A key set of this JSON text.
    public init(_ json: String) { bytes = Array(json.utf8) }
    /// The bytes; `reload` changes nothing.
    public func jwks(reload: Bool) async throws -> [UInt8] { bytes }
}

/// A user pool: its id (`us-east-1_AbCdEf123`), region, and keys.
public struct UserPool: Sendable {
    /// The pool's id (`us-east-1_AbCdEf123`).
    public let id: String
    /// The pool's region.
    public let region: String
    /// Where its signing keys come from.
    public let keys: any JWKSSource

    /// `iss` of the pool's tokens.
    public var issuer: String { "https://cognito-idp.\(region).amazonaws.com/\(id)" }

    /// A pool `id` in `region`, its keys from `keys`.
    public init(id: String, region: String, keys: any JWKSSource) {
        self.id = id
        self.region = region
        self.keys = keys
    }

    /// The pool an ARN names (`arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123`).
    public static func parseARN(_ arn: String) -> (region: String, id: String)? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "cognito-idp", parts[5].hasPrefix("userpool/") else { return nil }
        let id = parts[5].dropFirst("userpool/".count)
        guard !id.isEmpty, !parts[3].isEmpty else { return nil }
        return (String(parts[3]), String(id))
    }
}

/// Why a Cognito token is refused (API Gateway answers 401 UNAUTHORIZED to each; the reason goes to the log).
public enum CognitoTokenFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The token is not a JWT.
    case malformed
    /// Its `alg` is not RS256.
    case unsupportedAlgorithm(String)
    /// Its `kid` is in none of the pool's keys.
    case unknownKey(String)
    /// The signature does not verify.
    case badSignature
    /// Its `iss` is none of the authorizer's pools.
    case wrongIssuer(String)
    /// It has expired (`exp`).
    case expired
    /// It is not valid yet (`nbf`, `iat`).
    case notYetValid
    /// Its `token_use` is wrong for the method (an ID token without scopes, an access token with them).
    case wrongTokenUse(String)
    /// The access token has none of the method's scopes.
    case missingScope
    /// The pool's key set could not be read or parsed.
    case keysUnavailable(String)

    /// Why the token was refused, in words for the execution log.
    public var description: String {
        switch self {
        case .malformed: "the token is not a JWT"
        case .unsupportedAlgorithm(let alg): "alg \(alg) is not RS256"
        case .unknownKey(let kid): "no key \(kid) in the user pool's key set"
        case .badSignature: "the signature does not verify"
        case .wrongIssuer(let iss): "issuer \(iss) is none of the authorizer's user pools"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .wrongTokenUse(let use): "token_use \(use) (an ID token for no scopes, an access token with scopes)"
        case .missingScope: "the access token has none of the method's scopes"
        case .keysUnavailable(let why): "the user pool's keys cannot be read: \(why)"
        }
    }
}

/// A verified token: its claims (as parsed) and when it stops being valid.
public struct CognitoClaims: Sendable {
    /// The token's claims, as parsed.
    public let claims: JSONObject
    /// `exp`, in epoch seconds.
    public let expiresAt: Int64
}

/// Verifies Amazon Cognito user-pool JWTs as a `COGNITO_USER_POOLS` authorizer does ("Integrate a REST
/// API with an Amazon Cognito user pool" and "Verifying a JSON web token" in the Cognito developer
/// guide): an RS256 signature by a key of the pool's JWKS (found by `kid`; an unknown `kid` re-reads the
/// set once), `iss` one of the pools, `exp` in the future and `nbf` (when present) past, `token_use` `id`
/// when the method has no scopes, `access` with a scope of the method's when it has.
///
/// The signature is checked by jwt-kit's RS256 key for the `kid`; the header and claims are read with
/// `TollgateJSON` (they are also what `$context.authorizer.claims` shows).
public final class CognitoTokenVerifier: Sendable {
    struct PoolKeys: Sendable {
        let collection: JWTKeyCollection
        /// The key ids of the last set read.
        let kids: Set<String>
    }

    let pools: [String: UserPool]
    let keys: Mutex<[String: PoolKeys]> = Mutex([:])
    /// RS256 verifiers by pool and kid, found once (jwt-kit's collection is an actor).
    let algorithms: Mutex<[String: any JWTAlgorithm]> = Mutex([:])

    /// `pools` by issuer.
    public init(pools: [UserPool]) {
        self.pools = Dictionary(pools.map { ($0.issuer, $0) }, uniquingKeysWith: { $1 })
    }

    /// The token's claims, or why it is refused; `nowSeconds` is the gateway's clock.
    public func verify(_ token: String, scopes: [String], nowSeconds: Int64) async -> Result<CognitoClaims, CognitoTokenFailure> {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerBytes = try? Base64.decode(bytes: parts[0], options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let payloadBytes = try? Base64.decode(bytes: parts[1], options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let signature = try? Base64.decode(bytes: parts[2], options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            case .object(let header)? = try? JSONValue(parsing: headerBytes),
            case .object(let claims)? = try? JSONValue(parsing: payloadBytes)
        else { return .failure(.malformed) }
        guard let alg = header["alg"]?.stringValue, alg == "RS256" else {
            return .failure(.unsupportedAlgorithm(header["alg"]?.stringValue ?? "none"))
        }
        guard let kid = header["kid"]?.stringValue else { return .failure(.unknownKey("(none)")) }
        guard let issuer = claims["iss"]?.stringValue, let pool = pools[issuer] else {
            return .failure(.wrongIssuer(claims["iss"]?.stringValue ?? "(none)"))
        }
        let algorithm: any JWTAlgorithm
        switch await self.algorithm(pool: pool, kid: kid) {
        case .success(let found): algorithm = found
        case .failure(let failure): return .failure(failure)
        }
        let signingInput = Array(token.utf8[parts[0].startIndex..<parts[1].endIndex])
        guard (try? algorithm.verify(signature, signs: signingInput)) == true else { return .failure(.badSignature) }
        guard let exp = claims["exp"]?.numberValue?.int64Value else { return .failure(.expired) }
        if exp <= nowSeconds { return .failure(.expired) }
        if let nbf = claims["nbf"]?.numberValue?.int64Value, nbf > nowSeconds { return .failure(.notYetValid) }
        let use = claims["token_use"]?.stringValue ?? "(none)"
        if scopes.isEmpty {
            guard use == "id" else { return .failure(.wrongTokenUse(use)) }
        } else {
            guard use == "access" else { return .failure(.wrongTokenUse(use)) }
            let granted = (claims["scope"]?.stringValue ?? "").split(separator: " ")
            guard granted.contains(where: { scopes.contains(String($0)) }) else { return .failure(.missingScope) }
        }
        return .success(CognitoClaims(claims: claims, expiresAt: exp))
    }

    /// The RS256 verifier of `kid` in `pool`'s key set, reading the set (again) when it lacks it.
    func algorithm(pool: UserPool, kid: String) async -> Result<any JWTAlgorithm, CognitoTokenFailure> {
        let cacheKey = pool.id + "/" + kid
        if let found = algorithms.withLock({ $0[cacheKey] }) { return .success(found) }
        var poolKeys = keys.withLock { $0[pool.id] }
        if poolKeys == nil || !poolKeys!.kids.contains(kid) {
            do {
                poolKeys = try await load(pool, reload: poolKeys != nil)
            } catch {
                return .failure(.keysUnavailable("\(error)"))
            }
        }
        guard let poolKeys, poolKeys.kids.contains(kid) else { return .failure(.unknownKey(kid)) }
        do {
            let algorithm = try await poolKeys.collection.getKey(for: JWKIdentifier(string: kid), alg: "RS256")
            algorithms.withLock { $0[cacheKey] = algorithm }
            return .success(algorithm)
        } catch {
            return .failure(.keysUnavailable("key \(kid): \(error)"))
        }
    }

    func load(_ pool: UserPool, reload: Bool) async throws -> PoolKeys {
        let bytes = try await pool.keys.jwks(reload: reload)
        let jwks = try JSONDecoder().decode(JWKS.self, from: Data(bytes))
        let collection = JWTKeyCollection()
        // Only RSA keys with a kid: a token is matched to its key by kid, never to a default key.
        var kids: Set<String> = []
        for jwk in jwks.keys where jwk.keyType == .rsa {
            guard let kid = jwk.keyIdentifier else { continue }
            try await collection.add(jwk: jwk)
            kids.insert(kid.string)
        }
        let loaded = PoolKeys(collection: collection, kids: kids)
        keys.withLock { $0[pool.id] = loaded }
        algorithms.withLock { cache in cache = cache.filter { !$0.key.hasPrefix(pool.id + "/") } }
        return loaded
    }
}
