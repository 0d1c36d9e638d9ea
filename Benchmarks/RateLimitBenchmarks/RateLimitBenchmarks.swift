import Benchmark
import Dispatch
import Foundation
import TollgateRateLimit

// Rate-limit decisions (each loop counts the allowed ones, so that every answer is used): one lock-free bucket, a table of 1M keys, two threads at once, and the
// clock read on its own (the decisions take `now` as an argument).
//
//   swift package benchmark --target RateLimitBenchmarks
//
// The setup also prints the resident bytes per key of a 1M-key table (/proc/self/statm).

/// Resident memory in bytes (/proc/self/statm), to estimate the table's bytes per key.
func heapBytes() -> Int {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "0 0"
    let pages = Int(statm.split(separator: " ")[1]) ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Where the random key sequence has got to.
final class KeySequence: @unchecked Sendable {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .throughput], scalingFactor: .kilo, maxDuration: .seconds(1))
    // Two threads: a million decisions a sample, so that starting the threads is not measured.
    let threaded = Benchmark.Configuration(metrics: [.wallClock, .throughput], scalingFactor: .mega, maxDuration: .seconds(2))

    // A fast bucket so that every decision is an allowed take (the full path).
    let bucket = TokenBucket(rate: Rate(1_000_000_000), burst: 1_000)
    Benchmark("single key decision", configuration: configuration) { benchmark in
        var now: Int64 = 0
        var allowed = 0
        for _ in benchmark.scaledIterations {
            now &+= 1
            if bucket.tryTake(at: now) { allowed &+= 1 }
        }
        blackHole(allowed)
    }

    Benchmark("single key decision, two threads", configuration: threaded) { benchmark in
        let perThread = benchmark.scaledIterations.count / 2
        DispatchQueue.concurrentPerform(iterations: 2) { t in
            var now = Int64(t)
            var allowed = 0
            for _ in 0..<perThread {
                now &+= 2
                if bucket.tryTake(at: now) { allowed &+= 1 }
            }
            blackHole(allowed)
        }
    }

    let keys = 1_000_000
    let before = heapBytes()
    let table = KeyedTokenBuckets<UInt64>(rate: Rate(100), burst: 1_000_000, maxKeys: 4_000_000)
    for k in 0..<UInt64(keys) { _ = table.tryTake(k, at: 0) }
    let after = heapBytes()
    print("KeyedTokenBuckets<UInt64>: \(table.count) keys, \((after - before) / keys) resident bytes per key")

    // The key sequence continues from sample to sample, so that no sample replays keys
    // that an earlier one left in the cache.
    let sequence = KeySequence()
    Benchmark("1M keys decision", configuration: configuration) { benchmark in
        var x = sequence.state
        var allowed = 0
        for _ in benchmark.scaledIterations {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if table.tryTake((x >> 20) % UInt64(keys), at: 1) { allowed &+= 1 }
        }
        blackHole(allowed)
        sequence.state = x
    }

    Benchmark("1M keys decision, two threads", configuration: threaded) { benchmark in
        let perThread = benchmark.scaledIterations.count / 2
        let seed = sequence.state
        sequence.state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        DispatchQueue.concurrentPerform(iterations: 2) { t in
            var x = (seed ^ UInt64(t + 1)) &* 0x9E37_79B9_7F4A_7C15
            var allowed = 0
            for _ in 0..<perThread {
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                if table.tryTake((x >> 20) % UInt64(keys), at: 1) { allowed &+= 1 }
            }
            blackHole(allowed)
        }
    }

    let clock = MonotonicClock()
    Benchmark("clock read (MonotonicClock)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(clock.nanoseconds()) }
    }
}
