import TollgateJSON

/// Who makes a request and from where, as a resource policy sees it: the values of the global
/// condition keys a request to API Gateway carries ("AWS global condition context keys" in the IAM
/// user guide).
public struct PolicyCaller: Sendable {
    /// `aws:SourceIp`.
    public var sourceIp: String
    /// `aws:UserAgent` and `aws:Referer`, when the request has them.
    public var userAgent: String?
    /// `aws:Referer`, when the request has one.
    public var referer: String?
    /// The IAM identity that signed the request (`aws:PrincipalArn`, `aws:PrincipalAccount`,
    /// `aws:userid`); nil for an anonymous caller.
    public var iam: IAMCredential?

    /// A caller from `sourceIp`.
    public init(sourceIp: String, userAgent: String? = nil, referer: String? = nil, iam: IAMCredential? = nil) {
        self.sourceIp = sourceIp
        self.userAgent = userAgent
        self.referer = referer
        self.iam = iam
    }

    /// The value of a condition key (compared without case, as IAM does), nil when the request has none.
    /// `aws:SecureTransport` is `true`: API Gateway serves only HTTPS. Keys a local request cannot
    /// carry (`aws:SourceVpc`, `aws:SourceVpce`, `aws:PrincipalOrgID`, …) are absent.
    func value(_ key: String) -> String? {
        switch key.lowercased() {
        case "aws:sourceip": sourceIp
        case "aws:useragent": userAgent
        case "aws:referer": referer
        case "aws:securetransport": "true"
        case "aws:principalarn": iam?.userArn
        case "aws:principalaccount": iam?.accountId
        case "aws:userid", "aws:username": iam?.principalId
        case "aws:principaltype": iam.map { _ in "User" }
        default: nil
        }
    }
}

/// A statement's `Principal`: `*` (anyone, `{"AWS": "*"}` too) or AWS principals (account ids,
/// `arn:aws:iam::ACCOUNT:root`, user and role ARNs), which only an IAM-signed request can be.
public enum PolicyPrincipals: Sendable, Hashable {
    /// `"*"`: every caller.
    case anyone
    /// The AWS principals named (account ids, ARNs).
    case aws([String])

    init(parsing value: JSONValue, at: String) throws(IAMPolicy.FormatError) {
        if value.stringValue == "*" {
            self = .anyone
            return
        }
        guard case .object(let members) = value else { throw IAMPolicy.FormatError(description: "\(at) is neither \"*\" nor an object") }
        var names: [String] = []
        for (kind, entry) in members {
            let items = entry.arrayValue ?? [entry]
            for item in items {
                guard let name = item.stringValue else { throw IAMPolicy.FormatError(description: "\(at).\(kind) holds a non-string") }
                if kind == "AWS" && name == "*" {
                    self = .anyone
                    return
                }
                // Service and federated principals never sign a request to an API.
                if kind == "AWS" { names.append(name) }
            }
        }
        self = .aws(names)
    }

    /// Whether the caller is one of the principals.
    func covers(_ caller: PolicyCaller) -> Bool {
        switch self {
        case .anyone: return true
        case .aws(let names):
            guard let iam = caller.iam else { return false }
            return names.contains { name in
                name == iam.accountId || name == "arn:aws:iam::\(iam.accountId):root" || Wildcard.matches(name, iam.userArn)
            }
        }
    }
}
