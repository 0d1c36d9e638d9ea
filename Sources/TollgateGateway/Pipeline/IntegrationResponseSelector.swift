public import TollgateJavaRegex

/// Chooses an integration response the way API Gateway does (docs/behaviour.md §8.1,
/// §8.2): each response's `selectionPattern` is a Java regex matched against the **whole**
/// selection value (a Lambda `errorMessage`, or an HTTP/AWS integration's status code as a
/// string, or a mock's `statusCode`); the response without a pattern is the default.
///
/// Rules, in order:
/// 1. An absent selection value (a successful Lambda call) is matched as the empty string, so
///    only the default or a pattern that matches `""` (such as `.*`) applies.
/// 2. Responses with a pattern are tried in ascending order of their status code (API Gateway
///    keys integration responses by status code; this order also reproduces the one recorded
///    AWS observation, where `405` won over `502` when both matched). The first match wins.
/// 3. Otherwise the default response (the one with no or an empty pattern; with several, the
///    lowest status code). 4. Otherwise nothing: the caller answers 500.
///
/// Patterns compile once, when the selector is made; a pattern that hits a match limit counts
/// as no match and is reported in ``Selection/diagnostics``.
public struct IntegrationResponseSelector<Response: Sendable>: Sendable {
    /// A compiled rule.
    public struct Rule: Sendable {
        /// The status code the rule selects.
        public let statusCode: String
        /// The compiled selection pattern; nil for the default rule.
        public let pattern: JavaPattern?
        /// What the caller attached to the rule.
        public let response: Response
    }

    /// A selection pattern that does not compile.
    public struct PatternError: Error, Sendable, CustomStringConvertible {
        /// The status code of the rule whose pattern fails.
        public let statusCode: String
        /// The pattern as written.
        public let selectionPattern: String
        /// Java's syntax error for it.
        public let underlying: JavaPattern.SyntaxError
        /// The error as API Gateway's import reports it.
        public var description: String {
            "invalid selectionPattern \(selectionPattern.debugDescription) for status \(statusCode): \(underlying.reason)"
                + (underlying.index >= 0 ? " near index \(underlying.index)" : "")
        }
    }

    /// The outcome of a selection.
    public struct Selection: Sendable {
        /// The chosen rule, or `nil` when nothing matched and there is no default.
        public let rule: Rule?
        /// `true` when the default response was chosen.
        public let isDefault: Bool
        /// Patterns that hit a match limit (treated as no match), for the caller's log.
        public let diagnostics: [String]
        /// The chosen rule's response, if any.
        public var response: Response? { rule?.response }
        /// The chosen rule's status code, if any.
        public var statusCode: String? { rule?.statusCode }

        @usableFromInline init(rule: Rule?, isDefault: Bool, diagnostics: [String]) {
            self.rule = rule
            self.isDefault = isDefault
            self.diagnostics = diagnostics
        }
    }

    /// Rules with a pattern, in evaluation order.
    public let patternRules: [Rule]
    /// The default rule, if any.
    public let defaultRule: Rule?

    /// Compiles the responses' patterns. `selectionPattern` nil or empty marks the default.
    public init(_ responses: [(statusCode: String, selectionPattern: String?, response: Response)]) throws(PatternError) {
        var rules: [Rule] = []
        var defaults: [Rule] = []
        for entry in responses {
            guard let source = entry.selectionPattern, !source.isEmpty else {
                defaults.append(Rule(statusCode: entry.statusCode, pattern: nil, response: entry.response))
                continue
            }
            do {
                let pattern = try JavaPattern(source)
                rules.append(Rule(statusCode: entry.statusCode, pattern: pattern, response: entry.response))
            } catch {
                throw PatternError(statusCode: entry.statusCode, selectionPattern: source, underlying: error)
            }
        }
        patternRules = rules.sorted { Self.statusOrder($0.statusCode, $1.statusCode) }
        defaultRule = defaults.min { Self.statusOrder($0.statusCode, $1.statusCode) }
    }

    /// Status codes compare as numbers when both are numeric, else as strings.
    static func statusOrder(_ a: String, _ b: String) -> Bool {
        if let x = Int(a), let y = Int(b), x != y { return x < y }
        return a < b
    }

    /// Chooses the response for `value` (nil: no error message).
    // Inlinable so that a caller's `Response` is specialised (no generic metadata looked up per call).
    /// The rule for `value` (a backend status or a Lambda error message; nil selects the default): the first pattern that matches it as a whole, else the default.
    @inlinable public func select(_ value: String?) -> Selection {
        let subject = value ?? ""
        var diagnostics: [String] = []
        for rule in patternRules {
            guard let pattern = rule.pattern else { continue }
            switch pattern.evaluate(subject, mode: .whole) {
            case .match: return Selection(rule: rule, isDefault: false, diagnostics: diagnostics)
            case .noMatch: continue
            case .limitExceeded(let message):
                diagnostics.append("selectionPattern \(pattern.pattern.debugDescription) (status \(rule.statusCode)) stopped: \(message)")
            }
        }
        return Selection(rule: defaultRule, isDefault: defaultRule != nil, diagnostics: diagnostics)
    }
}
