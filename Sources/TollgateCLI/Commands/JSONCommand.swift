import ArgumentParser
import Foundation
import Logging
import TollgateJSON

/// `tollgate json`: checks JSON files strictly and prints them compact, pretty or at a pointer.
struct JSONCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json",
        abstract: "Check JSON strictly (RFC 8259) and print it compact (as API Gateway's $input.json does) or pretty.",
        discussion: """
            Exit status: 0 when every input is valid JSON, 2 when one is not (one line per input: \
            FILE:LINE:COLUMN: message), 1 when a --pointer resolves to nothing.

            Example: tollgate json --check Fixtures/payloads/*.json
            """
    )

    @Argument(help: "JSON files to read; standard input when none is given or for '-'.")
    var files: [String] = []

    @Flag(help: "Print indented JSON instead of compact JSON.")
    var pretty = false

    @Flag(help: "Only check: print nothing for valid input.")
    var check = false

    @Option(help: "Print only the value at this JSON Pointer (RFC 6901), e.g. /0/details.")
    var pointer: String?

    @Option(help: "Deepest nesting of arrays and objects accepted.")
    var maxDepth = 512

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard maxDepth > 0 else { throw ValidationError("--max-depth must be positive") }
        if let pointer {
            do { _ = try JSONPointer(pointer) } catch { throw ValidationError("--pointer: \(error)") }
        }
    }

    func run() throws {
        let logger = global.bootstrapLogging()
        let parser = JSONParser(options: .init(maxDepth: maxDepth))
        let target = try pointer.map { try JSONPointer($0) }
        var status: Int32 = 0
        for path in files.isEmpty ? ["-"] : files {
            let input: InputFile
            do { input = try InputFile.read(path) } catch {
                printError("\(path): \(error)")
                status = 2
                continue
            }
            let started = ContinuousClock.now
            let value: JSONValue
            do {
                value = try parser.parse(input.bytes)
            } catch {
                printError("\(input.name):\(error.line):\(error.column): \(error.reason)")
                status = 2
                continue
            }
            logger.debug(
                "parsed",
                metadata: ["file": "\(input.name)", "bytes": "\(input.bytes.count)", "duration": "\(ContinuousClock.now - started)"]
            )
            if check { continue }
            var output = value
            if let target {
                guard let found = value[target] else {
                    printError("\(input.name): nothing at JSON Pointer \(target)")
                    if status == 0 { status = 1 }
                    continue
                }
                output = found
            }
            print(pretty ? output.prettyPrinted() : output.serialized())
        }
        if status != 0 { throw ExitCode(status) }
    }
}
