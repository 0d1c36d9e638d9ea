public import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a lock, in a class so that shards can be kept in an array.
///
/// The lock is one atomic word taken by compare-and-swap and given back by a plain release
/// store, and a thread that finds it taken spins briefly, then yields its core until it is free.
/// A shard is held for tens of nanoseconds, so waiting in the kernel (`Mutex` parks waiters on a
/// futex) buys nothing here, and every hand-off is an atomic operation that ThreadSanitizer sees.
/// It stays instead of `Synchronization.Mutex` for two reasons that can be checked again: the
/// rate-limit benchmarks' keyed decisions (`swift package benchmark --target RateLimitBenchmarks`)
/// take about twice as long with a `Mutex` in each shard, and ThreadSanitizer reports data guarded
/// by a contended `Mutex` as a race (`Benchmarks/scripts/mutex-tsan-check.sh` shows it), which
/// would fail `make test`'s ThreadSanitizer pass.
@usableFromInline
final class Lockbox<Value: ~Copyable & Sendable>: @unchecked Sendable {
    /// 0 free, 1 held.
    @usableFromInline let word = Atomic<UInt32>(0)
    /// Only touched under the lock (so the exclusivity checks are the lock's).
    @usableFromInline @exclusivity(unchecked) var value: Value
    /// Keeps neighbouring shards' locks off one cache line (two threads locking different
    /// shards would otherwise slow each other down).
    private let padding: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    init(_ value: consuming sending Value) {
        self.value = value
    }

    @inlinable @inline(__always)
    func withLock<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R {
        if !word.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { wait() }
        defer { word.store(0, ordering: .releasing) }
        return try body(&value)
    }

    /// Takes the lock once it is free: a few reads in a row, then a yield between tries.
    @usableFromInline @inline(never)
    func wait() {
        var tries = 0
        while true {
            if word.load(ordering: .relaxed) == 0 && word.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { return }
            tries += 1
            if tries > 64 { sched_yield() }
        }
    }
}

/// Shards: a power-of-two number of locked values and the mask that picks one from a hash.
///
/// The locks are reached through unmanaged references in a buffer allocated once, so that a
/// decision does not touch any reference count: two threads working on different shards share
/// no cache line (a shared array's reference count would be one).
@usableFromInline
final class Shards<Value: ~Copyable & Sendable>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Unmanaged<Lockbox<Value>>>
    @usableFromInline let count: Int
    @usableFromInline let mask: Int

    init(count requested: Int, _ make: () -> Value) {
        var count = 1
        while count < requested { count <<= 1 }
        self.count = count
        mask = count - 1
        base = .allocate(capacity: count)
        for i in 0..<count { (base + i).initialize(to: Unmanaged.passRetained(Lockbox(make()))) }
    }

    deinit {
        for i in 0..<count { base[i].release() }
        base.deallocate()
    }

    /// Runs `body` on the shard for `hash`, under its lock.
    @inlinable
    func withLock<R: Sendable>(hash: Int, _ body: (inout sending Value) -> R) -> R {
        var h = UInt64(bitPattern: Int64(hash))
        h ^= h >> 29
        return base[Int(truncatingIfNeeded: h) & mask]._withUnsafeGuaranteedRef { box in box.withLock { value in body(&value) } }
    }

    /// Runs `body` on every shard in turn, each under its lock.
    func updateEach(_ body: (inout sending Value) -> Void) {
        for i in 0..<count { base[i]._withUnsafeGuaranteedRef { $0.withLock { value in body(&value) } } }
    }

    /// Adds up `body` over every shard, each under its lock.
    func sum(_ body: (inout sending Value) -> Int) -> Int {
        var total = 0
        for i in 0..<count { total += base[i]._withUnsafeGuaranteedRef { $0.withLock { value in body(&value) } } }
        return total
    }
}
