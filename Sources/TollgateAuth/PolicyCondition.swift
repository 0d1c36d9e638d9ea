import TollgateJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One test of a statement's `Condition` block: an operator on a key and its values ("IAM JSON policy
/// elements: Condition operators" in the IAM user guide). Several values of one key: any may match
/// (for a negated operator, none may). A key the request does not have fails a positive operator and
/// passes a negated one; with `…IfExists` it passes either way.
public struct PolicyCondition: Sendable, Hashable {
    /// The condition operators evaluated here; another makes the statement read the safe way.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        /// Exact string match.
        case stringEquals = "StringEquals"
        /// No exact string match.
        case stringNotEquals = "StringNotEquals"
        /// String match ignoring case.
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        /// No string match ignoring case.
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        /// Match with `*` and `?` wildcards.
        case stringLike = "StringLike"
        /// No match with wildcards.
        case stringNotLike = "StringNotLike"
        /// The address is in one of the CIDR ranges.
        case ipAddress = "IpAddress"
        /// The address is in none of the CIDR ranges.
        case notIpAddress = "NotIpAddress"
        /// The key's value is `true` or `false` as given.
        case bool = "Bool"
        /// The key is absent (`true`) or present (`false`).
        case null = "Null"

        var negated: Bool { [.stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .notIpAddress].contains(self) }
    }

    /// The operator.
    public var op: Operator
    /// Whether the operator ends in `IfExists` (a missing key passes).
    public var ifExists: Bool
    /// The condition key (`aws:SourceIp`, …).
    public var key: String
    /// The values, any of which may match.
    public var values: [String]

    /// The tests of a `Condition` block; nil when an operator is not one of ``Operator`` (with or
    /// without `IfExists`; `ForAnyValue:`/`ForAllValues:` sets included), so the statement is read the
    /// safe way. A malformed block is an error.
    static func parse(_ value: JSONValue?, at: String) throws(IAMPolicy.FormatError) -> [PolicyCondition]? {
        guard let value else { return [] }
        guard case .object(let operators) = value else { throw IAMPolicy.FormatError(description: "\(at) is not an object") }
        var out: [PolicyCondition] = []
        for (name, keys) in operators {
            let ifExists = name.hasSuffix("IfExists")
            guard let op = Operator(rawValue: ifExists ? String(name.dropLast("IfExists".count)) : name) else { return nil }
            guard case .object(let members) = keys else { throw IAMPolicy.FormatError(description: "\(at).\(name) is not an object") }
            for (key, raw) in members {
                var values: [String] = []
                for item in raw.arrayValue ?? [raw] {
                    switch item {
                    case .string(let s): values.append(s)
                    case .bool(let b): values.append(b ? "true" : "false")
                    case .number(let n): values.append(n.lexeme)
                    default: throw IAMPolicy.FormatError(description: "\(at).\(name).\(key) holds a value that is no string")
                    }
                }
                if op == .ipAddress || op == .notIpAddress {
                    for value in values where IPRange(value) == nil {
                        throw IAMPolicy.FormatError(description: "\(at).\(name).\(key): \(value) is not an IP address or CIDR range")
                    }
                }
                out.append(PolicyCondition(op: op, ifExists: ifExists, key: key, values: values))
            }
        }
        return out
    }

    func holds(for caller: PolicyCaller) -> Bool {
        guard let actual = caller.value(key) else {
            if op == .null { return values.contains("true") }
            return ifExists || op.negated
        }
        let any: Bool
        switch op {
        case .stringEquals, .stringNotEquals: any = values.contains(actual)
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase: any = values.contains { $0.lowercased() == actual.lowercased() }
        case .stringLike, .stringNotLike: any = values.contains { Wildcard.matches($0, actual) }
        case .ipAddress, .notIpAddress:
            guard let address = IPRange(actual) else { return op.negated }
            any = values.contains { IPRange($0)?.contains(address) ?? false }
        case .bool: any = values.contains { $0.lowercased() == actual.lowercased() }
        case .null: return values.contains("false")
        }
        return any != op.negated
    }
}

/// An IPv4 or IPv6 address with a prefix length (`192.0.2.0/24`, `2001:db8::/32`; a bare address is
/// its own /32 or /128).
struct IPRange: Hashable {
    let bytes: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, address, &buffer) == 1 {
            bytes = Array(buffer[0..<4])
        } else if inet_pton(AF_INET6, address, &buffer) == 1 {
            bytes = buffer
        } else {
            return nil
        }
        if parts.count == 2 {
            guard let length = Int(parts[1]), length >= 0, length <= bytes.count * 8 else { return nil }
            prefix = length
        } else {
            prefix = bytes.count * 8
        }
    }

    /// Whether `address` (a single address) lies in the range; an IPv4 address and an IPv6 range never match.
    func contains(_ address: IPRange) -> Bool {
        guard address.bytes.count == bytes.count else { return false }
        var remaining = prefix
        for (a, b) in zip(bytes, address.bytes) where remaining > 0 {
            let bits = min(remaining, 8)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }
}
