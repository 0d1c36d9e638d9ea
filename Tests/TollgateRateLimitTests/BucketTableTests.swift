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
}
