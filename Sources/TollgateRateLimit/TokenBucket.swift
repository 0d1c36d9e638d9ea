import Synchronization

/// Token-bucket arithmetic, exact: the bucket is a GCRA "theoretical arrival time" in scaled
/// units where one token is an integer amount of time.
///
/// With rate `p/q` tokens per second, time is counted in units of `1/p` ns, so one token takes
/// `T = q·10⁹` units and a full bucket `τ = burst·T`. A request of cost `n` at time `N` (scaled)
/// is allowed iff `max(tat, N) + n·T − N ≤ τ`, which then becomes the new `tat`. Everything is
/// an integer (`Int128`), so a request that arrives exactly when its token is due is allowed,
/// whatever the rate; a bucket that has been idle for any time is simply full; a clock that
/// goes backwards makes `N` smaller, which can only leave fewer tokens, never more.
/// Source followed: docs/behaviour.md §10 ("Which matches API Gateway": continuous
/// refill, starts full, capacity = burst, all or nothing).
public struct BucketPolicy: Sendable, Hashable {
    /// Tokens a second the bucket refills with.
    public let rate: Rate
    /// The bucket's capacity.
    public let burst: UInt64
    /// One token, in scaled time units (0 when the rate is 0: no refill).
    @usableFromInline let tokenTime: Int128
    /// A full bucket, in scaled time units.
    @usableFromInline let capacityTime: Int128
    /// Scale: nanoseconds × this = scaled units (the rate's numerator, at least 1).
    @usableFromInline let scaleWord: UInt64
    /// `tokenTime` as a 64-bit word (it fits), for one-instruction products.
    @usableFromInline let tokenTimeWord: UInt64

    /// `tat` of a bucket that has never been used: full at any time (below every scaled time:
    /// `earliest` × a scale under 2⁶⁴ is above −2¹²⁶).
    @inlinable static var fresh: Int128 { Int128.min >> 1 }
    /// Times before this (−2⁶² ns, the year 1823) count as this time, so that every state's
    /// high word is above `Int64.min` (``WideState`` marks an empty slot with it).
    @inlinable static var earliest: Int64 { -(1 << 62) }

    /// `now` in scaled units; no overflow: |now| ≤ 2⁶² and scale < 2⁶⁴ (one 64×64-bit multiply).
    @inlinable @inline(__always)
    func scaled(_ now: Int64) -> Int128 {
        let t = max(now, Self.earliest)
        let (high, low) = t.magnitude.multipliedFullWidth(by: scaleWord)
        let product = Int128(high) << 64 | Int128(low)
        return t < 0 ? 0 &- product : product
    }

    /// A policy of `burst` tokens refilled at `rate`.
    public init(rate: Rate, burst: UInt64) {
        self.rate = rate
        self.burst = burst
        scaleWord = max(rate.numerator, 1)
        tokenTime = rate.numerator == 0 ? 0 : Int128(rate.denominator) * 1_000_000_000
        // The denominator is at most 10⁹ (nine decimals), so a token is under 2⁶⁰.
        tokenTimeWord = UInt64(tokenTime)
        capacityTime = Int128(burst) * tokenTime
    }

    /// The new state if `cost` tokens can be taken at `now` (nanoseconds), else `nil`.
    @inlinable @inline(__always)
    func take(_ cost: UInt64, state tat: Int128, now: Int64) -> Int128? {
        if cost > burst { return nil }
        if tokenTime == 0 {
            // No refill: the state counts tokens used since the bucket was created.
            let used = tat == Self.fresh ? 0 : tat
            return used + Int128(cost) <= Int128(burst) ? used + Int128(cost) : nil
        }
        let n = scaled(now)
        let (high, low) = cost.multipliedFullWidth(by: tokenTimeWord)
        let (next, overflow) = max(tat, n).addingReportingOverflow(Int128(high) << 64 | Int128(low))
        return !overflow && next &- n <= capacityTime ? next : nil
    }

    /// `true` when keyed tables can hold this policy's states in 64 bits (``NarrowState``,
    /// relative to an epoch): it refills, a full bucket spans under 2⁶⁰ scaled units, and the
    /// scale is under 2³¹, so that the epoch moves at most about once a second (2⁶¹ units).
    @inlinable var fitsNarrowState: Bool {
        tokenTime != 0 && capacityTime < 1 << 60 && scaleWord < 1 << 31
    }

    /// The state after giving back `cost` tokens (exactly undoes a `take`; never fuller than fresh).
    @inlinable
    func refund(_ cost: UInt64, state tat: Int128) -> Int128 {
        if tokenTime == 0 { return tat == Self.fresh ? tat : max(tat - Int128(cost), 0) }
        return max(tat - Int128(cost) * tokenTime, Self.fresh)
    }

    /// Whole tokens available at `now`.
    public func available(state tat: Int128, now: Int64) -> UInt64 {
        if tokenTime == 0 { return burst - UInt64(tat == Self.fresh ? 0 : tat) }
        let n = scaled(now)
        let debt = max(tat - n, 0)
        let free = capacityTime - debt
        return free <= 0 ? 0 : UInt64(free / tokenTime)
    }

    /// `true` when the bucket is full at `now`, so equal to a fresh one.
    @inlinable
    func isFull(state tat: Int128, now: Int64) -> Bool {
        if tokenTime == 0 { return tat == Self.fresh || tat == 0 }
        return tat <= scaled(now)
    }
}

/// One token bucket shared by any number of threads: a lock-free compare-and-swap on a single
/// 128-bit word. Starts full.
public final class TokenBucket: Sendable {
    /// The bucket's rate and capacity.
    public let policy: BucketPolicy
    private let state = Atomic<Int128>(BucketPolicy.fresh)

    /// A full bucket of `burst` tokens refilled at `rate`.
    public init(rate: Rate, burst: UInt64) {
        policy = BucketPolicy(rate: rate, burst: burst)
    }

    /// Takes `cost` tokens at `now` (nanoseconds) if they are all there; a denied request takes nothing.
    @inline(__always)
    public func tryTake(_ cost: UInt64 = 1, at now: Int64) -> Bool {
        var current = state.load(ordering: .relaxed)
        while true {
            guard let next = policy.take(cost, state: current, now: now) else { return false }
            let (exchanged, original) = state.compareExchange(expected: current, desired: next, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
    }

    /// Gives back `cost` tokens taken earlier (used when another layer denies the request).
    public func refund(_ cost: UInt64) {
        var current = state.load(ordering: .relaxed)
        while true {
            let next = policy.refund(cost, state: current)
            let (exchanged, original) = state.compareExchange(expected: current, desired: next, ordering: .acquiringAndReleasing)
            if exchanged { return }
            current = original
        }
    }

    /// Whole tokens available at `now`.
    public func available(at now: Int64) -> UInt64 {
        policy.available(state: state.load(ordering: .acquiring), now: now)
    }
}
