import ArgumentParser
import Foundation
import Logging
import TollgatePostgres
import TollgateRateLimit

extension BenchCommand {
    /// `tollgate bench store`: rate-limit decisions per second, and their latency, from one process.
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time rate-limit decisions from this process: in memory, or against a shared PostgreSQL store.",
            discussion: """
                Runs --concurrency loops for --seconds, each deciding the gateway's layers for a request with a usage-plan \
                key (the key's bucket and quota, then the stage's method bucket), keys drawn from --keys, limits high \
                enough that decisions are allowed (or a stage bucket of --stage-rate and --stage-burst, to count what it allows). Prints {"store", "concurrency", "decisions", "seconds", "per_sec", \
                "p50_us", "p99_us", "allowed"}. Start several processes with one --start-at to measure instances sharing \
                the database.

                Example: tollgate bench store --rate-limit-store postgres://tollgate@127.0.0.1/limits --concurrency 16 --seconds 5
                """
        )

        @OptionGroup var rateLimits: RateLimitStoreOptions

        @Option(help: "Decisions in flight at once.")
        var concurrency: Int = 16

        @Option(help: "How many distinct API keys the requests use.")
        var keys: Int = 1000

        @Option(help: "How long to measure, in seconds.")
        var seconds: Double = 5

        @Option(name: .customLong("stage-rate"), help: "The stage bucket's rate (default: high enough to allow every decision).")
        var stageRate: String = "10000000"

        @Option(name: .customLong("stage-burst"), help: "The stage bucket's burst.")
        var stageBurst: UInt64 = 10_000_000

        @Option(name: .customLong("start-at"), help: "Start measuring at this time (milliseconds since the epoch), to line up processes.")
        var startAt: Int64?

        func validate() throws {
            guard concurrency > 0, keys > 0, seconds > 0, seconds <= 3600 else {
                throw ValidationError("--concurrency and --keys are positive, --seconds more than 0 and at most 3600")
            }
            guard Rate(stageRate) != nil else { throw ValidationError("--stage-rate is a decimal of at most nine places") }
        }

        func run() async throws {
            var logger = Logger(label: "tollgate")
            logger.logLevel = .error
            let postgres = try rateLimits.postgres(logger: logger)
            let store: any RateLimitStore = postgres ?? InMemoryRateLimitStore()
            let bucket = RateLimitLayer.bucket(rate: Rate(1_000_000), burst: 1_000_000)
            let quota = RateLimitLayer.quota(QuotaPolicy(limit: 1_000_000_000_000, period: .month))
            let stage = RateLimitLayer.bucket(rate: Rate(stageRate)!, burst: stageBurst)
            let keys = (0..<keys).map { "bench-key-\($0)" }
            let concurrency = concurrency
            let seconds = seconds
            let startAt = startAt
            @Sendable func measure() async throws -> ([Int64], Int) {
                if let startAt {
                    let wait = startAt - Int64(Date().timeIntervalSince1970 * 1000)
                    if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
                }
                let deadline = ContinuousClock.now + .nanoseconds(Int64(seconds * 1e9))
                var workers: [Task<([Int64], Int), any Error>] = []
                for worker in 0..<concurrency {
                    workers.append(
                        Task {
                            var latencies: [Int64] = []
                            var allowed = 0
                            var index = worker
                            while ContinuousClock.now < deadline {
                                index = (index &* 1_103_515_245 &+ 12_345) & 0x7fff_ffff
                                let key = keys[index % keys.count]
                                let charges = [
                                    RateLimitCharge(layer: "bench/plan/throttle", limit: bucket, key: key),
                                    RateLimitCharge(layer: "bench/plan/quota", limit: quota, key: key),
                                    RateLimitCharge(layer: "bench/stage/\(stageRate)/\(stageBurst)", limit: stage),
                                ]
                                let start = ContinuousClock.now
                                let now = Int64(Date().timeIntervalSince1970 * 1e9)
                                if try await store.take(charges, at: now).isAllowed { allowed += 1 }
                                let elapsed = (ContinuousClock.now - start).components
                                latencies.append(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
                            }
                            return (latencies, allowed)
                        }
                    )
                }
                var all: [Int64] = []
                var allowed = 0
                for worker in workers {
                    let (latencies, count) = try await worker.value
                    all += latencies
                    allowed += count
                }
                return (all.sorted(), allowed)
            }
            let result =
                if let postgres {
                    try await postgres.withRunning {
                        try await postgres.migrate()
                        return try await measure()
                    }
                } else {
                    try await measure()
                }
            let (latencies, allowed) = result
            func percentile(_ p: Double) -> Double {
                latencies.isEmpty ? 0 : Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1000
            }
            let rounded = { (value: Double) in (value * 10).rounded() / 10 }
            print(
                #"{"store":"\#(postgres == nil ? "memory" : "postgres")","concurrency":\#(concurrency),"decisions":\#(latencies.count),"#
                    + #""seconds":\#(seconds),"per_sec":\#(Int(Double(latencies.count) / seconds)),"#
                    + #""p50_us":\#(rounded(percentile(0.5))),"p99_us":\#(rounded(percentile(0.99))),"allowed":\#(allowed)}"#
            )
        }
    }
}
