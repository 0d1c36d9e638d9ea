public import TollgateGateway
public import TollgateJSON

/// The stages, usage plans and API keys a template declares, kept in the shape ``StageConfiguration``
/// reads (the AWS CLI's), so that a template's settings and a `--stage-config` file go through one
/// implementation and a file can add to or override what the template says.
extension CloudFormationLoader {
    /// A stage a template deploys: `AWS::ApiGateway::Stage`, a `Deployment`'s `StageName` with its
    /// `StageDescription`, or a SAM API's `StageName`.
    public struct DeclaredStage: Sendable {
        /// The stage's name (`StageName`).
        public var name: String
        /// The stage's variables, in the template's order.
        public var variables: [(String, String)]
        /// `MethodSettings` as `get-stage` prints them: `*/*` or `~1pets/GET` → `throttlingRateLimit`/`throttlingBurstLimit`.
        public var methodSettings: JSONObject
        /// The stage's other settings as `get-stage` prints them (`accessLogSettings`).
        public var settings: JSONObject

        /// A stage with these settings.
        public init(name: String, variables: [(String, String)] = [], methodSettings: JSONObject = JSONObject(), settings: JSONObject = JSONObject())
        {
            self.name = name
            self.variables = variables
            self.methodSettings = methodSettings
            self.settings = settings
        }
    }

    /// A Stage's (or a Deployment's `StageDescription`'s, or a SAM API's) settings other than variables
    /// and method settings, as `get-stage` prints them: `AccessLogSetting` as `accessLogSettings`,
    /// `CacheClusterEnabled` and `CacheClusterSize`. A format API Gateway would refuse fails the load
    /// here, where the template says it.
    static func stageSettings(_ properties: JSONValue?, at: String) throws(DefinitionError) -> JSONObject {
        var settings = JSONObject()
        if let enabled = properties?["CacheClusterEnabled"] { settings["cacheClusterEnabled"] = boolean(enabled) }
        if let size = properties?["CacheClusterSize"] { settings["cacheClusterSize"] = size }
        if let access = properties?["AccessLogSetting"], let format = access["Format"] {
            guard let text = format.stringValue else {
                throw DefinitionError(location: at + "/AccessLogSetting/Format", message: "a Format is a string")
            }
            do {
                _ = try AccessLogFormat(text)
            } catch {
                throw DefinitionError(location: at + "/AccessLogSetting/Format", message: error.message)
            }
            var members: JSONObject = ["format": .string(text)]
            if let destination = access["DestinationArn"]?.stringValue { members["destinationArn"] = .string(destination) }
            settings["accessLogSettings"] = .object(members)
        }
        return settings
    }

    /// `MethodSettings` of a Stage (or a Deployment's `StageDescription`, or a SAM API) as `get-stage`'s
    /// `methodSettings` map. The key is the `ResourcePath` without its first `/` (`/~1pets` → `~1pets`,
    /// `/*` → `*`, the root `/` → `~1`), then `/` and the `HttpMethod` ("AWS::ApiGateway::Stage
    /// MethodSetting" in the CloudFormation user guide).
    static func methodSettings(_ list: JSONValue?, at: String, warnings: inout [DefinitionError]) throws(DefinitionError) -> JSONObject {
        var out = JSONObject()
        guard let list else { return out }
        guard case .array(let items) = list else { throw DefinitionError(location: at, message: "MethodSettings is a list") }
        for (index, item) in items.enumerated() {
            let itemAt = at + "/\(index)"
            let path = item["ResourcePath"]?.stringValue ?? "/*"
            let method = item["HttpMethod"]?.stringValue ?? "*"
            guard path.hasPrefix("/") else {
                throw DefinitionError(location: itemAt + "/ResourcePath", message: "a ResourcePath starts with / (/~1pets, /*, or / for the root)")
            }
            let key = (path == "/" ? "~1" : String(path.dropFirst())) + "/" + (method == "*" ? "*" : method.uppercased())
            var settings = JSONObject()
            if let rate = item["ThrottlingRateLimit"] { settings["throttlingRateLimit"] = number(rate) }
            if let burst = item["ThrottlingBurstLimit"] { settings["throttlingBurstLimit"] = number(burst) }
            if let caching = item["CachingEnabled"] { settings["cachingEnabled"] = boolean(caching) }
            if let ttl = item["CacheTtlInSeconds"] { settings["cacheTtlInSeconds"] = number(ttl) }
            for ignored in ["LoggingLevel", "DataTraceEnabled", "MetricsEnabled"]
            where item[ignored] != nil && item[ignored] != .bool(false) {
                warnings.append(DefinitionError(location: itemAt + "/" + ignored, message: "\(ignored) is not applied"))
            }
            if !settings.isEmpty { out[key] = .object(settings) }
        }
        return out
    }

