public import CoreMetrics

/// API Gateway's CloudWatch metrics ("Amazon API Gateway dimensions and metrics" in the developer
/// guide), emitted through swift-metrics to whatever backend the program bootstraps (the `tollgate`
/// tool exports them in Prometheus' text format):
///
/// | Label | Kind | Value |
/// |---|---|---|
/// | `apigateway_Count` | counter | requests |
/// | `apigateway_4XXError`, `apigateway_5XXError` | counter | requests answered with a 4xx, a 5xx |
/// | `apigateway_Latency` | recorder (histogram), ms | from the request's arrival to its response |
/// | `apigateway_IntegrationLatency` | recorder (histogram), ms | the integration call, when one was made |
/// | `apigateway_CacheHitCount`, `apigateway_CacheMissCount` | counter | stage cache lookups, for methods that cache |
///
/// Each with the dimensions `ApiName`, `Stage`, `Resource` and `Method` (CloudWatch's finest, which
/// sum to its per-API and per-stage figures); a request no method matched has an empty `Resource`
/// and `Method`.
public enum GatewayMetricLabel {
    /// Requests (`Count`).
    public static let count = "apigateway_Count"
    /// Requests answered with a 4xx (`4XXError`).
    public static let clientError = "apigateway_4XXError"
    /// Requests answered with a 5xx (`5XXError`).
    public static let serverError = "apigateway_5XXError"
    /// Milliseconds from a request's arrival to its response (`Latency`).
    public static let latency = "apigateway_Latency"
    /// Milliseconds of the integration call (`IntegrationLatency`).
    public static let integrationLatency = "apigateway_IntegrationLatency"
    /// Requests the stage cache answered (`CacheHitCount`).
    public static let cacheHitCount = "apigateway_CacheHitCount"
    /// Requests of caching methods the cache could not answer (`CacheMissCount`).
    public static let cacheMissCount = "apigateway_CacheMissCount"
}

/// The metric handles of one method (or of the requests no method matched), made once when the
/// gateway is: a request only updates them.
final class MethodMetrics: Sendable {
    let count: Counter
    let clientErrors: Counter
    let serverErrors: Counter
    let latency: Recorder
    let integrationLatency: Recorder
    /// Only for methods whose responses the stage caches.
    let cacheHits: Counter?
    let cacheMisses: Counter?

    init(factory: any MetricsFactory, api: String, stage: String, resource: String, method: String, caches: Bool = false) {
        let dimensions = [("ApiName", api), ("Stage", stage), ("Resource", resource), ("Method", method)]
        count = Counter(label: GatewayMetricLabel.count, dimensions: dimensions, factory: factory)
        clientErrors = Counter(label: GatewayMetricLabel.clientError, dimensions: dimensions, factory: factory)
        serverErrors = Counter(label: GatewayMetricLabel.serverError, dimensions: dimensions, factory: factory)
        latency = Recorder(label: GatewayMetricLabel.latency, dimensions: dimensions, factory: factory)
        integrationLatency = Recorder(label: GatewayMetricLabel.integrationLatency, dimensions: dimensions, factory: factory)
        cacheHits = caches ? Counter(label: GatewayMetricLabel.cacheHitCount, dimensions: dimensions, factory: factory) : nil
        cacheMisses = caches ? Counter(label: GatewayMetricLabel.cacheMissCount, dimensions: dimensions, factory: factory) : nil
    }

    /// One request's figures.
    func record(status: Int, latency: Double, integrationLatency: Double?, cacheHit: Bool?) {
        count.increment()
        if (400..<500).contains(status) { clientErrors.increment() } else if status >= 500 { serverErrors.increment() }
        self.latency.record(latency)
        if let integrationLatency { self.integrationLatency.record(integrationLatency) }
        switch cacheHit {
        case true?: cacheHits?.increment()
        case false?: cacheMisses?.increment()
        case nil: break
        }
    }
}
