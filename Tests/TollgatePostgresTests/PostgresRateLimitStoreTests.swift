import Foundation
import Logging
import PostgresNIO
import Testing
import TollgatePostgres
import TollgateRateLimit
import _TollgateTestSupport

private let second: Int64 = 1_000_000_000
/// 2023-11-14T22:13:20Z: before the server's clock, so the caller's times are used as given.
private let epoch: Int64 = 1_700_000_000 * second

/// Runs `body` with a store on `server`, its pool running, sweeps off unless asked for.
func withStore<T: Sendable>(
    _ server: PostgresServer,
    whenUnavailable: PostgresRateLimitStore.UnavailablePolicy = .allow,
    decisionTimeout: Duration = .seconds(30),
    batch: UInt64? = nil,
    _ body: (PostgresRateLimitStore) async throws -> T
) async throws -> T {
    var configuration = try PostgresRateLimitStore.Configuration(url: server.url, whenUnavailable: whenUnavailable)
    configuration.decisionTimeout = decisionTimeout
    configuration.sweepInterval = nil
    configuration.sharedBucketBatch = batch
    configuration.commandTimeout = .seconds(60)  // a new server under the whole suite's load
    let store = PostgresRateLimitStore(configuration: configuration, logger: Logger(label: "test"))
    return try await store.withRunning { try await body(store) }
}

/// A layer name no other test uses.
func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8))" }

@Suite(.serialized) struct PostgresRateLimitStoreTests {
    let server: PostgresServer

    init() async throws { server = try await PostgresServer.shared }

    /// The same decisions as the in-memory store on random traces: every kind of layer, several keys,
    /// several layers per request, costs, rates with decimals and without refill, time gaps from 0 to
    /// past a full refill.
    @Test(arguments: [1 as UInt64, 2, 3])
    func decidesExactlyAsTheInMemoryStore(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        let prefix = unique("trace\(seed)")
        let layers: [(String, RateLimitLayer)] = [
            ("\(prefix)/b1", .bucket(rate: Rate("3.333")!, burst: 5)),
            ("\(prefix)/b2", .bucket(rate: Rate("0.5")!, burst: 2)),
            ("\(prefix)/b3", .bucket(rate: Rate(0), burst: 7)),
            ("\(prefix)/b4", .bucket(rate: Rate(1000), burst: 3)),
            ("\(prefix)/qd", .quota(QuotaPolicy(limit: 9, period: .day, offset: 4, startDate: epoch / second))),
            ("\(prefix)/qw", .quota(QuotaPolicy(limit: 12, period: .week, weekStart: .monday))),
            ("\(prefix)/qm", .quota(QuotaPolicy(limit: 15, period: .month))),
            ("\(prefix)/r", .rateBased(limit: 4, window: 10 * second, countBlocked: false)),
            ("\(prefix)/rc", .rateBased(limit: 3, window: 7 * second, countBlocked: true)),
        ]
        let keys = ["", "k1", "k2", "clé-ü"]
        let memory = InMemoryRateLimitStore()
        let gaps: [Int64] = [0, 0, 1, 1_000_000, 150_000_000, 300_000_001, second, 3 * second, 3_600 * second, 86_400 * second]
        try await withStore(server) { store throws in
            var now = epoch
            for step in 0..<400 {
                now += gaps[random.below(gaps.count)]
                var charges: [RateLimitCharge] = []
                for _ in 0..<(1 + random.below(3)) {
                    let (name, limit) = layers[random.below(layers.count)]
                    charges.append(RateLimitCharge(layer: name, limit: limit, key: keys[random.below(keys.count)], cost: UInt64(1 + random.below(2))))
                }
                let expected = memory.takeNow(charges, at: now)
                let found = try await store.take(charges, at: now)
                #expect(found == expected, "step \(step) at \(now): \(charges.map { "\($0.layer)[\($0.key)]×\($0.cost)" })")
                if found != expected { break }
            }
        }
        #expect(try await server.psql("SELECT count(*) FROM tollgate_rate_limits WHERE layer LIKE '\(prefix)/%'") != "0")
    }

