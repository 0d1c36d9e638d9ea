import ArgumentParser
import Logging
import TollgatePostgres
import TollgateRateLimit

/// Where `serve` keeps throttling and quota state: in the process (the default), or in PostgreSQL,
/// shared by every instance pointed at the same database and kept across restarts.
struct RateLimitStoreOptions: ParsableArguments {
    @Option(
        name: .customLong("rate-limit-store"),
        help: "Keep throttles and quotas in PostgreSQL, shared by every instance using it: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE."
    )
    var url: String?

    @Option(
        name: .customLong("rate-limit-store-unavailable"),
        help: "When the database cannot be reached in time: allow (let requests through, as API Gateway's best-effort limits) or deny (429)."
    )
    var whenUnavailable: String = "allow"

    @Option(name: .customLong("rate-limit-store-timeout"), help: "Seconds a decision waits for the database before that policy applies.")
    var timeout: Double = 1

    @Flag(
        name: .customLong("rate-limit-store-async-commit"),
        help:
            "Do not wait for the database's log to reach disk at each decision: faster on a hot stage-wide bucket; a database crash forgets its last ~600 ms."
    )
    var asyncCommit = false

    @Option(
        name: .customLong("rate-limit-store-batch"),
        help:
            "Lease stage-wide buckets in batches of N tokens per instance (bounded approximation: at most rate × 1 s over a shared bucket; off by default)."
    )
    var batch: UInt64?

    func validate() throws {
        guard PostgresRateLimitStore.UnavailablePolicy(rawValue: whenUnavailable) != nil else {
            throw ValidationError("--rate-limit-store-unavailable is allow or deny, not \(whenUnavailable)")
        }
        guard timeout > 0 else { throw ValidationError("--rate-limit-store-timeout is positive") }
        if let url {
            do {
                _ = try PostgresURL.configuration(url)
            } catch {
                throw ValidationError("--rate-limit-store \(error)")
            }
        }
    }

    /// The PostgreSQL store the options name, or nil for the in-process one.
    func postgres(logger: Logger) throws -> PostgresRateLimitStore? {
        guard let url else { return nil }
        var configuration = try PostgresRateLimitStore.Configuration(url: url, whenUnavailable: .init(rawValue: whenUnavailable) ?? .allow)
        configuration.decisionTimeout = .nanoseconds(Int64(timeout * 1e9))
        configuration.durableCommits = !asyncCommit
        configuration.sharedBucketBatch = batch
        return PostgresRateLimitStore(configuration: configuration, logger: logger)
    }
}
