public import TollgateAuth

/// What the gateway needs to enforce access control beyond the definition: the IAM identities that
/// may sign requests to `AWS_IAM` methods, the key sets of the Cognito user pools the authorizers
/// name, and how many verdicts an authorizer's cache holds.
public struct AccessControl: Sendable {
    /// Accepted SigV4 signers. With none, every `AWS_IAM` method answers 403.
    public var iamCredentials: [IAMCredential]
    /// JWKS by user pool id (`us-east-1_AbCdEf123`). A Cognito authorizer whose pool has none does not load.
    public var userPoolKeys: [String: any JWKSSource]
    /// The most verdicts one authorizer caches; past it the oldest is dropped.
    public var cacheCapacity: Int

    /// Access control with these signers, key sets and cache capacity (no signer: every `AWS_IAM` method answers 403).
    public init(iamCredentials: [IAMCredential] = [], userPoolKeys: [String: any JWKSSource] = [:], cacheCapacity: Int = 10_000) {
        self.iamCredentials = iamCredentials
        self.userPoolKeys = userPoolKeys
        self.cacheCapacity = cacheCapacity
    }
}
