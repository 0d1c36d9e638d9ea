import Foundation
import HTTPTypes
import Synchronization
import TollgateAuth
import TollgateJSON
import TollgateJavaRegex

extension Exchange {
    /// `arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH`, the resource an authorizer's policy
    /// is evaluated against (the path as requested, without its leading `/`).
    func methodArn() -> String {
        var arn = gateway.storage.methodArnPrefix
        let path = request.path.utf8.first == UInt8(ascii: "/") ? request.path.dropFirst() : Substring(request.path)
        arn.reserveCapacity(arn.utf8.count + request.method.rawValue.utf8.count + 1 + path.utf8.count)
        arn += request.method.rawValue
        arn += "/"
        arn += path
        return arn
    }

    /// Spec §0 step 2: IAM, a Lambda authorizer or a Cognito user pool decides whether the request
    /// goes on, together with the API's resource policy as "How API Gateway resource policies affect
    /// authorization workflow" in the developer guide has it: with no authorization the policy must
    /// allow; with IAM in the API's account an accepted signature allows unless the policy denies
    /// (another account needs the policy's allow too); a Lambda authorizer is not called when the
    /// policy denies, and then allows when either it or the policy allows and neither denies; a
    /// Cognito caller needs the policy's allow. An explicit deny always wins.
    func authorize(_ method: CompiledMethod) async throws(GatewayFailure) {
        let policy = gateway.storage.resourcePolicy
        switch method.method.authorization {
        case .none:
            if let policy { try requirePolicy(policy, allowIfSilent: false) }
        case .iam:
            try verifySignature()
            if let policy {
                let sameAccount = authorization?.iam?.accountId == gateway.storage.stage.accountId
                try requirePolicy(policy, allowIfSilent: sameAccount)
            }
        case .authorizer(let name):
            guard let authorizer = gateway.storage.authorizers[name] else {
                // Checked when the gateway is made; never served open.
                throw GatewayFailure(.authorizerConfigurationError)
            }
            switch authorizer.authorizer.kind {
            case .token, .request:
                let verdict = policy.map { policyDecision($0) }
                if verdict == .explicitDeny { throw policyDenial(explicit: true) }
                try await lambdaAuthorize(authorizer, policy: verdict)
            case .cognitoUserPools:
                try await cognitoAuthorize(authorizer, scopes: method.method.authorizationScopes)
                if let policy { try requirePolicy(policy, allowIfSilent: false) }
            }
        }
    }

    // MARK: Resource policy

    func policyDecision(_ policy: IAMPolicy) -> IAMPolicy.Decision {
        let caller = PolicyCaller(
            sourceIp: context.sourceIP,
            userAgent: request.headers[.userAgent],
            referer: request.headers[.referer],
            iam: authorization?.iam
        )
        return policy.decision(resource: methodArn(), caller: caller)
    }

    func requirePolicy(_ policy: IAMPolicy, allowIfSilent: Bool) throws(GatewayFailure) {
        switch policyDecision(policy) {
        case .allow: return
        case .explicitDeny: throw policyDenial(explicit: true)
        case .implicitDeny: if !allowIfSilent { throw policyDenial(explicit: false) }
        }
    }

    /// 403 in the words AWS's knowledge center records for a resource policy's denial: `User: anonymous
    /// is not authorized to perform: execute-api:Invoke on resource: <ARN>` (the account masked but its
    /// last four digits; ` with an explicit deny` for an explicit deny).
    func policyDenial(explicit: Bool) -> GatewayFailure {
        let arn = methodArn()  // made only on the way to a 403
        let account = gateway.storage.stage.accountId
        let masked = arn.replacingOccurrences(of: ":\(account):", with: ":********\(account.suffix(4)):")
        let user = authorization?.iam?.userArn ?? "anonymous"
        let message =
            "User: \(user) is not authorized to perform: execute-api:Invoke on resource: \(masked)" + (explicit ? " with an explicit deny" : "")
        note("The resource policy \(explicit ? "denies" : "does not allow") \(arn)")
        return GatewayFailure(.accessDenied, message)
    }

    // MARK: IAM

    func verifySignature() throws(GatewayFailure) {
        var headers: [(name: String, value: String)] = request.headers.map { ($0.name.rawName, $0.value) }
        if !request.headers.contains(.hostHeader), let authority = request.authority { headers.append(("host", authority)) }
        let signed = SignedRequest(
            method: request.method.rawValue,
            path: request.path,
            query: request.query,
            headers: headers,
            body: request.body
        )
        switch gateway.storage.sigV4.verify(signed, nowMillis: context.timeEpochMillis) {
        case .success(let identity):
            authorization = CallerAuthorization(iam: identity)
        case .failure(let failure):
            note("IAM authorization failed: \(failure.errorType): \(failure.message)")
            let type: GatewayResponseType
            switch failure {
            case .missingAuthenticationToken: type = .missingAuthenticationToken
            case .expiredToken: type = .expiredToken
            case .incompleteSignature, .unrecognizedClient, .invalidSignature: type = .invalidSignature
            }
            throw GatewayFailure(type, failure.message, errorType: failure.errorType)
        }
    }