    /// All or none: a denial at a later layer leaves the earlier layers' rows as they were.
    @Test func aDenialChargesNoLayer() async throws {
        let key = unique("k")
        let bucket = RateLimitCharge(layer: unique("all/bucket"), limit: .bucket(rate: Rate(1), burst: 10), key: key)
        let quota = RateLimitCharge(layer: unique("all/quota"), limit: .quota(QuotaPolicy(limit: 2, period: .day)), key: key)
        try await withStore(server) { store throws in
            #expect(try await store.take([bucket, quota], at: epoch) == .allowed)
            #expect(try await store.take([bucket, quota], at: epoch) == .allowed)
            let denied = try await store.take([bucket, quota], at: epoch)
            #expect(denied == .quotaExceeded(layer: quota.layer) && denied.message == "Limit Exceeded")
            // Two tokens taken, none for the denied request: eight remain at the same instant.
            for _ in 0..<8 { #expect(try await store.take([bucket], at: epoch) == .allowed) }
            #expect(try await store.take([bucket], at: epoch) == .throttled(layer: bucket.layer))
        }
    }

    /// Two stores (two pools, as two processes would have) deciding at once share one count: a quota
    /// of 150 allows exactly 150 of 400 concurrent requests, a bucket of burst 40 exactly 40.
    @Test func twoStoresShareExactCounts() async throws {
        let quota = RateLimitCharge(layer: unique("shared/quota"), limit: .quota(QuotaPolicy(limit: 150, period: .month)), key: "key")
        let bucket = RateLimitCharge(layer: unique("shared/bucket"), limit: .bucket(rate: Rate(1), burst: 40))
        let server = self.server
        let counts = try await withStore(server) { first throws in
            try await withStore(server) { second throws in
                try await withThrowingTaskGroup(of: (Bool, Bool).self) { group in
                    for i in 0..<400 {
                        let store = i % 2 == 0 ? first : second
                        group.addTask {
                            (try await store.take([quota], at: epoch).isAllowed, try await store.take([bucket], at: epoch).isAllowed)
                        }
                    }
                    var allowed = (0, 0)
                    for try await (q, b) in group {
                        allowed.0 += q ? 1 : 0
                        allowed.1 += b ? 1 : 0
                    }
                    return allowed
                }
            }
        }
        #expect(counts.0 == 150)
        #expect(counts.1 == 40)
    }

    /// Shared buckets leased in batches: two stores still allow exactly what the bucket holds when
    /// both spend all they leased, per-key layers stay exact, and a denial by a later layer gives a
    /// locally taken token back.
    @Test func batchesOfASharedBucketAllowNoMoreThanIt() async throws {
        let stage = RateLimitCharge(layer: unique("batch/stage"), limit: .bucket(rate: Rate(0), burst: 100))
        let quota = RateLimitCharge(layer: unique("batch/quota"), limit: .quota(QuotaPolicy(limit: 30, period: .day)), key: "k")
        let server = self.server
        let allowed = try await withStore(server, batch: 7) { first throws in
            try await withStore(server, batch: 7) { second throws in
                var allowed = 0
                for i in 0..<300 where try await (i % 2 == 0 ? first : second).take([stage], at: epoch).isAllowed { allowed += 1 }
                return allowed
            }
        }
        #expect(allowed == 100)
        let layer = stage.layer
        #expect(try await server.psql("SELECT tat FROM tollgate_rate_limits WHERE layer = '\(layer)'") == "100")
        let limited = RateLimitCharge(layer: unique("batch/stage2"), limit: .bucket(rate: Rate(0), burst: 100))
        try await withStore(server, batch: 7) { store throws in
            for _ in 0..<30 { #expect(try await store.take([limited, quota], at: epoch) == .allowed) }
            // The quota is used up: the stage token taken locally goes back each time.
            for _ in 0..<10 { #expect(try await store.take([limited, quota], at: epoch) == .quotaExceeded(layer: quota.layer)) }
            var stageOnly = 0
            for _ in 0..<100 where try await store.take([limited], at: epoch).isAllowed { stageOnly += 1 }
            #expect(stageOnly == 70)
        }
    }

    /// Leased tokens are spent within the lease (one second): later, the store leases again.
    @Test func leasedTokensExpire() async throws {
        let stage = RateLimitCharge(layer: unique("lease"), limit: .bucket(rate: Rate(0), burst: 50))
        try await withStore(server, batch: 5) { store throws in
            #expect(try await store.take([stage], at: epoch) == .allowed)  // leases 6: 1 spent, 5 held
            #expect(try await store.take([stage], at: epoch + second / 2) == .allowed)  // held
            #expect(try await store.take([stage], at: epoch + 2 * second) == .allowed)  // the 4 held are dropped: 6 more
        }
        #expect(try await server.psql("SELECT tat FROM tollgate_rate_limits WHERE layer = '\(stage.layer)'") == "12")
    }

    /// A new store (a restarted gateway) finds the quota used before, and reports it as get-usage does.
    @Test func quotaSurvivesARestartAndReportsUsage() async throws {
        let policy = QuotaPolicy(limit: 5, period: .month)
        let layer = unique("restart/quota")
        let charge = RateLimitCharge(layer: layer, limit: .quota(policy), key: "key")
        let now = epoch + 10 * 86_400 * second  // 2023-11-24
        try await withStore(server) { store throws in
            for _ in 0..<3 { #expect(try await store.take([charge], at: now) == .allowed) }
        }
        try await withStore(server) { store throws in
            let usage = try await store.usage(layer: layer, policy: policy, key: "key", at: now)
            #expect(usage.used == 3 && usage.remaining == 2)
            #expect(usage.periodStart == 1_698_796_800 && usage.periodEnd == 1_701_388_800)  // 2023-11-01, 2023-12-01
            for _ in 0..<2 { #expect(try await store.take([charge], at: now) == .allowed) }
            #expect(try await store.take([charge], at: now) == .quotaExceeded(layer: layer))
            // The next month starts afresh.
            #expect(try await store.take([charge], at: 1_701_388_800 * second) == .allowed)
            #expect(try await store.usage(layer: layer, policy: policy, key: "unused", at: now).remaining == 5)
        }
    }

    /// A caller whose clock runs ahead of the database's is held to the database's time: it gets no
    /// tokens early. (In memory, the same caller would get the bucket refilled.)
    @Test func aFastClockMintsNoTokens() async throws {
        let charge = RateLimitCharge(layer: unique("skew"), limit: .bucket(rate: Rate(1), burst: 1))
        let serverNow = Int64(Date().timeIntervalSince1970) * second
        try await withStore(server) { store throws in
            #expect(try await store.take([charge], at: serverNow) == .allowed)
            #expect(try await store.take([charge], at: serverNow + 3_600 * second) == .throttled(layer: charge.layer))
        }
        let memory = InMemoryRateLimitStore()
        #expect(memory.takeNow([charge], at: serverNow) == .allowed)
        #expect(memory.takeNow([charge], at: serverNow + 3_600 * second) == .allowed)
    }

    /// Changed settings for a layer (a reloaded definition) start its rows afresh.
    @Test func newSettingsStartAfresh() async throws {
        let layer = unique("settings")
        try await withStore(server) { store throws in
            let small = RateLimitCharge(layer: layer, limit: .bucket(rate: Rate(1), burst: 1))
            #expect(try await store.take([small], at: epoch) == .allowed)
            #expect(try await store.take([small], at: epoch) == .throttled(layer: layer))
            let larger = RateLimitCharge(layer: layer, limit: .bucket(rate: Rate(1), burst: 2))
            #expect(try await store.take([larger], at: epoch) == .allowed)
            #expect(try await store.take([larger], at: epoch) == .allowed)
            #expect(try await store.take([larger], at: epoch) == .throttled(layer: layer))
        }
    }

    @Test func connectionStrings() throws {
        let configuration = try PostgresURL.configuration("postgres://me:s%40cret@db.example:6543/limits?sslmode=disable")
        #expect(configuration.host == "db.example" && configuration.port == 6543)
        #expect(configuration.username == "me" && configuration.password == "s@cret" && configuration.database == "limits")
        #expect(try PostgresURL.configuration("postgresql://me@db", environment: ["PGPASSWORD": "pw"]).password == "pw")
        #expect(try PostgresURL.configuration("postgresql://me@db").database == "me")
        #expect(throws: PostgresURL.Error.self) { try PostgresURL.configuration("mysql://me@db/x") }
        #expect(throws: PostgresURL.Error.self) { try PostgresURL.configuration("postgres://db/x") }
        #expect(throws: PostgresURL.Error.self) { try PostgresURL.configuration("postgres://me@db/x?sslmode=sometimes") }
    }
}

/// Tests that stop their server or sweep its table get a server of their own.
struct PostgresRateLimitStoreLifecycleTests {
    /// The database goes away mid-run: decisions follow the policy (allow by default, or deny), are
    /// counted, and nothing crashes; when it is back, the state it kept applies again.
    @Test(arguments: [PostgresRateLimitStore.UnavailablePolicy.allow, .deny])
    func anUnreachableDatabaseFollowsThePolicy(policy: PostgresRateLimitStore.UnavailablePolicy) async throws {
        let server = try await PostgresServer.start()
        let quota = RateLimitCharge(layer: "down/quota", limit: .quota(QuotaPolicy(limit: 3, period: .day)), key: "key")
        // (A generous timeout: with the whole suite running, a decision may wait seconds for a core; a
        // refused connection fails at once.)
        try await withStore(server, whenUnavailable: policy, decisionTimeout: .seconds(15)) { store throws in
            try await store.migrate()
            #expect(try await store.take([quota], at: epoch) == .allowed)
            #expect(try await store.take([quota], at: epoch) == .allowed)
            try await server.stop()
            for _ in 0..<3 {
                let decision = try await store.take([quota], at: epoch)
                #expect(decision == (policy == .allow ? .allowed : .throttled(layer: "down/quota")))
            }
            #expect(store.unavailableDecisions == 3)
            try await server.restart()
            // Back: one request of the quota is left (the three in between were not counted).
            // (The pool reconnects with a backoff: until then decisions still follow the policy.)
            var decision = RateLimitDecision.throttled(layer: "none")
            for _ in 0..<60 {
                let before = store.unavailableDecisions
                decision = try await store.take([quota], at: epoch)
                if store.unavailableDecisions == before { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(decision == .allowed)
            #expect(try await store.take([quota], at: epoch) == .quotaExceeded(layer: "down/quota"))
        }
    }

    /// Rows equal to fresh ones (a full bucket, a past period) are deleted; others stay.
    @Test func sweepDeletesOnlyRowsEqualToFreshOnes() async throws {
        let server = try await PostgresServer.start()
        let now = Int64(Date().timeIntervalSince1970) * second
        try await withStore(server) { store throws in
            let refilled = RateLimitCharge(layer: "sweep/fast", limit: .bucket(rate: Rate(1000), burst: 1))
            let pastDay = RateLimitCharge(layer: "sweep/day", limit: .quota(QuotaPolicy(limit: 5, period: .day)))
            let live = RateLimitCharge(layer: "sweep/live", limit: .quota(QuotaPolicy(limit: 5, period: .month)))
            #expect(try await store.take([refilled], at: now - 3_600 * second) == .allowed)
            #expect(try await store.take([pastDay], at: now - 3 * 86_400 * second) == .allowed)
            #expect(try await store.take([live], at: now) == .allowed)
            #expect(try await store.sweep() == 2)
            #expect(try await server.psql("SELECT layer FROM tollgate_rate_limits ORDER BY layer") == "sweep/live")
        }
    }

    /// Several stores creating the schema at once (processes starting together) all succeed.
    @Test func concurrentMigrations() async throws {
        let server = try await PostgresServer.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { try await withStore(server) { try await $0.migrate() } }
            }
            try await group.waitForAll()
        }
        #expect(try await server.psql("SELECT count(*) FROM pg_proc WHERE proname = 'tollgate_decide'") == "1")
    }
}
