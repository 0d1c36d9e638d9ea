import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of time in nanoseconds. Limiters take `now` as an argument; a clock supplies it.
public protocol RateLimitClock: Sendable {
    /// Nanoseconds on this clock's scale.
    func nanoseconds() -> Int64
}

/// The system's monotonic clock (`CLOCK_MONOTONIC`): never jumps, for token buckets and windows.
public struct MonotonicClock: RateLimitClock {
    /// The system's monotonic clock.
    public init() {}
    /// Nanoseconds since an arbitrary start (the boot).
    public func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// Wall-clock time since the Unix epoch (`CLOCK_REALTIME`), for quotas on UTC calendar periods.
public struct WallClock: RateLimitClock {
    /// The system's wall clock.
    public init() {}
    /// Nanoseconds since the Unix epoch.
    public func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// A clock tests set by hand; it can go backwards.
public final class ManualClock: RateLimitClock {
    private let value: Atomic<Int64>

    /// A clock reading `nanoseconds`.
    public init(_ nanoseconds: Int64 = 0) {
        value = Atomic(nanoseconds)
    }

    /// The time the clock was last set to.
    public func nanoseconds() -> Int64 { value.load(ordering: .acquiring) }

    /// Sets the time.
    public func set(_ nanoseconds: Int64) { value.store(nanoseconds, ordering: .releasing) }

    /// Moves the time by `delta` nanoseconds (negative goes back).
    public func advance(_ delta: Int64) { value.add(delta, ordering: .acquiringAndReleasing) }
}
