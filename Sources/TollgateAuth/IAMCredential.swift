/// An IAM identity the gateway accepts on `AWS_IAM` methods: its access key, the secret requests are
/// signed with, and who it is (what `$context.identity.caller`, `user`, `userArn` and `accountId` show).
public struct IAMCredential: Sendable, Hashable {
    /// The access key id requests name in their credential scope.
    public var accessKeyId: String
    /// The secret the signatures are made with.
    public var secretAccessKey: String
    /// Temporary credentials carry a session token (`X-Amz-Security-Token`) that must come with each
    /// request, and an end (epoch milliseconds) after which requests get EXPIRED_TOKEN.
    public var sessionToken: String?
    /// When temporary credentials end (epoch milliseconds); nil for long-term keys.
    public var expiresAtMillis: Int64?
    /// `$context.identity.userArn`; by default an IAM user named after the key in account 123456789012.
    public var userArn: String
    /// `$context.identity.caller` and `user`: the principal's id.
    public var principalId: String

    /// An identity with these keys; its ARN and principal id default to an IAM user named after the key.
    public init(
        accessKeyId: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        expiresAtMillis: Int64? = nil,
        userArn: String? = nil,
        principalId: String? = nil
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiresAtMillis = expiresAtMillis
        self.userArn = userArn ?? "arn:aws:iam::123456789012:user/\(accessKeyId)"
        self.principalId = principalId ?? accessKeyId
    }

    /// `$context.identity.accountId`: the account in ``userArn``.
    public var accountId: String {
        let parts = userArn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 4 ? String(parts[4]) : ""
    }
}