    // MARK: Lambda authorizers

    /// The first identity source's value (the token) and all of them as one cache key, or 401 when one
    /// is missing or empty (the function is not called).
    func identity(_ authorizer: CompiledAuthorizer) throws(GatewayFailure) -> (token: String, key: String) {
        var token = ""
        var key = ""
        for (index, source) in authorizer.identitySources.enumerated() {
            guard let value = requestValue(source), !value.isEmpty else {
                note("Unauthorized request: the identity source is missing or empty")
                throw GatewayFailure(.unauthorized)
            }
            // Several values are joined length-prefixed, so that no two identities share a key
            // (`a,b` + `c` is not `a` + `b,c`); one value is its own key.
            if index == 0 {
                token = value
                key = authorizer.identitySources.count == 1 ? value : "\(value.utf8.count):\(value)"
            } else {
                key += "\(value.utf8.count):\(value)"
            }
        }
        if let pattern = authorizer.validation, !pattern.matches(token) {
            note("Unauthorized request: the token does not match identityValidationExpression")
            throw GatewayFailure(.unauthorized)
        }
        return (token, key)
    }

    /// `policy`: the resource policy's verdict, when the API has one (an allow there stands in for the
    /// authorizer's silence).
    func lambdaAuthorize(_ authorizer: CompiledAuthorizer, policy: IAMPolicy.Decision? = nil) async throws(GatewayFailure) {
        trace.authorizer = ExchangeTrace.AuthorizerTrace()
        let (token, key) = try identity(authorizer)
        let now = context.monotonicNanoseconds
        let result: CallerAuthorization
        if let cached = authorizer.cache?.value(for: key, now: now) {
            note("Using cached authorizer result for \(authorizer.authorizer.name)")
            result = cached
        } else {
            result = try await invokeAuthorizer(authorizer, token: token, methodArn: methodArn())
            authorizer.cache?.insert(result, for: key, expires: now &+ authorizer.ttlNanoseconds)
        }
        // A cached policy is evaluated against each new method ARN, as API Gateway does.
        let arn = methodArn
        switch result.decision(method: request.method, path: request.path, arn: arn) {
        case .allow:
            authorization = result
        case .explicitDeny:
            note("The client is not authorized to perform this operation: an explicit deny for \(arn())")
            throw GatewayFailure(.accessDenied, "User is not authorized to access this resource with an explicit deny")
        case .implicitDeny where policy == .allow:
            authorization = result
        case .implicitDeny:
            note("The client is not authorized to perform this operation: no statement allows \(arn())")
            throw GatewayFailure(.accessDenied)
        }
    }

    /// The authorizer event: TOKEN's three members, or REQUEST's request without its body
    /// ("Input to an API Gateway Lambda authorizer" in the developer guide).
    func authorizerEvent(_ authorizer: CompiledAuthorizer, token: String, methodArn: String) -> JSONValue {
        if authorizer.authorizer.kind == .token {
            return .object(
                JSONObject(uniqueKeysWithValues: [
                    ("type", "TOKEN"), ("authorizationToken", .string(token)), ("methodArn", .string(methodArn)),
                ])
            )
        }
        var event = JSONObject(uniqueKeysWithValues: [("type", "REQUEST"), ("methodArn", .string(methodArn))])
        guard let method, case .object(let proxy) = proxyEvent(method) else { return .object(event) }
        for (name, value) in proxy where name != "body" && name != "isBase64Encoded" { event[name] = value }
        return .object(event)
    }

    func invokeAuthorizer(_ authorizer: CompiledAuthorizer, token: String, methodArn: String) async throws(GatewayFailure) -> CallerAuthorization {
        let payload = authorizerEvent(authorizer, token: token, methodArn: methodArn).serializedBytes()
        note("Sending request to authorizer \(authorizer.authorizer.name): \(String(decoding: payload, as: UTF8.self))")
        let answer: LambdaResult
        let start = ContinuousClock.now
        defer { trace.authorizer?.integrationLatency = Self.milliseconds(since: start) }
        do {
            answer = try await gateway.backend.invokeLambda(authorizer.functionName, payload: payload, timeoutInMillis: 29_000)
            trace.authorizer?.integrationStatus = "200"
        } catch {
            // The function could not be reached or did not answer in time: 500 AUTHORIZER_CONFIGURATION_ERROR.
            note("Execution failed due to configuration error: Authorizer error: \(error)")
            throw GatewayFailure(.authorizerConfigurationError)
        }
        switch answer {
        case .failure(let body):
            // `Unauthorized` as the error message is 401; any other error is a configuration error.
            let error = try? JSONValue(parsing: body)
            let message = error?["errorMessage"]?.stringValue ?? String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if message == "Unauthorized" {
                note("Unauthorized request: the authorizer answered Unauthorized")
                throw GatewayFailure(.unauthorized)
            }
            note("Execution failed due to configuration error: Authorizer error: \(message)")
            throw GatewayFailure(.authorizerConfigurationError)
        case .success(let body):
            do {
                return try Self.authorizerOutput(body)
            } catch {
                note("Execution failed due to configuration error: Invalid authorizer response: \(error.description)")
                throw GatewayFailure(.authorizerConfigurationError)
            }
        }
    }

