public import TollgateJSON

/// An IAM policy document as a Lambda authorizer returns it, evaluated the way API Gateway evaluates
/// it against a method ARN ("Output from an API Gateway Lambda authorizer" and "Statement reference of
/// IAM policies for executing API in API Gateway" in the developer guide): a matching `Deny` wins, then
/// a matching `Allow` allows; nothing matching denies.
///
/// `Action`/`NotAction` and `Resource`/`NotResource` are strings or lists of strings with `*` and `?`
/// wildcards (actions compare without case, resources with it). A statement with a `Condition` cannot
/// be evaluated here, so it is read the safe way: an `Allow` with a condition never matches, a `Deny`
/// with one always does.
public struct IAMPolicy: Sendable, Hashable {
    /// Whether a statement allows or denies.
    public enum Effect: String, Sendable, Hashable {
        /// `Allow`.
        case allow = "Allow"
        /// `Deny`.
        case deny = "Deny"
    }

    /// One statement of the policy.
    public struct Statement: Sendable, Hashable {
        /// `Allow` or `Deny`.
        public var effect: Effect
        /// The actions it names, or (`negated`) those it does not.
        public var actions: [String]
        /// Whether the statement says `NotAction`.
        public var actionsNegated: Bool
        /// The resources (method ARNs, with wildcards) it names, or (`resourcesNegated`) those it does not.
        public var resources: [String]
        /// Whether the statement says `NotResource`.
        public var resourcesNegated: Bool
        /// Whether the statement has a `Condition` block.
        public var hasCondition: Bool
        /// `Principal` (nil: none given, as in an authorizer's policy) or `NotPrincipal` (`principalsNegated`).
        public var principals: PolicyPrincipals?
        /// Whether the statement says `NotPrincipal`.
        public var principalsNegated: Bool
        /// The `Condition` block, each operator and key one test (all must hold); nil when the block
        /// uses an operator this cannot evaluate, so the statement is read the safe way.
        public var conditions: [PolicyCondition]?

        /// A statement; by default one that names `execute-api:Invoke`.
        public init(
            effect: Effect,
            actions: [String] = ["execute-api:Invoke"],
            actionsNegated: Bool = false,
            resources: [String],
            resourcesNegated: Bool = false,
            hasCondition: Bool = false,
            principals: PolicyPrincipals? = nil,
            principalsNegated: Bool = false,
            conditions: [PolicyCondition]? = []
        ) {
            self.effect = effect
            self.actions = actions
            self.actionsNegated = actionsNegated
            self.resources = resources
            self.resourcesNegated = resourcesNegated
            self.hasCondition = hasCondition
            self.principals = principals
            self.principalsNegated = principalsNegated
            self.conditions = conditions
        }

        /// Whether the statement names `action` on `resource` (ignoring its condition).
        func names(action: String, resource: String) -> Bool {
            let actionMatches = actions.contains { Wildcard.matches($0, action, caseInsensitive: true) }
            guard actionMatches != actionsNegated else { return false }
            let resourceMatches = resources.contains { Wildcard.matches($0, resource) }
            return resourceMatches != resourcesNegated
        }
    }

    /// A policy's verdict on one request.
    public enum Decision: Sendable, Hashable {
        /// A statement allowed it and none denied it.
        case allow
        /// A `Deny` statement matched.
        case explicitDeny
        /// No statement allowed it.
        case implicitDeny
    }

