import CoreMetrics
import Foundation
import HTTPTypes
import MetricsTestKit
import Testing
import TollgateGateway
import TollgateOpenAPI
import _TollgateTestSupport

/// The CloudWatch metrics a gateway emits, per method and for requests no method matched.
@Suite struct MetricsTests {
    @Test func countsErrorsAndLatenciesPerMethod() async throws {
        let metrics = TestMetrics()
        let gateway = try Gateway(
            OpenAPILoader.load(AccessLogTests.api),
            stage: Stage(name: "prod"),
            backend: AccessLogTests.backend,
            metrics: metrics
        )
        let requests: [(String, [(String, String)])] = [
            ("/pets", []), ("/pets", []), ("/fn", []), ("/up", []), ("/down", []), ("/nowhere", []),
            ("/secret", [("Authorization", "nope")]), ("/secret", [("Authorization", "allow")]),
        ]
        for (target, headers) in requests { _ = await Support.send(gateway, .get, target, headers: headers) }

        func dimensions(_ resource: String, _ method: String = "GET") -> [(String, String)] {
            [("ApiName", "logs"), ("Stage", "prod"), ("Resource", resource), ("Method", method)]
        }
        func total(_ label: String, _ resource: String, _ method: String = "GET") -> Int64 {
            metrics.counterTotal(label: label, dimensions: dimensions(resource, method))
        }
        #expect(total(GatewayMetricLabel.count, "/pets") == 2)
        #expect(total(GatewayMetricLabel.count, "/secret") == 2)
        #expect(total(GatewayMetricLabel.clientError, "/secret") == 1)
        #expect(total(GatewayMetricLabel.serverError, "/down") == 1)
        #expect(total(GatewayMetricLabel.clientError, "/pets") == 0)
        #expect(total(GatewayMetricLabel.count, "", "") == 1)
        #expect(total(GatewayMetricLabel.clientError, "", "") == 1)
        #expect(metrics.counterTotal(label: GatewayMetricLabel.count) == Int64(requests.count))
        #expect(metrics.counterTotal(label: GatewayMetricLabel.clientError) == 2)
        #expect(metrics.counterTotal(label: GatewayMetricLabel.serverError) == 1)
        // Latency for every request; integration latency only where an integration was called.
        let latency = try metrics.expectRecorder(GatewayMetricLabel.latency, dimensions("/pets"))
        #expect(latency.values.count == 2 && latency.values.allSatisfy { $0 >= 0 })
        #expect(try metrics.expectRecorder(GatewayMetricLabel.integrationLatency, dimensions("/pets")).values.isEmpty)
        #expect(try metrics.expectRecorder(GatewayMetricLabel.integrationLatency, dimensions("/up")).values.count == 1)
        #expect(try metrics.expectRecorder(GatewayMetricLabel.integrationLatency, dimensions("/down")).values.count == 1)
        // No cache, no cache metrics.
        #expect(metrics.counters(label: GatewayMetricLabel.cacheHitCount).isEmpty)
    }
}
