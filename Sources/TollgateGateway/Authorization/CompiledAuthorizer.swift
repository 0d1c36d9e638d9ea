import Foundation
import HTTPTypes
import Synchronization
import TollgateAuth
import TollgateJSON
import TollgateJavaRegex

/// What an authorizer (or IAM) established about the caller, for `$context.authorizer.*`,
/// `$context.identity.*`, the proxy event and the API key. One object, shared by every request its
/// cache entry serves.
final class CallerAuthorization: Sendable {
    /// A Lambda authorizer's `principalId`.
    let principalId: String?
    /// A Lambda authorizer's `context`, each value as text (API Gateway gives `1` as `"1"`).
    let context: [(String, String)]
    /// A Lambda authorizer's `usageIdentifierKey` (the API key when `apiKeySource` is AUTHORIZER).
    let usageIdentifierKey: String?
    /// A Lambda authorizer's policy, evaluated against each method ARN.
    let policy: IAMPolicy?
    /// A Cognito token's claims, each as text.
    let claims: [(String, String)]?
    /// The IAM identity that signed the request.
    let iam: IAMCredential?
    /// The policy's verdicts by method and path (a method ARN's varying part), so that a cached
    /// verdict is decided once per ARN: bounded, emptied when full.
    let decisions = Mutex<[DecisionKey: IAMPolicy.Decision]>([:])

    struct DecisionKey: Hashable {
        let method: HTTPRequest.Method
        let path: String
    }

    init(
        principalId: String? = nil,
        context: [(String, String)] = [],
        usageIdentifierKey: String? = nil,
        policy: IAMPolicy? = nil,
        claims: [(String, String)]? = nil,
        iam: IAMCredential? = nil
    ) {
        self.principalId = principalId
        self.context = context
        self.usageIdentifierKey = usageIdentifierKey
        self.policy = policy
        self.claims = claims
        self.iam = iam
    }

    /// The policy's verdict for `request`'s method ARN (`arn`, made only when not decided before).
    func decision(method: HTTPRequest.Method, path: String, arn: () -> String) -> IAMPolicy.Decision {
        let key = DecisionKey(method: method, path: path)
        if let known = decisions.withLock({ $0[key] }) { return known }
        let decision = policy?.decision(resource: arn()) ?? .implicitDeny
        decisions.withLock { known in
            if known.count >= 256 { known.removeAll(keepingCapacity: true) }
            known[key] = decision
        }
        return decision
    }

    /// `$context.authorizer`.
    var contextValue: JSONValue {
        var object = JSONObject()
        if let claims {
            var members = JSONObject()
            for (name, value) in claims { members[name] = .string(value) }
            object["claims"] = .object(members)
        }
        if let principalId { object["principalId"] = .string(principalId) }
        for (name, value) in context { object[name] = .string(value) }
        return .object(object)
    }
}

/// An authorizer with everything checked and compiled when the gateway is made.
final class CompiledAuthorizer: Sendable {
    let authorizer: Authorizer
    /// The Lambda function (TOKEN and REQUEST).
    let functionName: String
    /// The identity sources, parsed.
    let identitySources: [MappingSource]
    let validation: JavaPattern?
    /// nil when caching is off (a TTL of 0).
    let cache: AuthorizerCache<CallerAuthorization>?
    let ttlNanoseconds: Int64
    /// Cognito: the verifier of the pools' tokens, and its cache (by token and scopes, never past `exp`).
    let cognito: CognitoTokenVerifier?
    let tokenCache: AuthorizerCache<CallerAuthorization>?

    init(_ authorizer: Authorizer, access: AccessControl) throws(DefinitionError) {
        self.authorizer = authorizer
        let location = authorizer.location
        func fail(_ message: String, _ at: String = "") -> DefinitionError { DefinitionError(location: location + at, message: message) }
        var sources: [MappingSource] = []
        for expression in authorizer.identitySource {
            let source = MappingSource(expression)
            let usable: Bool
            switch source {
            case .requestHeader, .requestQuery, .requestMultiValueHeader, .requestMultiValueQuery, .requestPath, .stageVariable, .context:
                usable = true
            default: usable = false
            }
            guard usable else {
                throw fail("identitySource \(expression) is not a request parameter, stage variable or context variable", "/identitySource")
            }
            sources.append(source)
        }
        identitySources = sources
        switch authorizer.kind {
        case .token, .cognitoUserPools:
            guard sources.count == 1, case .requestHeader = sources[0] else {
                throw fail("a \(authorizer.kind.rawValue) authorizer's identitySource is one method.request.header.X", "/identitySource")
            }
        case .request:
            if authorizer.resultTtlInSeconds > 0, sources.isEmpty {
                throw fail("a REQUEST authorizer that caches (authorizerResultTtlInSeconds > 0) needs an identitySource", "/identitySource")
            }
        }
        if let expression = authorizer.identityValidationExpression, authorizer.kind != .request {
            do {
                validation = try JavaPattern(expression)
            } catch {
                throw fail("identityValidationExpression does not compile: \(error)", "/identityValidationExpression")
            }
        } else {
            validation = nil
        }
        ttlNanoseconds = Int64(authorizer.resultTtlInSeconds) * 1_000_000_000
        cache = authorizer.resultTtlInSeconds > 0 ? AuthorizerCache(capacity: access.cacheCapacity) : nil
        switch authorizer.kind {
        case .token, .request:
            guard let name = authorizer.functionName else {
                throw fail("the authorizer has no authorizerUri naming a Lambda function", "/authorizerUri")
            }
            functionName = name
            cognito = nil
            tokenCache = nil
        case .cognitoUserPools:
            functionName = ""
            guard !authorizer.providerARNs.isEmpty else { throw fail("a Cognito authorizer needs providerARNs", "/providerARNs") }
            var pools: [UserPool] = []
            for (index, arn) in authorizer.providerARNs.enumerated() {
                guard let (region, id) = UserPool.parseARN(arn) else {
                    throw fail("not a user pool ARN: \(arn)", "/providerARNs/\(index)")
                }
                guard let keys = access.userPoolKeys[id] else {
                    throw fail(
                        "no key set for user pool \(id): give its JWKS (tollgate --user-pool-jwks \(id)=PATH_OR_URL)",
                        "/providerARNs/\(index)"
                    )
                }
                pools.append(UserPool(id: id, region: region, keys: keys))
            }
            cognito = CognitoTokenVerifier(pools: pools)
            tokenCache = AuthorizerCache(capacity: access.cacheCapacity)
        }
    }
}
