import Testing
import TollgateRateLimit

/// The shard table under `KeyedTokenBuckets`: open addressing that grows, drops full buckets
/// when it fills up, and keeps every live state through its rebuilds.
struct BucketTableTests {
    /// 200,000 keys in 4 shards: every rebuild on the way keeps every state (none is full).
    @Test(arguments: ["UInt64", "Int", "String"])
    func growthKeepsEveryState(_ type: String) {
        func run<K: Hashable & Sendable>(_ make: (Int) -> K) {
            let buckets = KeyedTokenBuckets<K>(rate: Rate(1), burst: 3, shardCount: 4)
            let n = K.self == String.self ? 20_000 : 200_000
            for i in 0..<n { #expect(buckets.tryTake(make(i), cost: 1 + UInt64(i % 3), at: 0)) }
            #expect(buckets.count == n)
            var wrong = 0
            for i in 0..<n where buckets.available(make(i), at: 0) != 2 - UInt64(i % 3) { wrong += 1 }
            #expect(wrong == 0)
            // The ones with 0 left are denied; the others allowed once more (then none has any).
            var allowed = 0
            for i in 0..<n where buckets.tryTake(make(i), at: 0) { allowed += 1 }
            #expect(allowed == n - n / 3)  // i % 3 == 2 had none left (n % 3 == 2: n / 3 of them)
        }
        switch type {
        case "UInt64": run { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        case "Int": run { -$0 }
        default: run { "client-\($0)-" + String(repeating: "x", count: $0 % 20) }
        }
    }

    /// Buckets that refilled are dropped when a shard fills up, so the table follows the live
    /// keys instead of every key ever seen, and no answer changes.
    @Test func fullBucketsAreDroppedOnTheWay() {
        let buckets = KeyedTokenBuckets<UInt64>(rate: Rate(1000), burst: 1, shardCount: 1)
        for i in 0..<100_000 as Range<UInt64> {
            // Each key is used once; one millisecond later it is full again.
            #expect(buckets.tryTake(i, at: Int64(i) * 1_000_000))
        }
        #expect(buckets.count < 1_000)
        #expect(!buckets.tryTake(99_999, at: 99_999 * 1_000_000))
        #expect(buckets.tryTake(0, at: 99_999 * 1_000_000))
    }

    /// Keys that collide in their slot or shard still keep separate buckets.
    @Test func neighboursStaySeparate() {
        let buckets = KeyedTokenBuckets<String>(rate: Rate(0), burst: 1, shardCount: 1)
        let keys = (0..<5_000).map { "k\($0)" }
        for key in keys { #expect(buckets.tryTake(key, at: 0)) }
        for key in keys { #expect(!buckets.tryTake(key, at: 1_000 * second)) }
        buckets.refund("k42")
        #expect(buckets.tryTake("k42", at: 0))
        #expect(!buckets.tryTake("k43", at: 0))
    }

    /// Keyed buckets give the answers a lone `TokenBucket` per key gives, through many moves of
    /// the 64-bit states' epoch (at 2·10⁹ tokens a second it moves about every 1.15 s), with
    /// refunds. (Time only moves forward here: with a clock going back, a bucket the table dropped
    /// as full stays full, where a lone bucket would count the time back as debt.) The last rates
    /// keep 128-bit states (a burst over 2⁶⁰ scaled units, a scale of 2³¹ or more).
    @Test(arguments: [
        ("2000000000", 5 as UInt64), ("1000000", 500_000_000), ("100", 7), ("0.001", 3), ("0.123456789", 2), ("1", 2_000_000_000), ("2147483648", 4),
    ])
    func statesMatchALoneBucketThroughEpochMoves(_ rate: String, _ burst: UInt64) {
        let keyed = KeyedTokenBuckets<Int>(rate: Rate(rate)!, burst: burst, shardCount: 2)
        let lone = (0..<40).map { _ in TokenBucket(rate: Rate(rate)!, burst: burst) }
        var random = Sequence64(seed: 7)
        var now: Int64 = -3 * second
        var disagreements: [String] = []
        for step in 0..<20_000 {
            // Up to 0.4 s forward, or not at all, or a long jump.
            switch random.next() % 100 {
            case 0: now += Int64(random.next() % 1_000) * second
            case 1..<30: break
            default: now += Int64(random.next() % 400_000_000)
            }
            let key = Int(random.next() % 40)
            let cost = random.next() % 4 == 0 ? min(burst, random.next() % (burst + 1)) : 1
            if random.next() % 20 == 0 {
                keyed.refund(key, cost: cost)
                lone[key].refund(cost)
            } else if keyed.tryTake(key, cost: cost, at: now) != lone[key].tryTake(cost, at: now) {
                disagreements.append("step \(step): take \(cost) from \(key) at \(now)")
            }
            if keyed.available(key, at: now) != lone[key].available(at: now) {
                disagreements.append("step \(step): available of \(key) at \(now)")
            }
        }
        #expect(disagreements.count == 0, "\(disagreements.prefix(5))")
    }

    /// A clock that jumps back past a shard's epoch counts as the epoch: a bucket emptied later
    /// stays empty (nothing is minted), and a new key still starts full.
    @Test func timeBeforeTheEpochNeverMints() {
        let keyed = KeyedTokenBuckets<UInt64>(rate: Rate(2_000_000_000), burst: 3, shardCount: 1)
        let later = 3_600 * second
        #expect(keyed.tryTake(1, cost: 3, at: later))
        #expect(!keyed.tryTake(1, at: later - 3_000 * second))
        #expect(keyed.available(1, at: later - 3_000 * second) == 0)
        #expect(keyed.tryTake(2, cost: 3, at: 0))
        #expect(keyed.tryTake(1, at: later + 1))  // 2 tokens a nanosecond: back once time moves on
    }
}

/// A deterministic sequence for the tests: a 64-bit linear congruential step, its high bits
/// mixed down (Knuth's MMIX constants).
struct Sequence64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29) ^ (state >> 43)
    }
}