    /// A template boolean that may have been written as a string (`"true"`), as CloudFormation accepts.
    static func boolean(_ value: JSONValue) -> JSONValue {
        if case .string(let text) = value, let parsed = Bool(text.lowercased()) { return .bool(parsed) }
        return value
    }

    /// A template number that may have been written as a string (`"100"`), as CloudFormation accepts.
    static func number(_ value: JSONValue) -> JSONValue {
        if case .string(let text) = value, let parsed = JSONNumber(text) { return .number(parsed) }
        return value
    }

    static func variables(_ value: JSONValue?) -> [(String, String)] {
        (value?.objectValue ?? JSONObject()).map { ($0.key, $0.value.stringValue ?? $0.value.serialized()) }
    }

    /// The stages of `apiId` in a plain CloudFormation template, by logical id: `AWS::ApiGateway::Stage`
    /// resources, then `Deployment`s that name a stage no Stage resource declares.
    static func declaredStages(
        apiId: String,
        resources: JSONObject,
        resolver: inout Resolver,
        warnings: inout [DefinitionError]
    ) throws(DefinitionError) -> [DeclaredStage] {
        var stages: [DeclaredStage] = []
        for (id, resource) in resources.sorted(by: { $0.key < $1.key }) where resource["Type"]?.stringValue == "AWS::ApiGateway::Stage" {
            let at = "/Resources/\(id)/Properties"
            let properties = try resolver.resolve(resource["Properties"] ?? .object(JSONObject()), at: at)
            guard properties["RestApiId"]?.stringValue == apiId else { continue }
            guard let name = properties["StageName"]?.stringValue else { throw DefinitionError(location: at, message: "a Stage needs StageName") }
            if properties["CanarySetting"] != nil {
                warnings.append(
                    DefinitionError(location: at + "/CanarySetting", message: "the canary is not served: every request goes to the stage")
                )
            }
            stages.append(
                DeclaredStage(
                    name: name,
                    variables: variables(properties["Variables"]),
                    methodSettings: try methodSettings(properties["MethodSettings"], at: at + "/MethodSettings", warnings: &warnings),
                    settings: try stageSettings(properties, at: at)
                )
            )
        }
        for (id, resource) in resources.sorted(by: { $0.key < $1.key }) where resource["Type"]?.stringValue == "AWS::ApiGateway::Deployment" {
            let at = "/Resources/\(id)/Properties"
            let properties = try resolver.resolve(resource["Properties"] ?? .object(JSONObject()), at: at)
            guard properties["RestApiId"]?.stringValue == apiId, let name = properties["StageName"]?.stringValue,
                !stages.contains(where: { $0.name == name })
            else { continue }
            // "AWS::ApiGateway::Deployment StageDescription": the stage the deployment creates.
            let description = properties["StageDescription"]
            var settings = try methodSettings(description?["MethodSettings"], at: at + "/StageDescription/MethodSettings", warnings: &warnings)
            if settings["*/*"] == nil {
                // The description's stage-wide throttling and caching.
                var wide = JSONObject()
                if let rate = description?["ThrottlingRateLimit"], let burst = description?["ThrottlingBurstLimit"] {
                    wide["throttlingRateLimit"] = number(rate)
                    wide["throttlingBurstLimit"] = number(burst)
                }
                if let caching = description?["CachingEnabled"] { wide["cachingEnabled"] = boolean(caching) }
                if let ttl = description?["CacheTtlInSeconds"] { wide["cacheTtlInSeconds"] = number(ttl) }
                if !wide.isEmpty { settings["*/*"] = .object(wide) }
            }
            stages.append(
                DeclaredStage(
                    name: name,
                    variables: variables(description?["Variables"]),
                    methodSettings: settings,
                    settings: try stageSettings(description, at: at + "/StageDescription")
                )
            )
        }
        return stages
    }

