import Dispatch
import Synchronization
import Testing
import TollgateRateLimit

let second: Int64 = 1_000_000_000

struct RateTests {
    @Test func parsesExactFractions() {
        #expect(Rate("0.001") == Rate(numerator: 1, denominator: 1000))
        #expect(Rate("2.50") == Rate(numerator: 5, denominator: 2))
        #expect(Rate("10") == Rate(10))
        #expect(Rate(0.5) == Rate(numerator: 1, denominator: 2))
        #expect(Rate("-1") == nil)
        #expect(Rate("1.2.3") == nil)
        #expect(Rate("") == nil)
        #expect(Rate("0.0000000001") == nil)  // more than 9 decimals
        #expect(Rate("999999999999.999999999") == nil)  // 10²¹ in ninths of a second: past UInt64
        #expect(Rate("18446744073") == Rate(18_446_744_073))
    }
}

extension Rate {
    init(numerator: UInt64, denominator: UInt64) {
        self = Rate("\(Double(numerator) / Double(denominator))")!
    }
}

struct TokenBucketTests {
    @Test func startsFullAndIsAllOrNothing() {
        let bucket = TokenBucket(rate: Rate(10), burst: 5)
        #expect(bucket.available(at: 0) == 5)
        #expect(bucket.tryTake(3, at: 0))
        #expect(!bucket.tryTake(3, at: 0))  // only 2 left: takes nothing
        #expect(bucket.available(at: 0) == 2)
        #expect(bucket.tryTake(2, at: 0))
        #expect(!bucket.tryTake(at: 0))
        #expect(!bucket.tryTake(6, at: 100 * second))  // above burst: never
        #expect(bucket.tryTake(5, at: 100 * second))
    }

    @Test func burstZeroAllowsNothing() {
        let bucket = TokenBucket(rate: Rate(1000), burst: 0)
        #expect(!bucket.tryTake(at: 0))
        #expect(!bucket.tryTake(at: 1000 * second))
    }

    /// A request that arrives exactly when its token is due is allowed, whatever the rate.
    @Test(arguments: ["3", "7", "0.001", "0.3", "2.5", "1000000", "0.123456789"])
    func exactBoundaries(rateText: String) {
        let rate = Rate(rateText)!
        let bucket = TokenBucket(rate: rate, burst: 1)
        #expect(bucket.tryTake(at: 0))
        // k tokens are due at k·q/p seconds: check k = p (an integer number of seconds: q s).
        let due = Int64(rate.denominator) * second
        let k = rate.numerator
        if k <= 1_000_000 {
            // Take one token per due instant: at k tokens' time, exactly k tokens have accrued.
            let bucketK = TokenBucket(rate: rate, burst: k)
            #expect(bucketK.tryTake(k, at: 0))
            #expect(!bucketK.tryTake(k, at: due - 1))
            #expect(bucketK.tryTake(k, at: due))
        }
        #expect(!bucket.tryTake(at: 0))
    }

    @Test func slowRatesRefill() {
        let bucket = TokenBucket(rate: Rate("0.001")!, burst: 1)
        #expect(bucket.tryTake(at: 0))
        #expect(!bucket.tryTake(at: 999 * second))
        #expect(!bucket.tryTake(at: 1000 * second - 1))
        #expect(bucket.tryTake(at: 1000 * second))
    }

    @Test func backwardsClockNeverMints() {
        let bucket = TokenBucket(rate: Rate(1), burst: 2)
        #expect(bucket.tryTake(2, at: 10 * second))
        #expect(!bucket.tryTake(at: 5 * second))  // back in time: no tokens
        #expect(bucket.available(at: 5 * second) == 0)
        #expect(!bucket.tryTake(at: 10 * second))
        #expect(bucket.tryTake(at: 11 * second))
        #expect(!bucket.tryTake(at: 11 * second))
    }

    @Test func longIdleDoesNotOverflow() {
        let bucket = TokenBucket(rate: Rate("999999999.999999999")!, burst: 3)
        #expect(bucket.tryTake(3, at: 0))
        #expect(bucket.tryTake(3, at: Int64.max))
        #expect(!bucket.tryTake(at: Int64.max))
        #expect(bucket.available(at: Int64.max) == 0)
    }

    /// The earliest times and the fastest rates: a fresh bucket is full at any time (its state
    /// is below every scaled time), a keyed table still finds such a state (its slot is not
    /// mistaken for an empty one), and a refund never makes a bucket fuller than fresh.
    @Test func extremeTimesAndRates() {
        let fastest = Rate(UInt64.max)
        let bucket = TokenBucket(rate: fastest, burst: 2)
        #expect(bucket.tryTake(2, at: .min))
        #expect(!bucket.tryTake(at: .min))
        let keyed = KeyedTokenBuckets<UInt64>(rate: fastest, burst: 2, shardCount: 1)
        for key in 0..<100 as Range<UInt64> {
            #expect(keyed.tryTake(key, cost: 2, at: .min))
            #expect(!keyed.tryTake(key, at: .min), "key \(key)")
        }
        keyed.refund(7, cost: .max)
        #expect(keyed.available(7, at: .min) == 2)
        #expect(keyed.tryTake(7, cost: 2, at: .min))
        #expect(!keyed.tryTake(7, at: .min))
    }

