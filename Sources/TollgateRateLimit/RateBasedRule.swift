import Synchronization

/// A WAF-style rate-based rule: a key is blocked while the number of its requests in the
/// trailing window is above the limit (the seed's rule: more than 2,000 in 5 minutes).
///
/// Exact: each key keeps the times of its last `limit + 1` counted requests in a ring, so a
/// request at `t` sees how many counted requests fall in `(t − window, t]`. The request is
/// blocked when that count plus itself is above `limit`. With `countBlocked`, blocked requests
/// count too (a client that keeps sending stays blocked); without, only allowed ones do.
/// Memory per active key: `8 × (limit + 1)` bytes; keys with nothing in the window are dropped
/// by ``sweep(at:)``. Source followed: AWS WAF rate-based rule statement (exact trailing window
/// rather than AWS's periodic evaluation, see docs/behaviour.md §10).
public final class RateBasedRule<Key: Hashable & Sendable>: Sendable {
    struct Ring {
        var times: [Int64]
        var next = 0
        var count = 0
    }

    /// Requests allowed in any trailing window.
    public let limit: Int
    /// The window, in nanoseconds.
    public let window: Int64
    /// Whether blocked requests count in the window too.
    public let countBlocked: Bool
    private let shards: Shards<[Key: Ring]>

    /// - Parameters:
    ///   - limit: the requests a key may make within the window.
    ///   - window: the trailing window in nanoseconds.
    ///   - countBlocked: whether blocked requests count toward the limit too.
    ///   - shardCount: shards of the key table, rounded up to a power of two.
    public init(limit: Int, window: Int64, countBlocked: Bool = false, shardCount: Int = 64) {
        self.limit = max(limit, 0)
        self.window = window
        self.countBlocked = countBlocked
        shards = Shards(count: shardCount) { [:] }
    }

    /// Decides a request from `key` at `now` (nanoseconds): `true` when allowed.
    @_specialize(exported:true,where Key == String)
    @_specialize(exported:true,where Key == UInt64)
    @_specialize(exported:true,where Key == Int)
    public func allow(_ key: Key, at now: Int64) -> Bool {
        let capacity = limit + 1
        return shards.withLock(hash: key.hashValue) { rings in
            var ring = rings[key] ?? Ring(times: [])
            // Counted requests in (now - window, now]: the ring holds the most recent ones.
            var inWindow = 0
            var i = ring.next
            for _ in 0..<ring.count {
                i = (i - 1 + capacity) % capacity
                let t = ring.times[i]
                if t > now - window && t <= now { inWindow += 1 } else if t <= now - window { break }
            }
            let allowed = inWindow + 1 <= limit
            if allowed || countBlocked {
                if ring.times.count < capacity {
                    ring.times.append(now)
                } else {
                    ring.times[ring.next] = now
                }
                ring.next = (ring.next + 1) % capacity
                ring.count = min(ring.count + 1, capacity)
            }
            rings[key] = ring
            return allowed
        }
    }

    /// Forgets a request counted for `key` at `now` (a later layer denied it: all or none).
    @_specialize(exported:true,where Key == String)
    public func forget(_ key: Key, at now: Int64) {
        let capacity = limit + 1
        shards.withLock(hash: key.hashValue) { rings in
            guard var ring = rings[key], ring.count > 0 else { return }
            let last = (ring.next - 1 + capacity) % capacity
            guard ring.times[last] == now else { return }
            // While the ring is still growing its last entry is the array's last.
            if ring.times.count < capacity { ring.times.removeLast() }
            ring.next = last
            ring.count -= 1
            rings[key] = ring
        }
    }

    /// Drops keys with no request in the window ending at `now`.
    public func sweep(at now: Int64) {
        shards.updateEach { rings in
            do {
                rings = rings.filter { _, ring in
                    guard ring.count > 0 else { return false }
                    let last = ring.times[(ring.next - 1 + ring.times.count) % ring.times.count]
                    return last > now - window
                }
            }
        }
    }
}
