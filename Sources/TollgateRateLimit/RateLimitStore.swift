import Synchronization

/// What a layered decision found. Both denials are 429s with API Gateway's texts.
public enum RateLimitDecision: Sendable, Hashable {
    /// Every layer allowed the request.
    case allowed
    /// A token bucket was empty, or a rate-based rule blocked the key: 429 `Too Many Requests`
    /// (gateway response THROTTLED).
    case throttled(layer: String)
    /// A usage-plan quota was used up: 429 `Limit Exceeded` (gateway response QUOTA_EXCEEDED).
    case quotaExceeded(layer: String)

    /// Whether every layer allowed the request.
    public var isAllowed: Bool { self == .allowed }

    /// The HTTP status API Gateway answers with.
    public var statusCode: Int { isAllowed ? 200 : 429 }

    /// API Gateway's default message for the denial ("Throttle requests to your REST APIs" and the
    /// gateway responses THROTTLED and QUOTA_EXCEEDED).
    public var message: String? {
        switch self {
        case .allowed: nil
        case .throttled: "Too Many Requests"
        case .quotaExceeded: "Limit Exceeded"
        }
    }

    /// The decision a denial by `limit` at `layer` gives.
    public static func denied(by limit: RateLimitLayer, layer: String) -> RateLimitDecision {
        if case .quota = limit { return .quotaExceeded(layer: layer) }
        return .throttled(layer: layer)
    }
}

/// The kinds of limiter a store keeps.
public enum RateLimitLayer: Sendable, Hashable {
    /// A token bucket per key (use one key for a stage-, method- or account-wide bucket).
    case bucket(rate: Rate, burst: UInt64)
    /// A usage-plan quota per key.
    case quota(QuotaPolicy)
    /// A rate-based rule per key: at most `limit` requests in any trailing `window` (nanoseconds).
    case rateBased(limit: Int, window: Int64, countBlocked: Bool)
}

/// One layer's charge for a request: which limiter (its name and settings), which key, how many
/// tokens. The settings travel with the charge, so a store needs no configuration of its own and a
/// reloaded definition's new limits apply to the next request (the state of a layer whose settings
/// changed starts afresh).
public struct RateLimitCharge: Sendable, Hashable {
    /// The limiter's name: charges of one layer and key share its state.
    public var layer: String
    /// The limiter's settings.
    public var limit: RateLimitLayer
    /// Whose state (an API key, a client address; empty for one shared by every caller).
    public var key: String
    /// How many tokens or requests the charge takes.
    public var cost: UInt64

    /// A charge of `cost` on `layer` for `key`.
    public init(layer: String, limit: RateLimitLayer, key: String = "", cost: UInt64 = 1) {
        self.layer = layer
        self.limit = limit
        self.key = key
        self.cost = cost
    }
}

/// Where limiter state lives. ``InMemoryRateLimitStore`` is the default; a store shared by several
/// processes (TollgatePostgres' `PostgresRateLimitStore`) implements the same call, so callers do
/// not change.
public protocol RateLimitStore: Sendable {
    /// Takes every charge or none, at `now` (nanoseconds since the epoch, UTC), and says which layer
    /// denied. Charges are checked in order (API Gateway: usage-plan key, then stage and method,
    /// then account).
    func take(_ charges: [RateLimitCharge], at now: Int64) async throws -> RateLimitDecision
}

/// The in-memory ``RateLimitStore``: sharded tables per layer, safe on any number of threads.
///
/// All or none: charges are taken one layer after another; when a layer denies, the layers
/// already charged are refunded exactly (a token bucket gets its tokens back, a quota its
/// count, a rate-based rule forgets the request), so a denial at one layer leaves the others as
/// they were. Between the take and the refund another request may briefly see the reservation,
/// which errs toward denying (API Gateway's own limits are "best effort").
public final class InMemoryRateLimitStore: RateLimitStore {
    enum Table: Sendable {
        case bucket(KeyedTokenBuckets<String>)
        case quota(UsagePlanQuota<String>)
        case rule(RateBasedRule<String>)

        init(_ limit: RateLimitLayer, shardCount: Int, maxKeys: Int) {
            switch limit {
            case .bucket(let rate, let burst): self = .bucket(KeyedTokenBuckets(rate: rate, burst: burst, shardCount: shardCount, maxKeys: maxKeys))
            case .quota(let policy): self = .quota(UsagePlanQuota(policy: policy, shardCount: shardCount))
            case .rateBased(let limit, let window, let countBlocked):
                self = .rule(RateBasedRule(limit: limit, window: window, countBlocked: countBlocked, shardCount: shardCount))
            }
        }

        func take(_ key: String, cost: UInt64, at now: Int64) -> Bool {
            switch self {
            case .bucket(let buckets): buckets.tryTake(key, cost: cost, at: now)
            case .quota(let quota): quota.tryTake(key, cost: cost, at: now)
            case .rule(let rule): rule.allow(key, at: now)
            }
        }

        func refund(_ key: String, cost: UInt64, at now: Int64) {
            switch self {
            case .bucket(let buckets): buckets.refund(key, cost: cost)
            case .quota(let quota): quota.refund(key, cost: cost)
            case .rule(let rule): rule.forget(key, at: now)
            }
        }
    }

    private let tables = Mutex<[String: (limit: RateLimitLayer, table: Table)]>([:])
    private let shardCount: Int
    private let maxKeys: Int

    /// - Parameters:
    ///   - shardCount: shards per layer's table (see ``KeyedTokenBuckets``).
    ///   - maxKeys: the most keys a bucket layer keeps (see ``KeyedTokenBuckets``).
    public init(shardCount: Int = 16, maxKeys: Int = 4_000_000) {
        self.shardCount = shardCount
        self.maxKeys = maxKeys
    }

    /// Takes every charge, or none when one of them refuses (all or nothing).
    public func take(_ charges: [RateLimitCharge], at now: Int64) async -> RateLimitDecision {
        takeNow(charges, at: now)
    }

    /// The synchronous form of ``take(_:at:)``.
    public func takeNow(_ charges: [RateLimitCharge], at now: Int64) -> RateLimitDecision {
        for (index, charge) in charges.enumerated() {
            guard table(for: charge).take(charge.key, cost: charge.cost, at: now) else {
                // (The earlier tables are looked up again: a denial is the rare path, and keeping them
                // would cost every request an array.)
                for earlier in charges[..<index] { table(for: earlier).refund(earlier.key, cost: earlier.cost, at: now) }
                return .denied(by: charge.limit, layer: charge.layer)
            }
        }
        return .allowed
    }

    /// Whole tokens left in a bucket layer, or requests left in a quota layer, for `key` at `now`;
    /// `nil` for a layer this store has not seen with these settings.
    public func remaining(layer: String, limit: RateLimitLayer, key: String, at now: Int64) -> UInt64? {
        let entry = tables.withLock { $0[layer] }
        guard let entry, entry.limit == limit else { return nil }
        switch entry.table {
        case .bucket(let buckets): return buckets.available(key, at: now)
        case .quota(let quota): return quota.remaining(key, at: now)
        case .rule: return nil
        }
    }

    private func table(for charge: RateLimitCharge) -> Table {
        tables.withLock { tables in
            if let entry = tables[charge.layer], entry.limit == charge.limit { return entry.table }
            let table = Table(charge.limit, shardCount: shardCount, maxKeys: maxKeys)
            tables[charge.layer] = (charge.limit, table)
            return table
        }
    }
}
