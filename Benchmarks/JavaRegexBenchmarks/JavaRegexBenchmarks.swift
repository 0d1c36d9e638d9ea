import Benchmark
import CPCRE2
import TollgateJavaRegex

// Selection-pattern matching: JavaPattern (Java semantics) against raw PCRE2 JIT (the same
// pattern text given to PCRE2 as is, match data reused, PCRE2_NO_UTF_CHECK) in the same run.
//
//   swift package benchmark --target JavaRegexBenchmarks
//
// Java 17's numbers for the same cases come from `java Benchmarks/peers/RegexBench.java`
// (`make bench` runs both).

/// The cases: the issue's selection patterns on 200-byte and 10 KB messages.
enum RegexCases {
    static func message(_ prefix: String, _ suffix: String, size: Int) -> String {
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: size / 27 + 1)
        let body = prefix + filler
        return String(body.prefix(size - suffix.utf8.count)) + suffix
    }

    static func json(size: Int) -> String {
        message(#"{"errorType":"NotFound","httpStatus":404,"requestId":"e308b7b7-081a-11e6-9ab9-117c7feffb09","message":""#, #""}"#, size: size)
    }

    static func badRequest(size: Int) -> String {
        message("[BadRequest] Validation error: Missing field 'name' ", "", size: size)
    }

    static func stackTrace(size: Int) -> String {
        message("java.lang.RuntimeException: boom\n\tat com.example.Handler.handle(Handler.java:42)\n", "\n\tat java.base/Thread.run", size: size)
    }

    static let all: [(name: String, pattern: String, input: @Sendable (Int) -> String)] = [
        (".*NotFound.*", ".*NotFound.*", json),
        ("^\\[BadRequest\\].*", "^\\[BadRequest\\].*", badRequest),
        (".*\"httpStatus\":404.*", ".*\"httpStatus\":404.*", json),
        ("4\\d{2}|5\\d{2}", "4\\d{2}|5\\d{2}", { _ in "404" }),
        ("(?s).*Exception.*", "(?s).*Exception.*", stackTrace),
    ]
}

/// A pattern compiled by PCRE2 directly: the floor Tollgate is measured against.
final class RawPCRE2: @unchecked Sendable {
    let code: OpaquePointer
    let matchData: OpaquePointer

    init(_ pattern: String) {
        var errorCode: Int32 = 0
        var offset = 0
        var p = pattern
        code = p.withUTF8 {
            pcre2_compile_8($0.baseAddress, $0.count, UInt32(PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED), &errorCode, &offset, nil)!
        }
        pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE))
        matchData = pcre2_match_data_create_from_pattern_8(code, nil)!
    }

    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        pcre2_match_8(code, bytes.baseAddress, bytes.count, 0, UInt32(PCRE2_NO_UTF_CHECK), matchData, nil) >= 0
    }
}

let benchmarks: @Sendable () -> Void = {
    for (name, source, makeInput) in RegexCases.all {
        for size in source.hasPrefix("4") ? [3] : [200, 10_240] {
            // Short inputs take nanoseconds: measure a thousand matches per sample so that the
            // harness's own per-sample cost does not dominate (times are reported per match).
            let configuration = Benchmark.Configuration(
                metrics: [.wallClock, .throughput],
                scalingFactor: size < 1000 ? .kilo : .one,
                maxDuration: .seconds(1)
            )
            let input = makeInput(size)
            let label = "\(name) on \(input.utf8.count) B"
            // Raw first: where the JIT places code measurably changes long scans (±40% seen for the
            // same pattern text); compiling the floor first gives it the earlier placement.
            let raw = RawPCRE2(source)
            let pattern = try! JavaPattern(source)
            let expected = pattern.matches(input)
            Benchmark("\(label) Tollgate", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(pattern.matches(input))
                }
            }
            let bytes = Array(input.utf8)
            precondition(bytes.withUnsafeBufferPointer { raw.matches($0) } == expected, "raw PCRE2 disagrees on \(label)")
            Benchmark("\(label) raw PCRE2 JIT", configuration: configuration) { benchmark in
                bytes.withUnsafeBufferPointer { buffer in
                    for _ in benchmark.scaledIterations {
                        blackHole(raw.matches(buffer))
                    }
                }
            }
        }
    }
}
