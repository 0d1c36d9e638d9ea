import ArgumentParser
import Foundation
import TollgateJSON
import TollgateRateLimit

/// `tollgate throttle`: replays recorded traffic against a throttling setting.
struct ThrottleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throttle",
        abstract: "Replay recorded traffic against a throttle, quota or rate-based rule; prints allow or deny per event.",
        discussion: """
            CONFIG is one of {"rateLimit": 10, "burstLimit": 5}, \
            {"quota": {"limit": 3, "period": "DAY", "offset": 0, "startDate": 1710410400, "weekStart": "SUNDAY"}} or \
            {"rateBased": {"limit": 2000, "windowSeconds": 300, "countBlocked": false}}. Each TRACE line is \
            {"t": <seconds since the epoch, up to 9 decimals>, "key": "...", "cost": 1}; events are taken in file order \
            (a t lower than an earlier one is a clock going backwards). Standard input when no TRACE is given.

            Example: echo '{"rateLimit": 1, "burstLimit": 1}' > limits.json; \
            printf '{"t": 0}\\n{"t": 0.5}\\n{"t": 1}\\n' | tollgate throttle --config limits.json
            """
    )

    @Option(help: "The throttling setting (JSON file).")
    var config: String

    @Argument(help: "The recorded traffic (JSON lines); standard input when omitted.")
    var trace: String = "-"

    enum Limiter {
        case buckets(KeyedTokenBuckets<String>)
        case quota(UsagePlanQuota<String>)
        case rule(RateBasedRule<String>)

        func decide(_ key: String, cost: UInt64, at now: Int64) -> Bool {
            switch self {
            case .buckets(let b): b.tryTake(key, cost: cost, at: now)
            case .quota(let q): q.tryTake(key, cost: cost, at: now)
            case .rule(let r): (0..<max(cost, 1)).allSatisfy { _ in r.allow(key, at: now) }
            }
        }
    }

    static func fail(_ message: String) -> ExitCode {
        printError(message)
        return ExitCode(2)
    }

    static func unsigned(_ value: JSONValue?, _ name: String) throws -> UInt64 {
        guard let n = value?.numberValue, n.isIntegral, let i = n.int64Value, i >= 0 else { throw fail("\(name): expected a non-negative integer") }
        return UInt64(i)
    }

    func limiter() throws -> Limiter {
        let file = try InputFile.read(config)
        let json: JSONValue
        do { json = try JSONValue(parsing: file.bytes) } catch {
            throw Self.fail("\(config):\(error.line):\(error.column): \(error.reason)")
        }
        if let rate = json["rateLimit"] {
            guard case .number(let n) = rate, let parsed = Rate(n.lexeme) else {
                throw Self.fail("rateLimit: expected a non-negative number with at most 9 decimals")
            }
            return .buckets(KeyedTokenBuckets(rate: parsed, burst: try Self.unsigned(json["burstLimit"], "burstLimit")))
        }
        if let quota = json["quota"] {
            guard let period = quota["period"]?.stringValue.flatMap(QuotaPolicy.Period.init(rawValue:)) else {
                throw Self.fail("quota.period: expected DAY, WEEK or MONTH")
            }
            var weekStart = QuotaPolicy.Weekday.sunday
            if let name = quota["weekStart"] {
                guard let day = name.stringValue.flatMap(QuotaPolicy.Weekday.init(rawValue:)) else {
                    throw Self.fail("quota.weekStart: expected a weekday name")
                }
                weekStart = day
            }
            let policy = QuotaPolicy(
                limit: try Self.unsigned(quota["limit"], "quota.limit"),
                period: period,
                offset: quota["offset"] == nil ? 0 : try Self.unsigned(quota["offset"], "quota.offset"),
                startDate: quota["startDate"]?.numberValue?.int64Value ?? 0,
                weekStart: weekStart
            )
            return .quota(UsagePlanQuota(policy: policy))
        }
        if let rule = json["rateBased"] {
            let limit = try Self.unsigned(rule["limit"], "rateBased.limit")
            let window = try Self.unsigned(rule["windowSeconds"], "rateBased.windowSeconds")
            return .rule(
                RateBasedRule(limit: Int(limit), window: Int64(window) * 1_000_000_000, countBlocked: rule["countBlocked"]?.boolValue ?? false)
            )
        }
        throw Self.fail("\(config): expected rateLimit and burstLimit, quota, or rateBased")
    }

    /// Seconds with up to 9 decimals as exact nanoseconds.
    static func nanoseconds(_ n: JSONNumber) -> Int64? {
        guard let d = n.smallDecimal else { return nil }
        var value = Int64(d.significand)
        var exponent = d.exponent + 9
        if exponent < 0 { return nil }
        while exponent > 0 {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = m
            exponent -= 1
        }
        return d.negative ? -value : value
    }

    func run() throws {
        let limiter = try limiter()
        let input = try InputFile.read(trace)
        var out = ""
        var allowed = 0
        var denied = 0
        for (number, line) in input.bytes.split(separator: UInt8(ascii: "\n")).enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
            let event: JSONValue
            do { event = try JSONValue(parsing: line) } catch {
                throw Self.fail("\(input.name):\(number + 1):\(error.column): \(error.reason)")
            }
            guard let t = event["t"]?.numberValue, let now = Self.nanoseconds(t) else {
                throw Self.fail("\(input.name):\(number + 1): \"t\" must be seconds since the epoch with at most 9 decimals")
            }
            let key = event["key"]?.stringValue ?? ""
            let cost = event["cost"] == nil ? 1 : try Self.unsigned(event["cost"], "\(input.name):\(number + 1): cost")
            if limiter.decide(key, cost: cost, at: now) {
                allowed += 1
                out += "allow\n"
            } else {
                denied += 1
                out += "deny\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        printError("\(allowed + denied) events: \(allowed) allowed, \(denied) denied")
    }
}
