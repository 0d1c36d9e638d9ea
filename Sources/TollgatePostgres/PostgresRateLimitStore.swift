public import Logging
public import PostgresNIO
public import ServiceLifecycle
import Synchronization
public import TollgateRateLimit

/// A `RateLimitStore` on PostgreSQL, shared by every process that points at the same database:
/// two gateways behind a load balancer allow what one would, and a restart keeps a month of quota.
///
/// The semantics are `InMemoryRateLimitStore`'s, exactly: GCRA token buckets with exact rational
/// rates (in `numeric`), DAY/WEEK/MONTH quotas on UTC boundaries with `offset`, rate-based rules,
/// and all or none across layers. Each decision is one statement (`tollgate_decide`, one round trip
/// and one transaction; see `RateLimitSchema`). The table and function are created on first use.
///
/// Time comes from the caller, but is never later than the database server's clock, so an
/// instance whose clock runs fast gets no tokens early; one whose clock runs slow sees fewer
/// tokens than it would (it errs toward denying). A skew of `s` seconds therefore costs a slow
/// instance up to `s × rate` tokens and gives no one more than the shared bucket holds.
///
/// When the database cannot be reached within ``Configuration/decisionTimeout``, the request
/// follows ``Configuration/whenUnavailable``: let through (`allow`, the default, as API Gateway's
/// "best effort" throttling does) or throttled (`deny`); either way a warning is logged with the
/// number of such decisions so far (``unavailableDecisions``).
///
/// Run the store (``run()``, or as a service of a `ServiceGroup`) for as long as it is used: it runs
/// the connection pool and, every ``Configuration/sweepInterval``, deletes rows that have become
/// equal to fresh ones (full buckets, past quota periods, empty rule windows).
public final class PostgresRateLimitStore: RateLimitStore, Service {
    /// What a decision does when the database cannot be reached.
    public enum UnavailablePolicy: String, Sendable, CaseIterable {
        /// Let the request through (API Gateway's limits are "best effort").
        case allow
        /// Throttle it (429 `Too Many Requests`).
        case deny
    }

    /// How the store connects and what it does when the database cannot be reached.
    public struct Configuration: Sendable {
        /// postgres-nio's client settings (host, port, credentials, TLS).
        public var client: PostgresClient.Configuration
        /// What a decision is when the database does not answer in time.
        public var whenUnavailable: UnavailablePolicy
        /// How long a decision waits for the database before ``whenUnavailable`` applies.
        public var decisionTimeout: Duration
        /// How long ``migrate()``, ``usage(layer:policy:key:at:)`` and ``sweep()`` wait for the
        /// database before they throw (the pool would otherwise retry a server that is away forever).
        public var commandTimeout: Duration = .seconds(10)
        /// How often rows equal to fresh ones are deleted (nil: never).
        public var sweepInterval: Duration?
        /// Whether a decision's commit waits for the database's write-ahead log to reach disk (the
        /// default). A decision holds its rows' locks until its commit, so without the wait a hot row
        /// (a stage-wide bucket every request charges) is held for the statement only, and decisions
        /// on it are several times faster; the cost is that a crash of the database server (not a
        /// clean restart) forgets the decisions of its last moments (at most 3 × `wal_writer_delay`,
        /// 600 ms by default): limits err toward allowing those requests again.
        public var durableCommits: Bool
        /// Off (nil, the default): every decision is exact across processes. A number: buckets that
        /// every request charges alike (the stage's method buckets, which have no key) are leased by
        /// this process in batches of up to this many tokens and spent locally, so that such a hot
        /// row is written once a batch instead of once a request. The bound: a token is taken from
        /// the shared bucket before the request it serves, at most ``sharedBucketLease`` before, so
        /// in any window the processes together allow at most `rate × sharedBucketLease` more than
        /// one bucket would; a process can hold up to a batch that others cannot use, for at most as
        /// long (unused tokens are then dropped, not given back). Per-key layers (usage-plan buckets
        /// and quotas) stay exact.
        public var sharedBucketBatch: UInt64?
        /// How long leased tokens may be spent (nanoseconds): the bound above.
        public var sharedBucketLease: Int64

