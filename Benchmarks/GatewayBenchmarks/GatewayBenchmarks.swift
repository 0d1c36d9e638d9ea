import Benchmark
import Foundation
import HTTPTypes
import TollgateGateway
import TollgateOpenAPI

// One request through the whole pipeline, in-process: the seed's orders POST (route, body validation
// against CreateOrders, request template, mock, response template) and the GET that fails parameter
// validation (a gateway response). Target from the gateway issue: 200,000 requests a second on one core.
//
//   swift package benchmark --target GatewayBenchmarks

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )
    let gateway = try! Gateway(OpenAPILoader.load(contentsOf: packageRoot.appendingPathComponent("Fixtures/apis/orders-validation.json").path))
    let body = [UInt8](try! Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/payloads/orders-valid.json")))
    let post = GatewayRequest(method: .post, target: "/orders", headers: [.contentType: "application/json"], body: body)
    let get = GatewayRequest(method: .get, target: "/orders")
    let context = InvocationContext(requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", timeEpochMillis: 1_700_000_000_000)

    Benchmark("orders POST (valid, 162 B)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await gateway.handle(post, context: context)) }
    }
    Benchmark("orders GET (missing parameter)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await gateway.handle(get, context: context)) }
    }
}
