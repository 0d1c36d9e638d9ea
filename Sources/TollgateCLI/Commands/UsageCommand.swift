import ArgumentParser
import Foundation
import Logging
import TollgateGateway
import TollgateJSON
import TollgatePostgres
import TollgateRateLimit

/// `tollgate usage`: a key's quota use in the shared store, as `aws apigateway get-usage` reports it.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Print an API key's quota use in a shared rate-limit store (what aws apigateway get-usage reports).",
        discussion: """
            For each usage plan of the definition that holds the key (its value or its id) and has a quota, one JSON \
            line: {"usagePlanId", "keyId", "startDate", "endDate", "items": {KEY_ID: [[used, remaining]]}, "limit", \
            "period", "used", "remaining", "resetsAt"}, for the period containing now (UTC). Exit status 1 when no \
            plan with a quota holds the key.

            Example: tollgate usage api.yaml --key my-key-value --rate-limit-store postgres://tollgate@127.0.0.1/limits
            """
    )

    @OptionGroup var api: APIOptions

    @Option(help: "The API key: its value, or its id.")
    var key: String

    @Option(name: .customLong("rate-limit-store"), help: "The PostgreSQL database tollgate serve --rate-limit-store counts in.")
    var url: String

    @Option(help: "The time to report for, seconds since the epoch (default: now).")
    var at: Int64?

    func run() async throws {
        let gateway = try api.gatewayOrExit()
        let plans = gateway.stage.usagePlans.compactMap { plan -> (UsagePlan, String, QuotaPolicy)? in
            guard let quota = plan.quota else { return nil }
            if plan.apiKeys[key] != nil { return (plan, key, quota) }
            if let value = plan.apiKeys.first(where: { $0.value == key })?.key { return (plan, value, quota) }
            return nil
        }
        guard !plans.isEmpty else {
            printError("tollgate usage: no usage plan with a quota holds the key \(key)")
            throw ExitCode(1)
        }
        let store: PostgresRateLimitStore
        do {
            store = PostgresRateLimitStore(configuration: try .init(url: url), logger: quietLogger())
        } catch {
            throw ValidationError("--rate-limit-store \(error)")
        }
        let now = (at ?? Int64(Date().timeIntervalSince1970)) * 1_000_000_000
        let lines = try await store.withRunning {
            var lines: [String] = []
            for (plan, value, quota) in plans {
                let usage = try await store.usage(layer: plan.quotaLayer, policy: quota, key: value, at: now)
                let keyId = plan.apiKeys[value] ?? value
                let used = JSONValue.number(JSONNumber(Int64(usage.used)))
                let remaining = JSONValue.number(JSONNumber(Int64(usage.remaining)))
                var line = JSONObject()
                line["usagePlanId"] = .string(plan.id)
                line["keyId"] = .string(keyId)
                line["startDate"] = .string(Self.date(usage.periodStart))
                // get-usage's endDate is the period's last day.
                line["endDate"] = .string(Self.date(usage.periodEnd - 86_400))
                var items = JSONObject()
                items[keyId] = .array([.array([used, remaining])])
                line["items"] = .object(items)
                line["limit"] = .number(JSONNumber(Int64(quota.limit)))
                line["period"] = .string(quota.period.rawValue)
                line["used"] = used
                line["remaining"] = remaining
                line["resetsAt"] = .string(Self.date(usage.periodEnd) + "T00:00:00Z")
                lines.append(JSONValue.object(line).serialized())
            }
            return lines
        }
        for line in lines { print(line) }
    }

    /// `YYYY-MM-DD` (UTC) of seconds since the epoch, as get-usage writes its dates.
    static func date(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

/// `tollgate db migrate`: creates the shared rate-limit store's table and function.
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the PostgreSQL database of a shared rate-limit store.",
        subcommands: [Migrate.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the rate-limit store's table and function (serve also does on first use; running it again changes nothing).",
            discussion: "Example: tollgate db migrate postgres://tollgate@127.0.0.1/limits?sslmode=disable"
        )

        @Argument(help: "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        var url: String

        func run() async throws {
            let store: PostgresRateLimitStore
            do {
                store = PostgresRateLimitStore(configuration: try .init(url: url), logger: quietLogger())
            } catch {
                throw ValidationError("\(error)")
            }
            do {
                try await store.withRunning { try await store.migrate() }
            } catch {
                printError("tollgate db migrate: \(String(reflecting: error))")
                throw ExitCode(1)
            }
            print("migrated \(url)")
        }
    }
}

/// A logger for one-shot commands: the pool's retries (info) are not shown, failures are.
func quietLogger() -> Logger {
    var logger = Logger(label: "tollgate")
    logger.logLevel = .warning
    return logger
}