    /// A Lambda authorizer's output ("Output from an API Gateway Lambda authorizer"): `principalId`,
    /// `policyDocument`, `context` of strings, numbers and booleans, `usageIdentifierKey`.
    static func authorizerOutput(_ body: [UInt8]) throws(IAMPolicy.FormatError) -> CallerAuthorization {
        guard case .object(let output)? = try? JSONValue(parsing: body) else {
            throw IAMPolicy.FormatError(description: "the output is not a JSON object")
        }
        guard let document = output["policyDocument"] else { throw IAMPolicy.FormatError(description: "the output has no policyDocument") }
        let policy = try IAMPolicy(parsing: document)
        var principalId: String?
        var context: [(String, String)] = []
        var usageIdentifierKey: String?
        switch output["principalId"] {
        case nil, .null?: break
        case .string(let s)?: principalId = s
        case .number(let n)?: principalId = n.lexeme
        default: throw IAMPolicy.FormatError(description: "principalId is not a string")
        }
        switch output["context"] {
        case nil, .null?: break
        case .object(let members)?:
            for (name, value) in members {
                switch value {
                case .string(let s): context.append((name, s))
                case .number(let n): context.append((name, n.lexeme))
                case .bool(let b): context.append((name, b ? "true" : "false"))
                default: throw IAMPolicy.FormatError(description: "context.\(name) is not a string, number or boolean")
                }
            }
        default: throw IAMPolicy.FormatError(description: "context is not an object")
        }
        switch output["usageIdentifierKey"] {
        case nil, .null?: break
        case .string(let s)?: usageIdentifierKey = s
        default: throw IAMPolicy.FormatError(description: "usageIdentifierKey is not a string")
        }
        return CallerAuthorization(principalId: principalId, context: context, usageIdentifierKey: usageIdentifierKey, policy: policy)
    }

    // MARK: Cognito

    func cognitoAuthorize(_ authorizer: CompiledAuthorizer, scopes: [String]) async throws(GatewayFailure) {
        trace.authorizer = ExchangeTrace.AuthorizerTrace()
        let token = try identity(authorizer).token
        let key = scopes.isEmpty ? token : token + "\u{1F}" + scopes.joined(separator: " ")
        let now = context.monotonicNanoseconds
        if let cached = authorizer.tokenCache?.value(for: key, now: now) {
            authorization = cached
            return
        }
        let nowSeconds = context.timeEpochMillis / 1000
        switch await authorizer.cognito!.verify(token, scopes: scopes, nowSeconds: nowSeconds) {
        case .success(let verified):
            let result = CallerAuthorization(claims: Self.claimTexts(verified.claims))
            // Kept while the token is valid, and no longer than the TTL when there is one.
            var lifetime = (verified.expiresAt - nowSeconds) * 1_000_000_000
            if authorizer.ttlNanoseconds > 0 { lifetime = min(lifetime, authorizer.ttlNanoseconds) }
            authorizer.tokenCache?.insert(result, for: key, expires: now &+ lifetime)
            authorization = result
        case .failure(let failure):
            note("Unauthorized request: \(failure)")
            if case .keysUnavailable = failure { throw GatewayFailure(.authorizerFailure) }
            throw GatewayFailure(.unauthorized)
        }
    }

    /// Claims as API Gateway hands them on: every value as text; `exp` and `iat` as Java's `Date.toString`
    /// (`Thu Jan 13 15:34:00 UTC 2022`), lists as Java's `List.toString` (`[admin, users]`).
    static func claimTexts(_ claims: JSONObject) -> [(String, String)] {
        claims.map { name, value in
            if name == "exp" || name == "iat", let seconds = value.numberValue?.int64Value {
                return (name, ExecutionLogFormat.timestamp(seconds * 1000))
            }
            return (name, claimText(value))
        }
    }

    static func claimText(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .number(let n): n.lexeme
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map(claimText).joined(separator: ", ") + "]"
        case .object: value.serialized()
        }
    }
}
