import ArgumentParser
import Foundation
import TollgateJavaRegex

/// `tollgate bench`: quick measurements of one operation on the user's own data.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure one operation on your own inputs.",
        subcommands: [Select.self]
    )

    /// `tollgate bench select`: how fast a selection pattern decides on an input.
    struct Select: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a selection pattern against an input file; prints {\"ops_per_sec\": …, \"ns_per_op\": …}."
        )

        @Option(help: "The Java regex.")
        var pattern: String

        @Option(help: "The file holding the input (used exactly as its bytes).")
        var input: String

        @Flag(help: "Time Matcher.find() instead of a whole-input match.")
        var find = false

        @Option(help: "How long to measure, in seconds.")
        var seconds: Double = 1

        func run() throws {
            let file = try InputFile.read(input)
            guard let text = String(validating: file.bytes, as: UTF8.self) else { throw CLIError("\(input) is not valid UTF-8") }
            let compiled: JavaPattern
            do { compiled = try JavaPattern(pattern) } catch {
                printError(error.message)
                throw ExitCode(2)
            }
            let mode: JavaPattern.Mode = find ? .find : .whole
            // Warm up (JIT, per-thread match data), then time batches until the budget is spent.
            for _ in 0..<1000 { _ = compiled.evaluate(text, mode: mode) }
            let clock = ContinuousClock()
            let budget = Duration.milliseconds(Int64(seconds * 1000))
            var operations = 0
            var elapsed = Duration.zero
            while elapsed < budget {
                let start = clock.now
                for _ in 0..<1000 { _ = compiled.evaluate(text, mode: mode) }
                elapsed += clock.now - start
                operations += 1000
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let nsPerOp = seconds * 1e9 / Double(operations)
            print(#"{"ops_per_sec":\#(Int(Double(operations) / seconds)),"ns_per_op":\#((nsPerOp * 10).rounded() / 10)}"#)
        }
    }
}
