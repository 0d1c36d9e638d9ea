public import TollgateRateLimit

/// A deployment stage: its name, variables, throttling and API keys.
public struct Stage: Sendable {
    /// `$context.stage`, and the stage part of method ARNs.
    public var name: String
    /// `$stageVariables`, in order.
    public var variables: [(String, String)]
    /// Stage-wide method throttling (`methodSettings["*/*"]`); nil for none.
    public var throttle: ThrottleSettings?
    /// Per-method throttling by `resourcePath/METHOD` (`/orders/POST`), overriding ``throttle``.
    public var methodThrottle: [String: ThrottleSettings]
    /// API keys with no usage-plan limits: key value → key id (`$context.identity.apiKeyId`).
    public var apiKeys: [String: String]
    /// Usage plans attached to the stage: their keys, throttling and quotas (docs/behaviour.md §10).
    public var usagePlans: [UsagePlan]
    /// `$context.accountId`: the API owner's account, in method ARNs too.
    public var accountId: String
    /// `$context.apiId`: the REST API's id, in method ARNs and rate-limit layers too.
    public var apiId: String
    /// The API's region: method ARNs, SigV4 credential scopes.
    public var region: String
    /// `requestContext.deploymentId` of the proxy event; by default a stable id made from the API id and stage.
    public var deploymentId: String
    /// `accessLogSettings.format`: when set, every request's ``GatewayResult/accessLog`` is its entry.
    public var accessLogFormat: AccessLogFormat?
    /// `cacheClusterEnabled`: whether the stage has a response cache; methods cache only when their
    /// settings (``caching``, ``methodCaching``) enable it.
    public var cacheClusterEnabled = false
    /// `cacheClusterSize`, in GB (one of ``CacheClusterSize/allowed``): what the cache holds at most.
    public var cacheClusterSize = "0.5"
    /// Stage-wide cache settings (`methodSettings["*/*"]`).
    public var caching: MethodCacheSettings?
    /// Per-method cache settings by `resourcePath/METHOD` (`/pets/GET`), over ``caching``.
    public var methodCaching: [String: MethodCacheSettings] = [:]

    /// A stage with these settings; every member has a default.
    public init(
        name: String = "prod",
        variables: [(String, String)] = [],
        throttle: ThrottleSettings? = nil,
        methodThrottle: [String: ThrottleSettings] = [:],
        apiKeys: [String: String] = [:],
        usagePlans: [UsagePlan] = [],
        accountId: String = "123456789012",
        apiId: String = "tollgate",
        region: String = "us-east-1",
        deploymentId: String? = nil,
        accessLogFormat: AccessLogFormat? = nil
    ) {
        self.name = name
        self.variables = variables
        self.throttle = throttle
        self.methodThrottle = methodThrottle
        self.apiKeys = apiKeys
        self.usagePlans = usagePlans
        self.accountId = accountId
        self.apiId = apiId
        self.region = region
        var hash: UInt32 = 2_166_136_261
        for b in "\(apiId)/\(name)".utf8 { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        self.deploymentId = deploymentId ?? String(String(hash, radix: 36).suffix(6))
        self.accessLogFormat = accessLogFormat
    }
}

/// A usage plan (docs/behaviour.md §10): per-key throttling (with per-method overrides such as `/pets/GET`) and a quota.
/// It applies to methods that require an API key; a key must belong to a plan (or ``Stage/apiKeys``).
public struct UsagePlan: Sendable {
    /// The plan's name (`UsagePlanName`).
    public var name: String
    /// The plan's id (`usagePlanId`): what its throttle and quota layers are named by (default: the name).
    public var id: String
    /// Key value → key id.
    public var apiKeys: [String: String]
    /// The per-key throttle of the plan (nil: none).
    public var throttle: ThrottleSettings?
    /// Per-method throttles by `/path/METHOD`, over throttle.
    public var methodThrottle: [String: ThrottleSettings]
    /// The per-key quota (nil: none).
    public var quota: QuotaPolicy?

    /// A plan with these keys and limits.
    public init(
        name: String,
        id: String? = nil,
        apiKeys: [String: String],
        throttle: ThrottleSettings? = nil,
        methodThrottle: [String: ThrottleSettings] = [:],
        quota: QuotaPolicy? = nil
    ) {
        self.name = name
        self.id = id ?? name
        self.apiKeys = apiKeys
        self.throttle = throttle
        self.methodThrottle = methodThrottle
        self.quota = quota
    }
}

extension UsagePlan {
    /// The rate-limit layer of the plan's per-key throttle (`method` is a `/path/METHOD` override).
    /// Named by the plan, not the API: a plan covers every API stage it lists, so a key's counts are
    /// one across them.
    public func throttleLayer(method: String? = nil) -> String { "usage-plan/\(id)/throttle" + (method ?? "") }

    /// The rate-limit layer of the plan's per-key quota.
    public var quotaLayer: String { "usage-plan/\(id)/quota" }
}

/// A token bucket's settings: `rateLimit` requests a second refill a bucket of `burstLimit` (docs/behaviour.md §10).
public struct ThrottleSettings: Sendable, Hashable {
    /// Requests a second the bucket refills with.
    public var rateLimit: Double
    /// The bucket's size: how many requests may arrive at once.
    public var burstLimit: Int

    /// A bucket of `burstLimit` refilled at `rateLimit` a second.
    public init(rateLimit: Double, burstLimit: Int) {
        self.rateLimit = rateLimit
        self.burstLimit = burstLimit
    }
}
