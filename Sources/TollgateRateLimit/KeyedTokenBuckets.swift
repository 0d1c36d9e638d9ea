import Synchronization

/// A token bucket per key (an API key, a client IP), for millions of keys on many threads.
///
/// Keys are spread over shards, each a ``BucketTable`` (open addressing, key and state in one
/// slot) behind its own lock, so threads rarely meet and a decision reads one cache line of the
/// table. Memory stays bounded without losing anything: a bucket that has refilled to full is
/// equal to a bucket never used, so a shard drops full buckets whenever its table fills up. A
/// shard never holds more than its share of `maxKeys`: on reaching it, it evicts the fullest
/// quarter (the only loss, and only in the permissive direction).
///
/// Memory: a key costs one 24-byte slot for `UInt64` or `Int` keys (32 for `String` keys; a
/// `String` of up to 15 UTF-8 bytes is stored inline, a longer one adds its heap storage), at a
/// load between 4/7 and 4/5: 30 to 42 bytes per 8-byte key (`Benchmarks/RateLimitBenchmarks`
/// prints the resident bytes per key of a 1M-key table).
public final class KeyedTokenBuckets<Key: Hashable & Sendable>: Sendable {
    public let policy: BucketPolicy
    /// The most keys kept; beyond it the fullest buckets are evicted.
    public let maxKeys: Int
    @usableFromInline let perShardCap: Int
    @usableFromInline let shards: Shards<BucketTable<Key>>
    /// Random per table: the seed of the integer-key hash.
    @usableFromInline let seed = (UInt64.random(in: 1...UInt64.max), UInt64.random(in: 1...UInt64.max) | 1)

    /// - Parameters:
    ///   - shardCount: rounded up to a power of two (default 64: threads rarely wait for each other, and the locks stay in the first-level cache).
    ///   - maxKeys: the hard cap on keys held (default 4 million).
    public init(rate: Rate, burst: UInt64, shardCount: Int = 64, maxKeys: Int = 4_000_000) {
        policy = BucketPolicy(rate: rate, burst: burst)
        shards = Shards(count: shardCount) { BucketTable() }
        self.maxKeys = maxKeys
        perShardCap = max(maxKeys / shards.count, 1)
    }

    /// Takes `cost` tokens from `key`'s bucket at `now` (nanoseconds) if they are all there.
    @inlinable
    public func tryTake(_ key: Key, cost: UInt64 = 1, at now: Int64) -> Bool {
        let hash = hash(key)
        return shards.withLock(hash: hash) { table in
            let (i, found) = table.find(key, hash: hash)
            if found {
                // The path of a known key, written out: no closure, one slot read and written.
                guard let next = policy.take(cost, state: table.state(at: i), now: now) else { return false }
                table.setState(next, at: i)
                return true
            }
            guard let next = policy.take(cost, state: BucketPolicy.fresh, now: now) else { return false }
            let policy = policy
            table.insert(key, hash: hash, state: next, at: i, cap: perShardCap, isFull: { policy.isFull(state: $0, now: now) }, rehash: self.hash)
            return true
        }
    }

    /// Gives back `cost` tokens to `key`'s bucket.
    @inlinable
    public func refund(_ key: Key, cost: UInt64 = 1) {
        let hash = hash(key)
        let policy = policy
        shards.withLock(hash: hash) { table in
            _ = table.update(key, hash: hash, cap: perShardCap, isFull: { _ in false }, rehash: self.hash) { state in
                state.map { (policy.refund(cost, state: $0), ()) }
            }
        }
    }

    /// Whole tokens available to `key` at `now`.
    @inlinable
    public func available(_ key: Key, at now: Int64) -> UInt64 {
        let hash = hash(key)
        return shards.withLock(hash: hash) { policy.available(state: $0.state(key, hash: hash) ?? BucketPolicy.fresh, now: now) }
    }

    /// A 64-bit integer key is hashed by a seeded multiply-and-fold (what Rust's `ahash` does
    /// for integers: a collision depends on the table's random seed), 4× cheaper than the
    /// SipHash of `hashValue`, which every other key type uses.
    @inlinable @inline(__always)
    func hash(_ key: Key) -> Int {
        let word: UInt64
        if Key.self == UInt64.self {
            word = unsafeBitCast(key, to: UInt64.self)
        } else if Key.self == Int.self {
            word = UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int.self)))
        } else if Key.self == Int64.self {
            word = UInt64(bitPattern: unsafeBitCast(key, to: Int64.self))
        } else {
            return key.hashValue
        }
        let product = (word ^ seed.0).multipliedFullWidth(by: seed.1)
        return Int(bitPattern: UInt(truncatingIfNeeded: product.high ^ product.low))
    }

    /// Keys currently held (full buckets are not counted once swept).
    public var count: Int {
        shards.sum { $0.count }
    }

    /// Drops every full bucket now (the shards also do it on their own as they fill up).
    public func sweep(at now: Int64) {
        let policy = policy
        let cap = perShardCap
        shards.updateEach { $0.rebuild(cap: cap, isFull: { policy.isFull(state: $0, now: now) }, hash: self.hash) }
    }
}
