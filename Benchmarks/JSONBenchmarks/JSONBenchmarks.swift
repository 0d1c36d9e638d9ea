import Benchmark
import Foundation
import TollgateJSON

// Parse and serialize the standard JSON benchmark files and Tollgate's fixtures, with
// Foundation's JSONSerialization in the same run for comparison.
//
//   swift package benchmark --target JSONBenchmarks
//
// MB/s = file size / p50 wall clock. The benchmark files are read at run time from
// ../shared/bench-data/json (override with TOLLGATE_BENCH_DATA); they are not in the repository.

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The inputs, each with whether to count allocations: the big files measure speed only (the
/// malloc counter slows every allocation), the fixtures (request-sized) also count mallocs.
func benchmarkInputs() -> [(name: String, data: Data, countMallocs: Bool)] {
    let dataDirectory =
        ProcessInfo.processInfo.environment["TOLLGATE_BENCH_DATA"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench-data/json")
    var inputs: [(String, Data, Bool)] = []
    for name in ["twitter", "citm_catalog", "canada"] {
        if let data = try? Data(contentsOf: dataDirectory.appendingPathComponent("\(name).json")) { inputs.append((name, data, false)) }
    }
    let fixtures = packageRoot.appendingPathComponent("Fixtures")
    for path in ["apis/orders-validation.json", "payloads/orders-valid.json", "payloads/pets.json"] {
        if let data = try? Data(contentsOf: fixtures.appendingPathComponent(path)) {
            inputs.append((path.replacingOccurrences(of: "/", with: "-"), data, true))
        }
    }
    return inputs
}

let benchmarks: @Sendable () -> Void = {
    for (name, data, countMallocs) in benchmarkInputs() {
        let metrics: [BenchmarkMetric] = countMallocs ? [.wallClock, .throughput, .mallocCountTotal] : [.wallClock, .throughput]
        let configuration = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(2), maxIterations: 2000)
        let bytes = [UInt8](data)
        let kb = bytes.count / 1024
        Benchmark("parse \(name) (\(kb) KiB) Tollgate", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try JSONValue(parsing: bytes))
            }
        }
        Benchmark("parse \(name) (\(kb) KiB) JSONSerialization", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
            }
        }
        let value = try! JSONValue(parsing: bytes)
        let compactSize = value.serializedBytes().count / 1024
        Benchmark("serialize \(name) (\(compactSize) KiB out) Tollgate", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(value.serializedBytes())
            }
        }
        let object = try! JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        Benchmark("serialize \(name) (\(compactSize) KiB out) JSONSerialization", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]))
            }
        }
    }
}
