import Benchmark
import Foundation
import TollgateJSON
import TollgateVTL

// Mapping-template renders, parsed once, as the VTL issue measures them: the seed's headers-passthrough
// template (method, `$input.json('$')`, a `#foreach` over 10 headers through `escapeJavaScript`) with a
// 742-byte body (Fixtures/events/headers-passthrough.json), and the seed's Lambda error template
// (`$util.parseJson`). `Benchmarks/peers/VelocityBench.java` renders the first with Apache Velocity 1.7;
// `make bench` runs both and Benchmarks/scripts/vtl-report.py prints the ratio.
//
//   swift package benchmark --target VTLBenchmarks

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func fixture(_ path: String) -> String {
    try! String(contentsOf: packageRoot.appendingPathComponent("Fixtures/\(path)"), encoding: .utf8)
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )

    let headersSource = fixture("templates/headers-passthrough.vtl")
    let headers = try! VTLTemplate(headersSource)
    let event = try! VTLBindings(event: JSONValue(parsing: fixture("events/headers-passthrough.json")))
    Benchmark("render headers-passthrough", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! headers.render(event)) }
    }

    let lambdaError = try! VTLTemplate(fixture("templates/lambda-error.vtl"))
    let errorEvent = VTLBindings(apiGateway: APIGatewayInput(body: fixture("payloads/lambda-error.json")))
    Benchmark("render lambda-error", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! lambdaError.render(errorEvent)) }
    }

    Benchmark("parse headers-passthrough", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! VTLTemplate(headersSource)) }
    }
}