        /// Settings for `client`; the rest have defaults.
        public init(
            client: PostgresClient.Configuration,
            whenUnavailable: UnavailablePolicy = .allow,
            decisionTimeout: Duration = .seconds(1),
            sweepInterval: Duration? = .seconds(60),
            durableCommits: Bool = true,
            sharedBucketBatch: UInt64? = nil,
            sharedBucketLease: Int64 = 1_000_000_000
        ) {
            self.sharedBucketBatch = sharedBucketBatch
            self.sharedBucketLease = sharedBucketLease
            self.client = client
            self.whenUnavailable = whenUnavailable
            self.decisionTimeout = decisionTimeout
            self.sweepInterval = sweepInterval
            self.durableCommits = durableCommits
        }

        /// A configuration from a connection string (``PostgresURL``).
        public init(url: String, whenUnavailable: UnavailablePolicy = .allow) throws(PostgresURL.Error) {
            var client = try PostgresURL.configuration(url)
            // A decision should not wait for a database that is away longer than it waits for an answer.
            client.options.connectTimeout = .seconds(2)
            self.init(client: client, whenUnavailable: whenUnavailable)
        }
    }

    /// A key's use of a quota in the current period (what `aws apigateway get-usage` reports).
    public struct QuotaUsage: Sendable, Hashable {
        /// Requests counted in the current period.
        public var used: UInt64
        /// Requests left in it.
        public var remaining: UInt64
        /// Seconds since the epoch.
        public var periodStart: Int64
        /// Seconds since the epoch: when the quota resets.
        public var periodEnd: Int64
    }

    /// The settings the store was made with.
    public let configuration: Configuration
    let client: PostgresClient
    private let shares = LocalShares()
    let logger: Logger
    private let migration = Mutex<Task<Void, any Error>?>(nil)
    private let unavailable = Atomic<Int>(0)

    /// A store with `configuration`, logging to `logger`; its tables are made on first use (or by ``migrate()``).
    public init(configuration: Configuration, logger: Logger = Logger(label: "tollgate.ratelimit.postgres")) {
        self.configuration = configuration
        self.logger = logger
        var options = configuration.client
        if !configuration.durableCommits { options.options.additionalStartupParameters.append(("synchronous_commit", "off")) }
        client = PostgresClient(configuration: options, backgroundLogger: logger)
    }

    /// Decisions so far that followed ``Configuration/whenUnavailable``.
    public var unavailableDecisions: Int { unavailable.load(ordering: .relaxed) }

