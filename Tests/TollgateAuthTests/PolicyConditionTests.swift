import Testing
import TollgateJSON

@testable import TollgateAuth

/// Resource-policy statements with principals and conditions ("IAM JSON policy elements" in the IAM
/// user guide): what applies to whom, from where.
@Suite struct PolicyConditionTests {
    static let arn = "arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/pets"

    func decide(_ statements: String, ip: String = "192.0.2.10", iam: IAMCredential? = nil, agent: String? = nil) throws -> IAMPolicy.Decision {
        let policy = try IAMPolicy(parsing: try JSONValue(parsing: #"{"Statement": \#(statements)}"#))
        return policy.decision(resource: Self.arn, caller: PolicyCaller(sourceIp: ip, userAgent: agent, iam: iam))
    }

    static let allowList = #"""
        [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:api/*"},
         {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:api/*",
          "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/32", "198.51.100.7"]}}}]
        """#

    @Test(arguments: [
        ("192.0.2.10", IAMPolicy.Decision.allow), ("192.0.2.255", .allow), ("192.0.3.1", .explicitDeny), ("198.51.100.7", .allow),
        ("198.51.100.8", .explicitDeny), ("2001:db8:1::5", .allow), ("2001:db9::1", .explicitDeny), ("not-an-ip", .explicitDeny),
    ])
    func ipAllowList(ip: String, expected: IAMPolicy.Decision) throws {
        #expect(try decide(Self.allowList, ip: ip) == expected)
    }

    @Test func anAllowWithAConditionNeedsItToHold() throws {
        let statement =
            #"[{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]"#
        #expect(try decide(statement, ip: "10.1.2.3") == .allow)
        #expect(try decide(statement, ip: "11.1.2.3") == .implicitDeny)
    }

    @Test func absentKeysAndIfExists() throws {
        // No VPC endpoint on a local request: StringEquals fails, StringNotEquals holds, IfExists holds.
        let equals =
            #"[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}]"#
        #expect(try decide(equals) == .implicitDeny)
        let notEquals =
            #"[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}]"#
        #expect(try decide(notEquals) == .explicitDeny)
        let ifExists =
            #"[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}}]"#
        #expect(try decide(ifExists) == .allow)
        let agent =
            #"[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"aws:UserAgent": "curl/*"}}}]"#
        #expect(try decide(agent, agent: "curl/8.5") == .allow)
        #expect(try decide(agent, agent: "wget") == .implicitDeny)
    }

    @Test func principals() throws {
        let user = IAMCredential(accessKeyId: "AKID", secretAccessKey: "s", userArn: "arn:aws:iam::111122223333:user/alice")
        let accounts = #"[{"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": "execute-api:Invoke", "Resource": "*"}]"#
        #expect(try decide(accounts, iam: user) == .allow)
        #expect(try decide(accounts) == .implicitDeny)  // anonymous is no account's principal
        let role = #"[{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "*", "Resource": "*"}]"#
        #expect(try decide(role, iam: user) == .implicitDeny)
        let root = #"[{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*", "Resource": "*"}]"#
        #expect(try decide(root, iam: user) == .explicitDeny)
        let notPrincipal = #"[{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}]"#
        #expect(try decide(notPrincipal) == .explicitDeny)
        #expect(try decide(notPrincipal, iam: user) == .implicitDeny)
    }

    /// An operator this cannot evaluate is read the safe way.
    @Test func unknownOperatorsFailClosed() throws {
        let condition = #"{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}"#
        #expect(try decide(#"[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": \#(condition)}]"#) == .implicitDeny)
        let both =
            #"[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": \#(condition)}]"#
        #expect(try decide(both) == .explicitDeny)
    }

    @Test func malformedPoliciesAreErrors() {
        for statements in [
            #"[{"Effect": "Allow", "Principal": 3, "Action": "*", "Resource": "*"}]"#,
            #"[{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "999.1.1.1/8"}}}]"#,
            #"[{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}]"#,
            #"[{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": "x"}]"#,
        ] {
            #expect(throws: IAMPolicy.FormatError.self) { try IAMPolicy(parsing: try! JSONValue(parsing: #"{"Statement": \#(statements)}"#)) }
        }
    }
}
