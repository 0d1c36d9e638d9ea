import Testing
import TollgateAuth
import TollgateJSON

/// Policies as Lambda authorizers return them, decided against method ARNs.
@Suite struct IAMPolicyTests {
    static let arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/7"

    func decide(_ document: String, _ resource: String = arn, action: String = "execute-api:Invoke") throws -> IAMPolicy.Decision {
        try IAMPolicy(parsing: JSONValue(parsing: document)).decision(action: action, resource: resource)
    }

    @Test(arguments: [
        // Resource as a string, a list, with wildcards.
        (#"{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"\#(arn)"}]}"#, IAMPolicy.Decision.allow),
        (#"{"Statement":[{"Effect":"Allow","Action":["execute-api:Invoke"],"Resource":["x","\#(arn)"]}]}"#, .allow),
        (
            #"{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*"}]}"#,
            .allow
        ),
        (#"{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:abc123/*/GET/pets/?"}]}"#, .allow),
        (
            #"{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:abc123/*/GET/pets/??"}]}"#,
            .implicitDeny
        ),
        (
            #"{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/*"}]}"#,
            .implicitDeny
        ),
        // Actions compare without case, and with wildcards.
        (#"{"Statement":[{"Effect":"Allow","Action":"EXECUTE-API:*","Resource":"*"}]}"#, .allow),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#, .implicitDeny),
        // An explicit Deny wins over any Allow, in either order.
        (#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*/GET/pets/*"}]}"#, .explicitDeny),
        (#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*/POST/*"},{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, .allow),
        // One statement object for the list.
        (#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#, .allow),
        // NotResource / NotAction.
        (#"{"Statement":[{"Effect":"Allow","Action":"*","NotResource":"*/DELETE/*"}]}"#, .allow),
        (#"{"Statement":[{"Effect":"Allow","Action":"*","NotResource":"*/GET/*"}]}"#, .implicitDeny),
        (#"{"Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#, .allow),
        // Conditions cannot be evaluated: an Allow with one never allows, a Deny with one always denies.
        (#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"1.2.3.4"}}}]}"#, .implicitDeny),
        (
            #"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"x","Condition":{}}]}"#,
            .explicitDeny
        ),
        (#"{"Statement":[]}"#, .implicitDeny),
    ])
    func decisions(document: String, expected: IAMPolicy.Decision) throws {
        #expect(try decide(document) == expected)
    }

    @Test func resourcesCompareWithCase() throws {
        #expect(try decide(#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*/get/*"}]}"#) == .implicitDeny)
    }

    @Test(arguments: [
        #"[]"#, #"{"Statement":"x"}"#, #"{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}"#,
        #"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#, #"{"Statement":[{"Effect":"Allow","Action":"*"}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":1,"Resource":"*"}]}"#, #"{"Statement":[{"Effect":"Allow","Action":"*","Resource":["*",2]}]}"#,
    ])
    func malformedPoliciesThrow(document: String) {
        #expect(throws: IAMPolicy.FormatError.self) { try IAMPolicy(parsing: JSONValue(parsing: document)) }
    }

    /// A pattern of many stars against a long text does not take exponential time (it would never finish).
    @Test func manyStarsStayLinear() throws {
        let pattern = String(repeating: "*a", count: 200) + "b"
        let text = String(repeating: "a", count: 5000)
        let policy = IAMPolicy(statements: [.init(effect: .allow, actions: ["*"], resources: [pattern])])
        #expect(policy.decision(resource: text) == .implicitDeny)
        #expect(policy.decision(resource: text + "b") == .allow)
    }
}