    /// The template's `AWS::ApiGateway::UsagePlan`, `ApiKey` and `UsagePlanKey` resources as
    /// `get-usage-plans`, `get-api-keys --include-values` and `get-usage-plan-keys` print them (ids are
    /// logical ids). A plan keeps only its `ApiStages` of `apiId`; a key without `Value` has no
    /// `value` (AWS generates it: nobody knows it until it is given).
    static func declaredUsagePlans(apiId: String, resources: JSONObject, resolver: inout Resolver) throws(DefinitionError) -> JSONValue {
        var plans: [JSONValue] = []
        var keys: [JSONValue] = []
        var planKeys = JSONObject()
        for (id, resource) in resources.sorted(by: { $0.key < $1.key }) {
            let type = resource["Type"]?.stringValue
            guard type == "AWS::ApiGateway::UsagePlan" || type == "AWS::ApiGateway::ApiKey" || type == "AWS::ApiGateway::UsagePlanKey" else {
                continue
            }
            let at = "/Resources/\(id)/Properties"
            let properties = try resolver.resolve(resource["Properties"] ?? .object(JSONObject()), at: at)
            switch type {
            case "AWS::ApiGateway::UsagePlan":
                var stages: [JSONValue] = []
                for (index, stage) in (properties["ApiStages"]?.arrayValue ?? []).enumerated() where stage["ApiId"]?.stringValue == apiId {
                    guard let name = stage["Stage"]?.stringValue else {
                        throw DefinitionError(location: at + "/ApiStages/\(index)", message: "an ApiStage needs ApiId and Stage")
                    }
                    var entry: JSONObject = ["apiId": .string(apiId), "stage": .string(name)]
                    var throttles = JSONObject()
                    for (key, value) in stage["Throttle"]?.objectValue ?? JSONObject() { throttles[key] = planThrottle(value) }
                    if !throttles.isEmpty { entry["throttle"] = .object(throttles) }
                    stages.append(.object(entry))
                }
                plans.append(usagePlan(id: id, properties: properties, apiStages: stages))
            case "AWS::ApiGateway::ApiKey":
                // CreateApiKey's `enabled` defaults to false (the API Gateway API reference's model).
                var key: JSONObject = ["id": .string(id), "name": properties["Name"] ?? .string(id), "enabled": properties["Enabled"] ?? false]
                if let value = properties["Value"]?.stringValue { key["value"] = .string(value) }
                keys.append(.object(key))
            default:
                guard let plan = properties["UsagePlanId"]?.stringValue, let key = properties["KeyId"]?.stringValue else {
                    throw DefinitionError(location: at, message: "a UsagePlanKey needs UsagePlanId and KeyId")
                }
                var items = planKeys[plan]?["items"]?.arrayValue ?? []
                items.append(.object(["id": .string(key), "type": "API_KEY"]))
                planKeys[plan] = .object(["items": .array(items)])
            }
        }
        let document: JSONObject = [
            "usagePlans": .object(["items": .array(plans)]), "apiKeys": .object(["items": .array(keys)]), "usagePlanKeys": .object(planKeys),
        ]
        return .object(document)
    }

