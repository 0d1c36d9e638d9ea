import TollgateJSON

/// How one method uses the stage cache, worked out when the gateway is made from the stage's
/// settings and the integration's `cacheKeyParameters` and `cacheNamespace`.
struct CachePolicy: Sendable {
    let ttlSeconds: Int
    /// What entries are filed under beside the key parameters: the namespace (the resource's id by
    /// default, so that methods naming one namespace share entries) and the HTTP method.
    let prefix: String
    /// The key parameters, each with where its value is read.
    let keys: [(name: String, source: MappingSource)]
    let requireAuthorization: Bool
    let strategy: UnauthorizedCacheControlHeaderStrategy

    var ttlNanoseconds: Int64 { Int64(ttlSeconds) * 1_000_000_000 }

    /// The method's policy; nil when the stage has no cache, the method's caching is off, or its TTL
    /// is 0. A TTL past 3,600 seconds, or a key parameter no request has, fails the load, as
    /// `UpdateStage` and `PutIntegration` refuse them.
    init?(
        stage: Stage,
        httpMethod: String,
        methodKey: String,
        resourceId: String,
        integration: Integration,
        requestParameters: [(target: IntegrationRequestTarget, source: MappingSource)]
    ) throws(DefinitionError) {
        // Cache keys are read at load even when nothing is cached: a bad one is a bad definition.
        var keys: [(name: String, source: MappingSource)] = []
        for (index, name) in integration.cacheKeyParameters.enumerated() {
            let at = integration.location + "/cacheKeyParameters/\(index)"
            if name.hasPrefix("method.request.") {
                let source = MappingSource(name)
                switch source {
                case .requestPath, .requestQuery, .requestHeader, .requestMultiValueQuery, .requestMultiValueHeader: keys.append((name, source))
                default:
                    throw DefinitionError(
                        location: at,
                        message: "a cache key is a method.request.{path|querystring|header}.NAME or integration.request.… parameter, found \(name)"
                    )
                }
            } else if let target = IntegrationRequestTarget(name) {
                // An integration parameter's value is what its mapping gives it.
                let source = requestParameters.first { Self.same($0.target, target) }?.source ?? .nothing
                keys.append((name, source))
            } else {
                throw DefinitionError(
                    location: at,
                    message: "a cache key is a method.request.{path|querystring|header}.NAME or integration.request.… parameter, found \(name)"
                )
            }
        }
        let own = stage.methodCaching[methodKey]
        let wide = stage.caching
        let at =
            own?.ttlInSeconds != nil
            ? "stage \(stage.name)/methodSettings/\(JSONPointer.escape(String(methodKey.dropFirst())))" : "stage \(stage.name)/methodSettings/*~1*"
        let ttl = own?.ttlInSeconds ?? wide?.ttlInSeconds ?? 300
        guard (0...3600).contains(ttl) else {
            throw DefinitionError(location: at + "/caching/ttlInSeconds", message: "a cache TTL is 0 to 3600 seconds, found \(ttl)")
        }
        // Stage-wide caching covers GET only; another method needs a setting of its own.
        let enabled = own?.cachingEnabled ?? (httpMethod == "GET" ? wide?.cachingEnabled ?? false : false)
        guard stage.cacheClusterEnabled, enabled, ttl > 0, integration.type != .mock else { return nil }
        ttlSeconds = ttl
        prefix = (integration.cacheNamespace ?? resourceId) + "\u{1F}" + httpMethod
        self.keys = keys
        requireAuthorization = own?.requireAuthorizationForCacheControl ?? wide?.requireAuthorizationForCacheControl ?? true
        strategy = own?.unauthorizedCacheControlHeaderStrategy ?? wide?.unauthorizedCacheControlHeaderStrategy ?? .succeedWithResponseHeader
    }

    static func same(_ a: IntegrationRequestTarget, _ b: IntegrationRequestTarget) -> Bool {
        switch (a, b) {
        case (.header(let x), .header(let y)): x == y
        case (.querystring(let x), .querystring(let y)), (.path(let x), .path(let y)): x == y
        default: false
        }
    }
}
