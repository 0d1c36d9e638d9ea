import Foundation
public import TollgateGateway
public import TollgateJSON
import TollgateRateLimit

/// A stage's settings as the AWS CLI prints them, in one JSON file, so that a team can take them from
/// its real account and serve an export with them:
///
/// ```json
/// {"stage": <aws apigateway get-stage>, "usagePlans": <get-usage-plans>,
///  "apiKeys": <get-api-keys --include-values>, "usagePlanKeys": {"<usagePlanId>": <get-usage-plan-keys>}}
/// ```
///
/// Each member exactly as the CLI prints it (`items` arrays included; any member may be left out). From
/// the stage: `variables`, `methodSettings` throttling and caching (`*/*` for the stage, `~1pets/GET` per
/// method), `cacheClusterEnabled`, `cacheClusterSize` and `accessLogSettings.format`.
/// From the plans: each plan with an `apiStages` entry for the served stage (the API id is not compared),
/// its `throttle`, per-method `apiStages[].throttle` and `quota`. A key belongs to a plan through
/// `usagePlanKeys`; a disabled key (`"enabled": false`) is left out, so it answers 403 as on AWS.
public enum StageConfiguration {
    /// `stage` with the settings of the file at `path` applied (its variables first, then `stage`'s own).
    public static func apply(contentsOf path: String, to stage: Stage) throws(DefinitionError) -> Stage {
        try apply(try read(contentsOf: path), to: stage)
    }

