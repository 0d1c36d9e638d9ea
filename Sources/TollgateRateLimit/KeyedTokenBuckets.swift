import Synchronization

/// A token bucket per key (an API key, a client IP), for millions of keys on many threads.
///
/// Keys are spread over shards, each a `BucketTable` (open addressing, key and state in one
/// slot) behind its own lock, so threads rarely meet and a decision reads one cache line of the
/// table. Memory stays bounded without losing anything: a bucket that has refilled to full is
/// equal to a bucket never used, so a shard drops full buckets whenever its table fills up. A
/// shard never holds more than its share of `maxKeys`: on reaching it, it evicts the fullest
/// quarter (the only loss, and only in the permissive direction).
///
/// States are kept in 64 bits, relative to a per-shard epoch, whenever the policy allows it
/// (`BucketPolicy.fitsNarrowState`: a rate under 2³¹ per second with up to 9 decimals, and a
/// burst under about 10⁹ tokens at whole-number rates), else in 128 bits. The epoch moves
/// forward as time passes (at most about once a second, usually once in months); a time more than
/// 2⁶⁰ scaled units before a shard's epoch counts as the epoch, which never gives a bucket more
/// tokens than it had at a time already seen.
///
/// Memory: a key costs one 16-byte slot for `UInt64` or `Int` keys (24 for `String` keys, or
/// with 128-bit states; a `String` of up to 15 UTF-8 bytes is stored inline, a longer one adds
/// its heap storage), at a load between 4/7 and 4/5: 20 to 28 bytes per 8-byte key
/// (`Benchmarks/RateLimitBenchmarks` prints the resident bytes per key of a 1M-key table).
public final class KeyedTokenBuckets<Key: Hashable & Sendable>: Sendable {
    /// Every key's rate and capacity.
    public let policy: BucketPolicy
    /// The most keys kept; beyond it the fullest buckets are evicted.
    public let maxKeys: Int
    @usableFromInline let perShardCap: Int
    /// The shards when states fit 64 bits, else `nil` (then `wide`).
    @usableFromInline let narrow: Shards<BucketTable<Key, NarrowState>>?
    @usableFromInline let wide: Shards<BucketTable<Key, WideState>>?
    /// Random per table: the seed of the integer-key hash.
    @usableFromInline let seed = (UInt64.random(in: 1...UInt64.max), UInt64.random(in: 1...UInt64.max) | 1)

    /// - Parameters:
    ///   - rate: tokens added per second to each key's bucket.
    ///   - burst: the most tokens a bucket holds (and a new key starts with).
    ///   - shardCount: rounded up to a power of two (default 64: threads rarely wait for each other, and the locks stay in the first-level cache).
    ///   - maxKeys: the hard cap on keys held (default 4 million).
    public init(rate: Rate, burst: UInt64, shardCount: Int = 64, maxKeys: Int = 4_000_000) {
        policy = BucketPolicy(rate: rate, burst: burst)
        if policy.fitsNarrowState {
            narrow = Shards(count: shardCount) { BucketTable() }
            wide = nil
        } else {
            narrow = nil
            wide = Shards(count: shardCount) { BucketTable() }
        }
        self.maxKeys = maxKeys
        perShardCap = max(maxKeys / (narrow?.count ?? wide!.count), 1)
    }

    /// Takes `cost` tokens from `key`'s bucket at `now` (nanoseconds) if they are all there.
    /// (Inlined into the caller: the path of a known key is short, the rest is out of line.)
    @inlinable @inline(__always)
    public func tryTake(_ key: Key, cost: UInt64 = 1, at now: Int64) -> Bool {
        let hash = hash(key)
        // (Not `guard let`: a bound copy of the reference would be retained and released.)
        if narrow == nil { return tryTakeWide(key, hash: hash, cost: cost, at: now) }
        if cost > policy.burst { return false }
        // Everything that does not need the state is worked out before the lock, so that what
        // runs under it, after the state's cache miss, is a few 64-bit operations.
        let n = policy.scaled(now)
        let costTime = Int64(truncatingIfNeeded: cost &* policy.tokenTimeWord)  // ≤ τ < 2⁶⁰
        let capacity = Int64(truncatingIfNeeded: policy.capacityTime)
        return narrow.unsafelyUnwrapped.withLock(hash: hash) { table in
            let r = table.relative(n) ?? rebase(&table, n)
            let (i, found) = table.find(key, hash: hash)
            if found {
                // The path of a known key: `max(tat, n) + cost − n ≤ τ`, relative to the epoch.
                let next = max(table.state(at: i), r) &+ costTime
                if next > r &+ capacity { return false }
                table.setState(next, at: i)
                return true
            }
            insert(key, hash: hash, state: r &+ costTime, into: &table, slot: i, relativeNow: r)
            return true
        }
    }