    /// A usage plan as `get-usage-plans` prints it, from a template's `UsagePlan` properties (SAM's
    /// `Auth.UsagePlan` has the same `Quota`, `Throttle` and `UsagePlanName`).
    static func usagePlan(id: String, properties: JSONValue, apiStages: [JSONValue]) -> JSONValue {
        var plan: JSONObject = ["id": .string(id), "name": properties["UsagePlanName"] ?? .string(id), "apiStages": .array(apiStages)]
        if let throttle = properties["Throttle"] { plan["throttle"] = planThrottle(throttle) }
        if let quota = properties["Quota"] {
            var out = JSONObject()
            if let limit = quota["Limit"] { out["limit"] = number(limit) }
            if let period = quota["Period"] { out["period"] = period }
            if let offset = quota["Offset"] { out["offset"] = number(offset) }
            plan["quota"] = .object(out)
        }
        return .object(plan)
    }

    static func planThrottle(_ value: JSONValue) -> JSONValue {
        var out = JSONObject()
        if let rate = value["RateLimit"] { out["rateLimit"] = number(rate) }
        if let burst = value["BurstLimit"] { out["burstLimit"] = number(burst) }
        return .object(out)
    }
}

extension CloudFormationLoader.Template {
    /// The settings the template declares for the stage named `name` (the first declared stage when
    /// nil), in ``StageConfiguration``'s shape: the stage's variables and method settings, the usage
    /// plans, and the API keys, with `apiKeyValues` (logical id → value) as the values of keys the
    /// template declares (those still without a value are left out). A key id that is no key of the
    /// template is an error.
    public func configuration(stage name: String? = nil, apiKeyValues: [String: String] = [:]) throws(DefinitionError) -> JSONValue {
        var document = usagePlans.objectValue ?? JSONObject()
        var keys = document["apiKeys"]?["items"]?.arrayValue ?? []
        for (id, value) in apiKeyValues.sorted(by: { $0.key < $1.key }) {
            guard let index = keys.firstIndex(where: { $0["id"]?.stringValue == id }), case .object(var key) = keys[index] else {
                let known = keys.compactMap { $0["id"]?.stringValue }.sorted()
                throw DefinitionError(location: "", message: "no API key \(id) in the template (its keys: \(known.joined(separator: ", ")))")
            }
            key["value"] = .string(value)
            keys[index] = .object(key)
        }
        document["apiKeys"] = .object(["items": .array(keys.filter { $0["value"] != nil })])
        if let declared = name.map({ n in stages.first { $0.name == n } }) ?? stages.first {
            var stage = declared.settings
            stage["variables"] = .object(JSONObject(uniqueKeysWithValues: declared.variables.map { ($0.0, JSONValue.string($0.1)) }))
            stage["methodSettings"] = .object(declared.methodSettings)
            document["stage"] = .object(stage)
        }
        return .object(document)
    }

    /// A `Stage` named `name` (default: the template's first stage, else `prod`) with the template's
    /// settings for it applied.
    public func stage(
        named name: String? = nil,
        region: String = "us-east-1",
        apiKeyValues: [String: String] = [:]
    ) throws(DefinitionError) -> Stage {
        let stageName = name ?? stageName ?? "prod"
        return try StageConfiguration.apply(configuration(stage: stageName, apiKeyValues: apiKeyValues), to: Stage(name: stageName, region: region))
    }

    /// The logical ids of the API keys the template declares without a `Value` (AWS generates theirs):
    /// until a value is given (``configuration(stage:apiKeyValues:)``), no request is accepted with them.
    public var keysWithoutValue: [String] {
        (usagePlans["apiKeys"]?["items"]?.arrayValue ?? []).filter { $0["value"] == nil }.compactMap { $0["id"]?.stringValue }
    }
}