    /// `stage` with the settings of a parsed configuration applied.
    public static func apply(_ document: JSONValue, to stage: Stage) throws(DefinitionError) -> Stage {
        func fail(_ pointer: String, _ message: String) -> DefinitionError { DefinitionError(location: pointer, message: message) }
        guard case .object = document else { throw fail("/", "a stage configuration is an object") }
        var stage = stage
        if let settings = document["stage"] {
            guard case .object = settings else { throw fail("/stage", "expected get-stage's object") }
            if case .object(let variables)? = settings["variables"] {
                var merged: [(String, String)] = []
                for (name, value) in variables {
                    guard let text = value.stringValue else { throw fail("/stage/variables/\(name)", "a stage variable is a string") }
                    if !stage.variables.contains(where: { $0.0 == name }) { merged.append((name, text)) }
                }
                stage.variables = merged + stage.variables
            }
            if let format = settings["accessLogSettings"]?["format"] {
                guard let text = format.stringValue else { throw fail("/stage/accessLogSettings/format", "a format is a string") }
                do {
                    stage.accessLogFormat = try AccessLogFormat(text)
                } catch {
                    throw fail("/stage/accessLogSettings/format", error.message)
                }
            }
            if let enabled = settings["cacheClusterEnabled"] {
                guard let flag = enabled.boolValue else { throw fail("/stage/cacheClusterEnabled", "cacheClusterEnabled is true or false") }
                stage.cacheClusterEnabled = flag
            }
            if let size = settings["cacheClusterSize"] {
                guard let text = size.stringValue ?? size.numberValue.map({ $0.description }) else {
                    throw fail("/stage/cacheClusterSize", "cacheClusterSize is a size in GB such as \"0.5\"")
                }
                stage.cacheClusterSize = text
            }
            if case .object(let methods)? = settings["methodSettings"] {
                for (key, value) in methods {
                    let at = "/stage/methodSettings/" + JSONPointer.escape(key)
                    let caching = try cacheSettings(value, at: at)
                    if key == "*/*" {
                        if caching != nil { stage.caching = caching }
                    } else if let caching {
                        stage.methodCaching[try methodKey(key, at: at)] = caching
                    }
                    guard let throttle = try throttle(value, rate: "throttlingRateLimit", burst: "throttlingBurstLimit", at: at) else { continue }
                    if key == "*/*" {
                        stage.throttle = throttle
                    } else {
                        stage.methodThrottle[try methodKey(key, at: at)] = throttle
                    }
                }
            }
        }
        // Keys by id: their values, and whether they are enabled.
        var keys: [String: (value: String, enabled: Bool)] = [:]
        for (index, key) in items(document["apiKeys"]).enumerated() {
            guard let id = key["id"]?.stringValue, let value = key["value"]?.stringValue else {
                throw fail("/apiKeys/items/\(index)", "an API key needs its id and value (get-api-keys --include-values)")
            }
            keys[id] = (value, key["enabled"]?.boolValue ?? true)
        }
        for (index, plan) in items(document["usagePlans"]).enumerated() {
            let at = "/usagePlans/items/\(index)"
            guard let id = plan["id"]?.stringValue else { throw fail(at, "a usage plan needs its id") }
            // The plan applies to the served stage only.
            guard let apiStage = items(plan["apiStages"], bare: true).first(where: { $0["stage"]?.stringValue == stage.name }) else { continue }
            var usagePlan = UsagePlan(name: plan["name"]?.stringValue ?? id, id: id, apiKeys: [:])
            usagePlan.throttle = try throttle(plan["throttle"], rate: "rateLimit", burst: "burstLimit", at: at + "/throttle")
            if case .object(let methods)? = apiStage["throttle"] {
                for (key, value) in methods {
                    if let settings = try throttle(value, rate: "rateLimit", burst: "burstLimit", at: at + "/apiStages/throttle") {
                        usagePlan.methodThrottle[key] = settings
                    }
                }
            }
            if let quota = plan["quota"], case .object = quota {
                guard let limit = quota["limit"]?.numberValue?.int64Value, limit >= 0,
                    let period = quota["period"]?.stringValue.flatMap({ QuotaPolicy.Period(rawValue: $0.uppercased()) })
                else { throw fail(at + "/quota", "a quota needs a limit and a period of DAY, WEEK or MONTH") }
                let offset = quota["offset"]?.numberValue?.int64Value ?? 0
                usagePlan.quota = QuotaPolicy(limit: UInt64(limit), period: period, offset: UInt64(max(offset, 0)))
            }
            for planKey in items(document["usagePlanKeys"]?[id]) {
                guard let keyId = planKey["id"]?.stringValue else { continue }
                let known = keys[keyId]
                guard known?.enabled ?? true, let value = known?.value ?? planKey["value"]?.stringValue else { continue }
                usagePlan.apiKeys[value] = keyId
            }
            stage.usagePlans.append(usagePlan)
        }
        return stage
    }

    /// `overlay` laid over `base` (both in this file's shape), as a `--stage-config` file over what a
    /// template declares: stage variables and method settings by name, plans and keys by `id`, a plan's
    /// keys by key `id`; the overlay wins where both say something.
    public static func merge(_ base: JSONValue, _ overlay: JSONValue) -> JSONValue {
        guard case .object(var out) = base, case .object(let top) = overlay else { return overlay }
        func union(_ a: JSONValue?, _ b: JSONValue?) -> JSONValue {
            var list = items(a)
            for item in items(b) {
                if let id = item["id"], let index = list.firstIndex(where: { $0["id"] == id }) { list[index] = item } else { list.append(item) }
            }
            return .object(["items": .array(list)])
        }
        func members(_ a: JSONValue?, _ b: JSONValue?) -> JSONValue {
            var object = a?.objectValue ?? JSONObject()
            for (key, value) in b?.objectValue ?? JSONObject() { object[key] = value }
            return .object(object)
        }
        for (key, value) in top {
            switch key {
            case "stage":
                var stage = out["stage"]?.objectValue ?? JSONObject()
                for (name, member) in value.objectValue ?? JSONObject() {
                    stage[name] = name == "variables" || name == "methodSettings" ? members(stage[name], member) : member
                }
                out["stage"] = .object(stage)
            case "usagePlans", "apiKeys": out[key] = union(out[key], value)
            case "usagePlanKeys":
                var plans = out[key]?.objectValue ?? JSONObject()
                for (plan, keys) in value.objectValue ?? JSONObject() { plans[plan] = union(plans[plan], keys) }
                out[key] = .object(plans)
            default: out[key] = value
            }
        }
        return .object(out)
    }

