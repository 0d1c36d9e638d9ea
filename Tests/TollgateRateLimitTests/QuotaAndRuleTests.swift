import Testing
import TollgateRateLimit

struct UsagePlanQuotaTests {
    // 2024-03-14T10:00:00Z was a Thursday.
    static let thursday: Int64 = 1_710_410_400

    @Test func calendarBoundaries() {
        let day = QuotaPolicy(limit: 3, period: .day)
        #expect(day.periodStart(Self.thursday) == 1_710_374_400)  // 2024-03-14T00:00Z
        let week = QuotaPolicy(limit: 3, period: .week, weekStart: .sunday)
        #expect(week.periodStart(Self.thursday) == 1_710_028_800)  // Sunday 2024-03-10
        let mondayWeek = QuotaPolicy(limit: 3, period: .week, weekStart: .monday)
        #expect(mondayWeek.periodStart(Self.thursday) == 1_710_115_200)  // Monday 2024-03-11
        let month = QuotaPolicy(limit: 3, period: .month)
        #expect(month.periodStart(Self.thursday) == 1_709_251_200)  // 2024-03-01
        #expect(month.periodStart(1_709_251_199) == 1_706_745_600)  // 2024-02-29T23:59:59 -> 2024-02-01
        #expect(month.periodStart(-1) == -2_678_400)  // 1969-12-01
    }

    @Test func limitPerPeriodWithOffset() {
        let policy = QuotaPolicy(limit: 3, period: .day, offset: 1, startDate: Self.thursday)
        let quota = UsagePlanQuota<String>(policy: policy)
        let t = Self.thursday * second
        #expect(quota.tryTake("k", at: t))
        #expect(quota.tryTake("k", at: t))
        #expect(!quota.tryTake("k", at: t))  // 3 - offset 1 in the initial day
        #expect(quota.remaining("k", at: t) == 0)
        let nextDay = (1_710_374_400 + 86_400) * second
        #expect(!quota.tryTake("k", at: nextDay - 1))
        for _ in 0..<3 { #expect(quota.tryTake("k", at: nextDay)) }
        #expect(!quota.tryTake("k", at: nextDay))
        #expect(quota.tryTake("other", cost: 2, at: t))
        #expect(!quota.tryTake("other", cost: 2, at: t))
    }
}

struct RateBasedRuleTests {
    @Test func blocksAboveTheLimitInTheWindow() {
        let rule = RateBasedRule<String>(limit: 3, window: 10 * second)
        for i in 0..<3 { #expect(rule.allow("ip", at: Int64(i) * second)) }
        #expect(!rule.allow("ip", at: 3 * second))
        #expect(rule.allow("ip", at: 10 * second))  // (0, 10] holds 1 s and 2 s (the blocked 3 s was not counted): 2 + 1 = 3
        #expect(!rule.allow("ip", at: 10 * second))
        #expect(rule.allow("other", at: 3 * second))
    }

    @Test func windowEdgesAreExact() {
        let rule = RateBasedRule<String>(limit: 2, window: 10 * second)
        #expect(rule.allow("a", at: 0))
        #expect(rule.allow("a", at: 5 * second))
        #expect(!rule.allow("a", at: 10 * second - 1))  // (−1 ns, 10 s−1 ns] holds 0 and 5 s
        #expect(rule.allow("a", at: 10 * second))  // 0 has left the window (10−10, 10]
    }

    @Test func countingBlockedRequestsKeepsAClientBlocked() {
        let lenient = RateBasedRule<String>(limit: 2, window: 10 * second, countBlocked: false)
        let strict = RateBasedRule<String>(limit: 2, window: 10 * second, countBlocked: true)
        for rule in [lenient, strict] {
            #expect(rule.allow("a", at: 0))
            #expect(rule.allow("a", at: 1 * second))
            #expect(!rule.allow("a", at: 9 * second))
        }
        // At 10.5 s the request at 0 has left the window: only the counted ones matter.
        #expect(lenient.allow("a", at: 10 * second + 500_000_000))
        #expect(!strict.allow("a", at: 10 * second + 500_000_000))  // 1 s and the blocked 9 s count
    }
}

struct LayeredStoreTests {
    @Test func allOrNothingAcrossLayers() {
        let store = InMemoryRateLimitStore()
        let key = RateLimitCharge(layer: "key", limit: .bucket(rate: Rate(100), burst: 10), key: "k1")
        let quota = RateLimitCharge(layer: "quota", limit: .quota(QuotaPolicy(limit: 2, period: .day)), key: "k1")
        let stage = RateLimitCharge(layer: "stage", limit: .bucket(rate: Rate(1), burst: 3))
        let charges = [key, quota, stage]
        #expect(store.takeNow(charges, at: 0) == .allowed)
        #expect(store.takeNow(charges, at: 0) == .allowed)
        let denied = store.takeNow(charges, at: 0)
        #expect(denied == .quotaExceeded(layer: "quota"))
        #expect(denied.statusCode == 429 && denied.message == "Limit Exceeded")
        // The key bucket got its token back, the stage bucket was never charged: one stage token remains.
        #expect(store.remaining(layer: "key", limit: key.limit, key: "k1", at: 0) == 8)
        var other = key
        other.key = "k2"
        #expect(store.takeNow([other, stage], at: 0) == .allowed)
        let throttled = store.takeNow([other, stage], at: 0)
        #expect(throttled == .throttled(layer: "stage") && throttled.message == "Too Many Requests")
        #expect(store.remaining(layer: "key", limit: key.limit, key: "k2", at: 0) == 9)
    }

