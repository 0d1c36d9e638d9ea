import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import TollgateGateway

/// `tollgate serve --metrics-port`: the gateway's metrics in Prometheus' text format, on a server of
/// their own, so that a scrape never shares the API's port or its routes.
enum MetricsEndpoint {
    /// Bootstraps swift-metrics with a Prometheus registry and returns the server that exports it at
    /// `/metrics`. Latencies are milliseconds, as CloudWatch's are, in buckets from 1 ms to API
    /// Gateway's 29 s integration timeout.
    static func start(host: String, port: Int, logger: Logger) -> some Service {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let buckets: [Double] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 29000]
        factory.valueHistogramBuckets = [GatewayMetricLabel.latency: buckets, GatewayMetricLabel.integrationLatency: buckets]
        MetricsSystem.bootstrap(factory)
        let router = Router()
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                FileHandle.standardOutput.write(Data("Metrics on http://\(host):\(channel.localAddress?.port ?? port)/metrics\n".utf8))
            },
            logger: logger
        )
    }
}