    /// Reads the JSON file at `path`.
    public static func read(contentsOf path: String) throws(DefinitionError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw DefinitionError(location: "", message: "cannot read \(path)") }
        do {
            return try JSONValue(parsing: [UInt8](data))
        } catch {
            throw DefinitionError(location: "\(error.line):\(error.column)", message: "\(path) is not valid JSON: \(error)")
        }
    }

    /// A CLI list: `{"items": [...]}` (or a bare array, as `apiStages` is).
    static func items(_ value: JSONValue?, bare: Bool = false) -> [JSONValue] {
        if case .array(let list)? = value { return list }
        if case .array(let list)? = value?["items"] { return list }
        return []
    }

    static func throttle(_ value: JSONValue?, rate: String, burst: String, at: String) throws(DefinitionError) -> ThrottleSettings? {
        guard let value, case .object = value else { return nil }
        guard let rateLimit = value[rate]?.numberValue?.doubleValue, let burstLimit = value[burst]?.numberValue?.int64Value else {
            if value[rate] == nil && value[burst] == nil { return nil }
            throw DefinitionError(location: at, message: "throttling needs \(rate) and \(burst)")
        }
        return ThrottleSettings(rateLimit: rateLimit, burstLimit: Int(burstLimit))
    }

    /// A method setting's cache members (`cachingEnabled`, `cacheTtlInSeconds`,
    /// `requireAuthorizationForCacheControl`, `unauthorizedCacheControlHeaderStrategy`); nil when it has none.
    static func cacheSettings(_ value: JSONValue, at: String) throws(DefinitionError) -> MethodCacheSettings? {
        var settings = MethodCacheSettings()
        if let enabled = value["cachingEnabled"] {
            guard let flag = enabled.boolValue else {
                throw DefinitionError(location: at + "/cachingEnabled", message: "cachingEnabled is true or false")
            }
            settings.cachingEnabled = flag
        }
        if let ttl = value["cacheTtlInSeconds"] {
            guard let seconds = ttl.numberValue?.int64Value else {
                throw DefinitionError(location: at + "/cacheTtlInSeconds", message: "cacheTtlInSeconds is a whole number of seconds")
            }
            settings.ttlInSeconds = Int(clamping: seconds)
        }
        if let require = value["requireAuthorizationForCacheControl"] {
            guard let flag = require.boolValue else {
                throw DefinitionError(
                    location: at + "/requireAuthorizationForCacheControl",
                    message: "requireAuthorizationForCacheControl is true or false"
                )
            }
            settings.requireAuthorizationForCacheControl = flag
        }
        if let strategy = value["unauthorizedCacheControlHeaderStrategy"] {
            guard let parsed = strategy.stringValue.flatMap({ UnauthorizedCacheControlHeaderStrategy(rawValue: $0.uppercased()) }) else {
                throw DefinitionError(
                    location: at + "/unauthorizedCacheControlHeaderStrategy",
                    message: "FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER or SUCCEED_WITHOUT_RESPONSE_HEADER"
                )
            }
            settings.unauthorizedCacheControlHeaderStrategy = parsed
        }
        return settings == MethodCacheSettings() ? nil : settings
    }

    /// `~1pets~1{id}/GET` (a methodSettings key, `/` escaped as `~1`) as `/pets/{id}/GET`.
    static func methodKey(_ key: String, at: String) throws(DefinitionError) -> String {
        guard let slash = key.lastIndex(of: "/") else { throw DefinitionError(location: at, message: "a methodSettings key is resourcePath/METHOD") }
        let path = JSONPointer.unescape(String(key[..<slash]))
        return path + key[slash...]
    }
}