    /// Runs the connection pool and the sweeps until the task is cancelled (or the service group
    /// shuts down).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.client.run() }
                if let interval = self.configuration.sweepInterval {
                    group.addTask { await self.sweepEvery(interval) }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Runs `body` with the store running (``run()``) beside it, then stops the store: for a command
    /// or a test that uses the store for a while, not a server (which runs it as a service).
    public func withRunning<T>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    private func sweepEvery(_ interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            do {
                let removed = try await sweep()
                logger.debug("rate-limit rows swept", metadata: ["removed": "\(removed)"])
            } catch {
                logger.debug("rate-limit sweep failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Creates the table and function if they are not there (idempotent; several processes may run
    /// it at once: an advisory lock orders them).
    public func migrate() async throws {
        try await withTimeout(configuration.commandTimeout) { try await self.createSchema() }
    }

    private func createSchema() async throws {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(7261746500)", logger: self.logger)
            do {
                for statement in RateLimitSchema.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(7261746500)", logger: self.logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(7261746500)", logger: self.logger)
        }
    }

    /// Takes every charge or none (all or nothing, as API Gateway's layers are), in the database or from
    /// a batch this process leased; `now` in nanoseconds.
    public func take(_ charges: [RateLimitCharge], at now: Int64) async throws -> RateLimitDecision {
        if charges.isEmpty { return .allowed }
        // Shared buckets this process holds a batch of are charged here; the rest (and batches to
        // lease) go to the database.
        var local: [RateLimitCharge] = []
        var remote: [(charge: RateLimitCharge, leaseUpTo: UInt64?)] = []
        for charge in charges {
            if let batch = leaseBatch(for: charge) {
                if shares.take(charge, at: now) {
                    local.append(charge)
                } else {
                    remote.append((charge, batch + charge.cost))
                }
            } else {
                remote.append((charge, nil))
            }
        }
        if remote.isEmpty { return .allowed }
        let sent = remote
        do {
            let outcome = try await withTimeout(configuration.decisionTimeout) {
                try await self.ensureMigrated()
                do {
                    return try await self.decide(sent, at: now)
                } catch let error as PSQLError where Self.isMissingSchema(error) {
                    // The schema went away under us (a database restored or recreated): make it again.
                    self.migration.withLock { $0 = nil }
                    try await self.ensureMigrated()
                    return try await self.decide(sent, at: now)
                }
            }
            switch outcome {
            case .denied(let index):
                for charge in local { shares.refund(charge) }
                let charge = remote[min(index, remote.count - 1)].charge
                return .denied(by: charge.limit, layer: charge.layer)
            case .taken(let tokens):
                for ((charge, lease), taken) in zip(remote, tokens) where lease != nil && taken > charge.cost {
                    shares.lease(charge, tokens: taken - charge.cost, now: now, until: now + configuration.sharedBucketLease)
                }
                return .allowed
            }
        } catch {
            let count = unavailable.add(1, ordering: .relaxed).newValue
            logger.warning(
                "rate-limit store unavailable: decision follows the \(configuration.whenUnavailable.rawValue) policy",
                metadata: ["unavailableDecisions": "\(count)", "error": "\(String(reflecting: error))"]
            )
            switch configuration.whenUnavailable {
            case .allow: return .allowed
            case .deny:
                for charge in local { shares.refund(charge) }
                return .throttled(layer: charges[0].layer)
            }
        }
    }

    /// The batch this process leases of `charge`'s bucket, when it is a shared one (a bucket every
    /// request charges alike: no key) and batches are on.
    private func leaseBatch(for charge: RateLimitCharge) -> UInt64? {
        guard let batch = configuration.sharedBucketBatch, batch > 0, charge.key.isEmpty, case .bucket = charge.limit else { return nil }
        return batch
    }

    /// `key`'s use of the quota layer `layer` (with `policy`) at `now` (nanoseconds since the epoch).
    public func usage(layer: String, policy: QuotaPolicy, key: String, at now: Int64) async throws -> QuotaUsage {
        try await withTimeout(configuration.commandTimeout) { try await self.readUsage(layer: layer, policy: policy, key: key, at: now) }
    }

    private func readUsage(layer: String, policy: QuotaPolicy, key: String, at now: Int64) async throws -> QuotaUsage {
        try await ensureMigrated()
        let rows = try await client.query(
            """
            SELECT period_start, used FROM tollgate_rate_limits
            WHERE layer = \(layer) AND key = \(key) AND settings = \(Self.settings(.quota(policy)))
            """,
            logger: logger
        )
        var start = policy.periodStart(now >= 0 ? now / 1_000_000_000 : -((-now + 999_999_999) / 1_000_000_000))
        var used: UInt64 = 0
        for try await (periodStart, count) in rows.decode((Int64?, Int64?).self) {
            // A period another instance already moved on to is the one that counts.
            if let periodStart, let count, periodStart >= start {
                start = periodStart
                used = UInt64(max(count, 0))
            }
        }
        let limit = policy.limit(forPeriodStarting: start)
        return QuotaUsage(used: used, remaining: limit - min(used, limit), periodStart: start, periodEnd: policy.nextPeriodStart(start))
    }

    /// Deletes rows that have been equal to fresh ones for over five minutes by the database's clock
    /// (the margin keeps a row that a slow clock still sees as in use). Returns how many.
    @discardableResult
    public func sweep() async throws -> Int {
        try await withTimeout(configuration.commandTimeout) { try await self.deleteExpired() }
    }

    private func deleteExpired() async throws -> Int {
        try await ensureMigrated()
        let rows = try await client.query(
            """
            WITH gone AS (
                DELETE FROM tollgate_rate_limits
                WHERE expires_at < (extract(epoch FROM clock_timestamp()) * 1000000000)::bigint - 300000000000
                RETURNING 1
            ) SELECT count(*)::bigint FROM gone
            """,
            logger: logger
        )
        var removed: Int64 = 0
        for try await count in rows.decode(Int64.self) { removed = count }
        return Int(removed)
    }

    private func ensureMigrated() async throws {
        let task = migration.withLock { task in
            if let task { return task }
            let created = Task { try await self.createSchema() }
            task = created
            return created
        }
        do {
            try await task.value
        } catch {
            // The next decision tries again (the database may have been away).
            migration.withLock { if $0 == task { $0 = nil } }
            throw error
        }
    }

    enum Outcome: Sendable {
        case denied(Int)
        /// Tokens taken per charge (a lease may take more than its cost).
        case taken([UInt64])
    }

    /// One `tollgate_decide` call.
    private func decide(_ charges: [(charge: RateLimitCharge, leaseUpTo: UInt64?)], at now: Int64) async throws -> Outcome {
        var layers: [String] = []
        var keys: [String] = []
        var kinds: [String] = []
        var settings: [String] = []
        var costs: [Int64] = []
        var a: [String] = []
        var b: [String] = []
        var c: [String] = []
        var d: [String] = []
        var e: [String] = []
        for (charge, leaseUpTo) in charges {
            layers.append(charge.layer)
            keys.append(charge.key)
            settings.append(Self.settings(charge.limit))
            costs.append(Int64(clamping: charge.cost))
            switch charge.limit {
            case .bucket(let rate, let burst):
                // BucketPolicy's integers: time in units of 1/numerator ns, one token = denominator·10⁹ units.
                let token = rate.numerator == 0 ? Int128(0) : Int128(rate.denominator) * 1_000_000_000
                kinds.append(leaseUpTo == nil ? "bucket" : "lease")
                a.append("\(token)")
                b.append("\(Int128(burst) * token)")
                c.append("\(max(rate.numerator, 1))")
                d.append("\(burst)")
                e.append("\(leaseUpTo ?? 0)")
            case .quota(let policy):
                kinds.append("quota")
                a.append("\(policy.limit)")
                b.append("\(policy.offset)")
                c.append("\(policy.periodStart(policy.startDate))")
                d.append(policy.period == .day ? "0" : policy.period == .week ? "1" : "2")
                e.append("\(QuotaPolicy.Weekday.allCases.firstIndex(of: policy.weekStart) ?? 0)")
            case .rateBased(let limit, let window, let countBlocked):
                kinds.append("rule")
                a.append("\(limit)")
                b.append("\(window)")
                c.append(countBlocked ? "1" : "0")
                d.append("0")
                e.append("0")
            }
        }
        let rows = try await client.query(
            """
            SELECT tollgate_decide(\(layers), \(keys), \(kinds), \(settings), \(costs),
                CAST(\(a) AS numeric[]), CAST(\(b) AS numeric[]), CAST(\(c) AS numeric[]),
                CAST(\(d) AS numeric[]), CAST(\(e) AS numeric[]), \(now))
            """,
            logger: logger
        )
        var result: [Int64] = []
        for try await value in rows.decode([Int64].self) { result = value }
        guard let first = result.first else { throw PostgresRateLimitStoreError(message: "tollgate_decide returned nothing") }
        if first >= 0 { return .denied(Int(first)) }
        return .taken(result.dropFirst().map { UInt64(max($0, 0)) })
    }

    /// `undefined_function` or `undefined_table`: the table or function is not there.
    static func isMissingSchema(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "42883" || state == "42P01"
    }

    /// A layer's settings as stored with its rows: a charge with other settings starts afresh.
    static func settings(_ limit: RateLimitLayer) -> String {
        switch limit {
        case .bucket(let rate, let burst): "bucket \(rate.numerator)/\(rate.denominator) \(burst)"
        case .quota(let policy):
            "quota \(policy.limit) \(policy.period.rawValue) \(policy.offset) \(policy.startDate) \(policy.weekStart.rawValue)"
        case .rateBased(let limit, let window, let countBlocked): "rule \(limit) \(window) \(countBlocked)"
        }
    }
}

struct PostgresRateLimitStoreError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