    /// Adds a new key's state (out of line: the rare path, which may rebuild the table).
    @usableFromInline @inline(never)
    func insert(_ key: Key, hash: Int, state: NarrowState, into table: inout BucketTable<Key, NarrowState>, slot: Int, relativeNow r: Int64) {
        table.insert(key, hash: hash, state: state, at: slot, cap: perShardCap, isFull: { $0 <= r }, rehash: self.hash)
    }

    /// ``BucketTable/rebase(_:cap:hash:)`` (out of line: rare).
    @usableFromInline @inline(never)
    func rebase(_ table: inout BucketTable<Key, NarrowState>, _ n: Int128) -> Int64 {
        table.rebase(n, cap: perShardCap, hash: self.hash)
    }

    /// ``tryTake(_:cost:at:)`` with 128-bit states.
    @usableFromInline @inline(never)
    func tryTakeWide(_ key: Key, hash: Int, cost: UInt64, at now: Int64) -> Bool {
        let policy = policy
        return wide!.withLock(hash: hash) { table in
            table.update(key, hash: hash, cap: perShardCap, isFull: { policy.isFull(state: $0.value, now: now) }, rehash: self.hash) { state in
                policy.take(cost, state: state?.value ?? BucketPolicy.fresh, now: now).map { (WideState($0), true) }
            } ?? false
        }
    }

    /// Gives back `cost` tokens to `key`'s bucket.
    public func refund(_ key: Key, cost: UInt64 = 1) {
        let hash = hash(key)
        let policy = policy
        if let narrow {
            let costTime = Int128(cost) * policy.tokenTime
            narrow.withLock(hash: hash) { table in
                let (i, found) = table.find(key, hash: hash)
                // Never below the epoch: a state there is full at any time that counts.
                if found { table.setState(NarrowState(max(Int128(table.state(at: i)) - costTime, 0)), at: i) }
            }
        } else {
            wide!.withLock(hash: hash) { table in
                let (i, found) = table.find(key, hash: hash)
                if found { table.setState(WideState(policy.refund(cost, state: table.state(at: i).value)), at: i) }
            }
        }
    }

    /// Whole tokens available to `key` at `now`.
    public func available(_ key: Key, at now: Int64) -> UInt64 {
        let hash = hash(key)
        let policy = policy
        if let narrow {
            let n = policy.scaled(now)
            return narrow.withLock(hash: hash) { table in
                let r = table.relative(n) ?? rebase(&table, n)
                guard let state = table.state(key, hash: hash) else { return policy.burst }
                let free = policy.capacityTime - Int128(max(state - r, 0))
                return free <= 0 ? 0 : UInt64(free / policy.tokenTime)
            }
        }
        return wide!.withLock(hash: hash) { policy.available(state: $0.state(key, hash: hash)?.value ?? BucketPolicy.fresh, now: now) }
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
        narrow?.sum { $0.count } ?? wide!.sum { $0.count }
    }

    /// Drops every full bucket now (the shards also do it on their own as they fill up).
    public func sweep(at now: Int64) {
        let policy = policy
        let cap = perShardCap
        if let narrow {
            let n = policy.scaled(now)
            narrow.updateEach { table in
                let r = table.relative(n) ?? self.rebase(&table, n)
                table.rebuild(cap: cap, isFull: { $0 <= r }, hash: self.hash)
            }
        } else {
            wide!.updateEach { $0.rebuild(cap: cap, isFull: { policy.isFull(state: $0.value, now: now) }, hash: self.hash) }
        }
    }
}
