import Synchronization

/// A usage-plan quota: `limit` requests per UTC day, week or month, per key.
///
/// Source followed: API Gateway's `QuotaSettings` (current API reference): `offset` is "the
/// number of requests subtracted from the given limit in the initial time period"; the initial
/// period is the one that contains `startDate`. The day a week starts on is not documented by
/// AWS, so it is a setting (`weekStart`, Sunday by default).
public struct QuotaPolicy: Sendable, Hashable {
    /// The quota's period, as `QuotaSettings.period` names it.
    public enum Period: String, Sendable, Hashable {
        /// A UTC day.
        case day = "DAY"
        /// A week from QuotaPolicy/weekStart.
        case week = "WEEK"
        /// A UTC calendar month.
        case month = "MONTH"
    }

    /// The day a week starts on.
    public enum Weekday: String, Sendable, Hashable, CaseIterable {
        /// Sunday.
        case sunday = "SUNDAY"
        /// Monday.
        case monday = "MONDAY"
        /// Tuesday.
        case tuesday = "TUESDAY"
        /// Wednesday.
        case wednesday = "WEDNESDAY"
        /// Thursday.
        case thursday = "THURSDAY"
        /// Friday.
        case friday = "FRIDAY"
        case
            saturday = "SATURDAY"
    }

    /// Requests a key may make in a period.
    public let limit: UInt64
    /// How long a period is.
    public let period: Period
    /// Requests taken off the limit in the initial period.
    public let offset: UInt64
    /// Seconds since the epoch; the period containing it is the initial period.
    public let startDate: Int64
    /// The day a `WEEK` period starts on (not documented by AWS: a setting).
    public let weekStart: Weekday

    /// A quota of `limit` requests a `period`.
    public init(limit: UInt64, period: Period, offset: UInt64 = 0, startDate: Int64 = 0, weekStart: Weekday = .sunday) {
        self.limit = limit
        self.period = period
        self.offset = offset
        self.startDate = startDate
        self.weekStart = weekStart
    }

    /// The start (seconds since the epoch, UTC) of the period containing `seconds`.
    public func periodStart(_ seconds: Int64) -> Int64 {
        let day = Self.floorDiv(seconds, 86_400)
        switch period {
        case .day:
            return day * 86_400
        case .week:
            // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
            let weekday = Self.floorMod(day + 4, 7)
            let startIndex = Int64(Weekday.allCases.firstIndex(of: weekStart)!)
            return (day - Self.floorMod(weekday - startIndex, 7)) * 86_400
        case .month:
            let (y, m, _) = Self.civil(fromDays: day)
            return Self.days(year: y, month: m, day: 1) * 86_400
        }
    }

    /// The start of the period after the one starting at `start`.
    public func nextPeriodStart(_ start: Int64) -> Int64 {
        switch period {
        case .day: start + 86_400
        case .week: start + 7 * 86_400
        // 31 days from the first of a month is in the next month, never the one after.
        case .month: periodStart(start + 31 * 86_400)
        }
    }

    /// The limit in the period starting at `start`.
    public func limit(forPeriodStarting start: Int64) -> UInt64 {
        start == periodStart(startDate) ? limit - min(offset, limit) : limit
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

    /// Proleptic Gregorian date of a day number (days since 1970-01-01); Howard Hinnant's algorithm.
    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Day number of a date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// Counts each key's requests against a ``QuotaPolicy``, sharded like ``KeyedTokenBuckets``.
public final class UsagePlanQuota<Key: Hashable & Sendable>: Sendable {
    struct Usage {
        var periodStart: Int64
        var used: UInt64
    }

    /// The quota every key has.
    public let policy: QuotaPolicy
    private let shards: Shards<[Key: Usage]>

    /// Quotas of `policy`, their keys spread over `shardCount` locks.
    public init(policy: QuotaPolicy, shardCount: Int = 64) {
        self.policy = policy
        shards = Shards(count: shardCount) { [:] }
    }

    /// Counts `cost` requests for `key` at `now` (nanoseconds since the epoch) if the quota allows them.
    @_specialize(exported:true,where Key == String)
    @_specialize(exported:true,where Key == UInt64)
    @_specialize(exported:true,where Key == Int)
    public func tryTake(_ key: Key, cost: UInt64 = 1, at now: Int64) -> Bool {
        let start = policy.periodStart(QuotaPolicy.floorDiv(now, 1_000_000_000))
        let limit = policy.limit(forPeriodStarting: start)
        return shards.withLock(hash: key.hashValue) { usages in
            var usage = usages[key] ?? Usage(periodStart: start, used: 0)
            if usage.periodStart != start { usage = Usage(periodStart: start, used: 0) }
            guard usage.used + cost <= limit else {
                usages[key] = usage
                return false
            }
            usage.used += cost
            usages[key] = usage
            return true
        }
    }

    /// Gives back `cost` requests counted earlier in the current period.
    @_specialize(exported:true,where Key == String)
    @_specialize(exported:true,where Key == UInt64)
    @_specialize(exported:true,where Key == Int)
    public func refund(_ key: Key, cost: UInt64 = 1) {
        shards.withLock(hash: key.hashValue) { usages in
            if var usage = usages[key] {
                usage.used -= min(cost, usage.used)
                usages[key] = usage
            }
        }
    }

    /// Requests left for `key` in the period containing `now`.
    @_specialize(exported:true,where Key == String)
    @_specialize(exported:true,where Key == UInt64)
    @_specialize(exported:true,where Key == Int)
    public func remaining(_ key: Key, at now: Int64) -> UInt64 {
        let start = policy.periodStart(QuotaPolicy.floorDiv(now, 1_000_000_000))
        let limit = policy.limit(forPeriodStarting: start)
        return shards.withLock(hash: key.hashValue) { usages in
            guard let usage = usages[key], usage.periodStart == start else { return limit }
            return limit - min(usage.used, limit)
        }
    }
}