    /// Why a policy document is not one.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, and where in the document.
        public let description: String
        /// An error saying `description`.
        public init(description: String) { self.description = description }
    }

    /// The statements, in document order.
    public var statements: [Statement]

    /// A policy of `statements`.
    public init(statements: [Statement]) {
        self.statements = statements
    }

    /// Reads a policy document (`{"Version": …, "Statement": [ … ]}`; one statement object is accepted
    /// for the list, as IAM does).
    public init(parsing document: JSONValue) throws(FormatError) {
        guard case .object(let object) = document else { throw FormatError(description: "policyDocument is not an object") }
        let raw: [JSONValue]
        switch object["Statement"] {
        case .array(let items)?: raw = items
        case .object?: raw = [object["Statement"]!]
        default: throw FormatError(description: "policyDocument has no Statement list")
        }
        var statements: [Statement] = []
        for (index, item) in raw.enumerated() {
            guard case .object(let statement) = item else { throw FormatError(description: "Statement[\(index)] is not an object") }
            guard let text = statement["Effect"]?.stringValue, let effect = Effect(rawValue: text) else {
                throw FormatError(description: "Statement[\(index)].Effect is neither Allow nor Deny")
            }
            func strings(_ key: String) throws(FormatError) -> [String]? {
                switch statement[key] {
                case nil: return nil
                case .string(let s)?: return [s]
                case .array(let items)?:
                    var out: [String] = []
                    for item in items {
                        guard let s = item.stringValue else { throw FormatError(description: "Statement[\(index)].\(key) holds a non-string") }
                        out.append(s)
                    }
                    return out
                default: throw FormatError(description: "Statement[\(index)].\(key) is neither a string nor a list")
                }
            }
            let action = try strings("Action")
            let notAction = try strings("NotAction")
            let resource = try strings("Resource")
            let notResource = try strings("NotResource")
            guard (action == nil) != (notAction == nil) else {
                throw FormatError(description: "Statement[\(index)] needs one of Action and NotAction")
            }
            guard (resource == nil) != (notResource == nil) else {
                throw FormatError(description: "Statement[\(index)] needs one of Resource and NotResource")
            }
            if statement["Principal"] != nil && statement["NotPrincipal"] != nil {
                throw FormatError(description: "Statement[\(index)] has both Principal and NotPrincipal")
            }
            let principal = try statement["Principal"].map { value throws(FormatError) in
                try PolicyPrincipals(parsing: value, at: "Statement[\(index)].Principal")
            }
            let notPrincipal = try statement["NotPrincipal"].map { value throws(FormatError) in
                try PolicyPrincipals(parsing: value, at: "Statement[\(index)].NotPrincipal")
            }
            statements.append(
                Statement(
                    effect: effect,
                    actions: action ?? notAction!,
                    actionsNegated: action == nil,
                    resources: resource ?? notResource!,
                    resourcesNegated: resource == nil,
                    hasCondition: statement["Condition"] != nil,
                    principals: principal ?? notPrincipal,
                    principalsNegated: notPrincipal != nil,
                    conditions: try PolicyCondition.parse(statement["Condition"], at: "Statement[\(index)].Condition")
                )
            )
        }
        self.statements = statements
    }

    /// The verdict for `caller` doing `action` on `resource`, as an API's resource policy is evaluated:
    /// a statement applies when it names the action and resource, its principal covers the caller and
    /// its conditions hold on the caller's request ("IAM JSON policy elements: Condition" in the IAM user
    /// guide). A statement whose conditions cannot be evaluated is read the safe way (an `Allow` never
    /// applies, a `Deny` always does).
    public func decision(action: String = "execute-api:Invoke", resource: String, caller: PolicyCaller) -> Decision {
        var allowed = false
        for statement in statements where statement.names(action: action, resource: resource) {
            let principal = statement.principals.map { $0.covers(caller) != statement.principalsNegated } ?? true
            let holds: Bool? = statement.conditions.map { $0.allSatisfy { $0.holds(for: caller) } }
            switch statement.effect {
            case .deny:
                if principal && (holds ?? true) { return .explicitDeny }
            case .allow:
                if principal && (holds ?? false) { allowed = true }
            }
        }
        return allowed ? .allow : .implicitDeny
    }

    /// The verdict for `action` on `resource` (a method ARN).
    public func decision(action: String = "execute-api:Invoke", resource: String) -> Decision {
        var allowed = false
        for statement in statements {
            switch statement.effect {
            case .deny:
                if statement.hasCondition || statement.names(action: action, resource: resource) { return .explicitDeny }
            case .allow:
                if !allowed, !statement.hasCondition, statement.names(action: action, resource: resource) { allowed = true }
            }
        }
        return allowed ? .allow : .implicitDeny
    }
}