    @Test func zeroRateNeverRefills() {
        let bucket = TokenBucket(rate: Rate(0), burst: 2)
        #expect(bucket.tryTake(at: 0))
        #expect(bucket.tryTake(at: 1_000 * second))
        #expect(!bucket.tryTake(at: 1_000_000 * second))
        bucket.refund(1)
        #expect(bucket.tryTake(at: 0))
    }

    /// Many tasks on one bucket with time frozen: exactly `burst` requests get through.
    @Test func concurrentTakesAreExact() async {
        let bucket = TokenBucket(rate: Rate(1), burst: 1000)
        let allowed = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var n = 0
                    for _ in 0..<500 where bucket.tryTake(at: 0) { n += 1 }
                    return n
                }
            }
            return await group.reduce(0, +)
        }
        #expect(allowed == 1000)
    }
}

struct KeyedTokenBucketsTests {
    @Test func keysAreIndependent() {
        let buckets = KeyedTokenBuckets<String>(rate: Rate(1), burst: 2)
        #expect(buckets.tryTake("a", cost: 2, at: 0))
        #expect(!buckets.tryTake("a", at: 0))
        #expect(buckets.tryTake("b", cost: 2, at: 0))
        #expect(buckets.tryTake("a", at: second))
        #expect(buckets.available("c", at: 0) == 2)
    }

    /// Full buckets are dropped without changing any answer; the cap evicts the fullest.
    @Test func memoryStaysBounded() {
        let buckets = KeyedTokenBuckets<Int>(rate: Rate(1), burst: 10, shardCount: 4, maxKeys: 4_000)
        for key in 0..<10_000 { #expect(buckets.tryTake(key, at: 0)) }
        #expect(buckets.count <= 10_000)
        buckets.sweep(at: 100 * second)  // all refilled: all dropped
        #expect(buckets.count == 0)
        for key in 0..<3 { #expect(buckets.tryTake(key, cost: 10, at: 100 * second)) }
        #expect(!buckets.tryTake(1, at: 100 * second))
        for key in 100..<20_000 {
            _ = buckets.tryTake(key, at: 100 * second)
            if key % 1_000 == 0 { #expect(buckets.count <= 4_000) }  // a hard cap, at every moment
        }
        buckets.sweep(at: 100 * second)
        #expect(buckets.count <= 4_000)
        // The emptiest buckets (taken 10) are the last to go.
        #expect(!buckets.tryTake(1, at: 100 * second))
    }

    @Test func concurrentKeysAreExact() async {
        let buckets = KeyedTokenBuckets<Int>(rate: Rate(1), burst: 5)
        let allowed = await withTaskGroup(of: Int.self) { group in
            for t in 0..<8 {
                group.addTask {
                    var n = 0
                    for i in 0..<2_000 where buckets.tryTake((i + t) % 100, at: 0) { n += 1 }
                    return n
                }
            }
            return await group.reduce(0, +)
        }
        #expect(allowed == 500)
    }

    /// One shard under contention from threads of their own (the cooperative pool may run tasks one
    /// after another, so the test above need not overlap them): four threads take from 200 keys of one
    /// shard, whose table grows as keys arrive, while a fifth sweeps and reads. Exactly `burst` per key
    /// gets through; the ThreadSanitizer pass (`make test-tsan`) checks the shard's lock hands the
    /// table over.
    @Test func oneShardUnderContentionIsExact() {
        let buckets = KeyedTokenBuckets<Int>(rate: Rate(1), burst: 3, shardCount: 1)
        let allowed = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 5) { thread in
            var n = 0
            for round in 0..<20_000 {
                if thread == 4 {
                    // Time is frozen at 0, so a sweep finds no full bucket to drop and changes no answer.
                    if round % 64 == 0 { buckets.sweep(at: 0) }
                    // A bucket never holds more than its burst; a torn read would show more.
                    if buckets.available(round % 200, at: 0) > 3 { n += 1_000_000 }
                } else if buckets.tryTake((round &* 7 &+ thread) % 200, at: 0) {
                    n += 1
                }
            }
            allowed.add(n, ordering: .relaxed)
        }
        #expect(allowed.load(ordering: .relaxed) == 600)
        #expect(buckets.count == 200)
    }
}
