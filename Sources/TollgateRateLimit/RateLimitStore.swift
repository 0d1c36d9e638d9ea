/// What a layered decision found. Both denials are 429s with API Gateway's texts.
public enum RateLimitDecision: Sendable, Hashable {
    case allowed
    /// A token bucket was empty: 429 `Too Many Requests` (gateway response THROTTLED).
    case throttled(layer: String)
    /// A usage-plan quota was used up: 429 `Limit Exceeded` (gateway response QUOTA_EXCEEDED).
    case quotaExceeded(layer: String)

    public var isAllowed: Bool { self == .allowed }

    /// The HTTP status API Gateway answers with.
    public var statusCode: Int { isAllowed ? 200 : 429 }

    /// API Gateway's default message for the denial (../shared/spec/apigateway.md §9).
    public var message: String? {
        switch self {
        case .allowed: nil
        case .throttled: "Too Many Requests"
        case .quotaExceeded: "Limit Exceeded"
        }
    }
}

/// One layer's charge for a request: which limiter, which key, how many tokens.
public struct RateLimitCharge: Sendable, Hashable {
    public var layer: String
    public var key: String
    public var cost: UInt64

    public init(layer: String, key: String = "", cost: UInt64 = 1) {
        self.layer = layer
        self.key = key
        self.cost = cost
    }
}

/// Where limiter state lives. The in-memory store is the default; a store backed by a
/// distributed engine implements the same call, so callers do not change.
public protocol RateLimitStore: Sendable {
    /// Takes every charge or none, at `now` (nanoseconds since the epoch), and says which layer
    /// denied. Charges are checked in order (API Gateway: usage-plan key, then stage and method,
    /// then account).
    func take(_ charges: [RateLimitCharge], at now: Int64) async throws -> RateLimitDecision
}

/// The layers a store knows.
public enum RateLimitLayer: Sendable, Hashable {
    /// A token bucket per key (use one key for a stage-, method- or account-wide bucket).
    case bucket(rate: Rate, burst: UInt64)
    /// A usage-plan quota per key.
    case quota(QuotaPolicy)
}

/// The in-memory ``RateLimitStore``: sharded tables per layer, safe on any number of threads.
///
/// All or none: charges are taken one layer after another; when a layer denies, the layers
/// already charged are refunded exactly (a token bucket gets its tokens back, a quota its
/// count), so a denial at one layer leaves the others as they were. Between the take and the
/// refund another request may briefly see the reservation, which errs toward denying
/// (API Gateway's own limits are "best effort").
public final class InMemoryRateLimitStore: RateLimitStore {
    enum Table: Sendable {
        case bucket(KeyedTokenBuckets<String>)
        case quota(UsagePlanQuota<String>)
    }

    private let tables: [String: Table]

    /// An unknown layer name in a charge is a programming error reported as `UnknownLayer`.
    public struct UnknownLayer: Error, Sendable, CustomStringConvertible {
        public let layer: String
        public var description: String { "no rate-limit layer named \"\(layer)\"" }
    }

    public init(layers: [String: RateLimitLayer], shardCount: Int = 64, maxKeys: Int = 4_000_000) {
        var tables: [String: Table] = [:]
        for (name, layer) in layers {
            switch layer {
            case .bucket(let rate, let burst):
                tables[name] = .bucket(KeyedTokenBuckets(rate: rate, burst: burst, shardCount: shardCount, maxKeys: maxKeys))
            case .quota(let policy):
                tables[name] = .quota(UsagePlanQuota(policy: policy, shardCount: shardCount))
            }
        }
        self.tables = tables
    }

    public func take(_ charges: [RateLimitCharge], at now: Int64) async throws -> RateLimitDecision {
        try takeNow(charges, at: now)
    }

    /// The synchronous form of ``take(_:at:)``.
    public func takeNow(_ charges: [RateLimitCharge], at now: Int64) throws(UnknownLayer) -> RateLimitDecision {
        for (index, charge) in charges.enumerated() {
            guard let table = tables[charge.layer] else {
                refund(charges[..<index])
                throw UnknownLayer(layer: charge.layer)
            }
            let allowed: Bool
            switch table {
            case .bucket(let buckets): allowed = buckets.tryTake(charge.key, cost: charge.cost, at: now)
            case .quota(let quota): allowed = quota.tryTake(charge.key, cost: charge.cost, at: now)
            }
            if !allowed {
                refund(charges[..<index])
                if case .quota = table { return .quotaExceeded(layer: charge.layer) }
                return .throttled(layer: charge.layer)
            }
        }
        return .allowed
    }

    private func refund(_ charges: ArraySlice<RateLimitCharge>) {
        for charge in charges {
            switch tables[charge.layer] {
            case .bucket(let buckets)?: buckets.refund(charge.key, cost: charge.cost)
            case .quota(let quota)?: quota.refund(charge.key, cost: charge.cost)
            case nil: break
            }
        }
    }
}
