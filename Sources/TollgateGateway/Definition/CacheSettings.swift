/// A stage's response cache settings for one method, or for every method (`methodSettings` in
/// `get-stage`: `*/*/caching/enabled`, `…/caching/ttlInSeconds`,
/// `…/caching/requireAuthorizationForCacheControl`, `…/caching/unauthorizedCacheControlHeaderStrategy`).
/// Unset members fall back to the stage-wide settings, then to API Gateway's defaults.
public struct MethodCacheSettings: Sendable, Hashable {
    /// Whether the method's endpoint responses are cached. Stage-wide, it applies to `GET` methods only;
    /// another method is cached only by a setting of its own ("Enabling API caching to enhance
    /// responsiveness" in the API Gateway developer guide).
    public var cachingEnabled: Bool?
    /// Seconds a response is kept: 0 to 3,600, 300 by default, 0 caches nothing.
    public var ttlInSeconds: Int?
    /// Whether `Cache-Control: max-age=0` needs an authorized caller to invalidate an entry (default true).
    public var requireAuthorizationForCacheControl: Bool?
    /// What an unauthorized `Cache-Control: max-age=0` gets (default ``UnauthorizedCacheControlHeaderStrategy/succeedWithResponseHeader``).
    public var unauthorizedCacheControlHeaderStrategy: UnauthorizedCacheControlHeaderStrategy?

    /// Settings with every member optional; unset members fall back as the type describes.
    public init(
        cachingEnabled: Bool? = nil,
        ttlInSeconds: Int? = nil,
        requireAuthorizationForCacheControl: Bool? = nil,
        unauthorizedCacheControlHeaderStrategy: UnauthorizedCacheControlHeaderStrategy? = nil
    ) {
        self.cachingEnabled = cachingEnabled
        self.ttlInSeconds = ttlInSeconds
        self.requireAuthorizationForCacheControl = requireAuthorizationForCacheControl
        self.unauthorizedCacheControlHeaderStrategy = unauthorizedCacheControlHeaderStrategy
    }
}

/// How API Gateway answers a `Cache-Control: max-age=0` from a caller not authorized to invalidate.
public enum UnauthorizedCacheControlHeaderStrategy: String, Sendable, Hashable {
    /// 403.
    case failWith403 = "FAIL_WITH_403"
    /// The header is ignored (the cached response is served) and the response says so in a `Warning` header.
    case succeedWithResponseHeader = "SUCCEED_WITH_RESPONSE_HEADER"
    /// The header is ignored.
    case succeedWithoutResponseHeader = "SUCCEED_WITHOUT_RESPONSE_HEADER"
}

/// The cache sizes a stage may declare (`cacheClusterSize`, in GB, as `CreateStage` takes them).
public enum CacheClusterSize {
    /// The sizes `CreateStage` accepts, as it writes them.
    public static let allowed = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]

    /// The size in bytes (GiB as the cache instances are sized), nil for a size API Gateway does not offer.
    public static func bytes(_ size: String) -> Int? {
        guard allowed.contains(size), let gigabytes = Double(size) else { return nil }
        return Int(gigabytes * 1_073_741_824)
    }
}