    @Test func aRateBasedRuleIsALayerToo() {
        let store = InMemoryRateLimitStore()
        let rule = RateLimitCharge(layer: "rule", limit: .rateBased(limit: 2, window: 10 * second, countBlocked: false), key: "ip")
        let quota = RateLimitCharge(layer: "quota", limit: .quota(QuotaPolicy(limit: 1, period: .day)), key: "ip")
        #expect(store.takeNow([rule, quota], at: 0) == .allowed)
        // The quota denies: the rule forgets the request, so two more fit in its window.
        #expect(store.takeNow([rule, quota], at: 1) == .quotaExceeded(layer: "quota"))
        #expect(store.takeNow([rule], at: 2) == .allowed)
        #expect(store.takeNow([rule], at: 3) == .throttled(layer: "rule"))
    }

    @Test func newSettingsStartALayerAfresh() {
        let store = InMemoryRateLimitStore()
        let small = RateLimitCharge(layer: "a", limit: .bucket(rate: Rate(1), burst: 1))
        #expect(store.takeNow([small], at: 0) == .allowed)
        #expect(store.takeNow([small], at: 0) == .throttled(layer: "a"))
        let larger = RateLimitCharge(layer: "a", limit: .bucket(rate: Rate(1), burst: 2))
        #expect(store.takeNow([larger], at: 0) == .allowed)
        #expect(store.takeNow([larger], at: 0) == .allowed)
        #expect(store.takeNow([larger], at: 0) == .throttled(layer: "a"))
        #expect(store.remaining(layer: "a", limit: small.limit, key: "", at: 0) == nil)
    }

    @Test func asyncProtocolForm() async throws {
        let store: any RateLimitStore = InMemoryRateLimitStore()
        let charge = RateLimitCharge(layer: "a", limit: .bucket(rate: Rate(1), burst: 1))
        #expect(try await store.take([charge], at: 0) == .allowed)
        #expect(try await store.take([charge], at: 0) == .throttled(layer: "a"))
    }

    @Test func clocks() {
        let manual = ManualClock(5)
        manual.advance(10)
        #expect(manual.nanoseconds() == 15)
        manual.advance(-20)
        #expect(manual.nanoseconds() == -5)
        let m = MonotonicClock()
        let a = m.nanoseconds()
        #expect(m.nanoseconds() >= a)
        #expect(WallClock().nanoseconds() > 1_700_000_000 * second)
    }
}
