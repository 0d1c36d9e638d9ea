import ArgumentParser
import Foundation
import HTTPTypes
import TollgateGateway
import TollgateJSON
import TollgateJSONSchema
import TollgateJavaRegex
import TollgateOpenAPI
import TollgateVTL

/// `tollgate bench`: quick measurements of one operation on the user's own data.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure one operation on your own inputs.",
        subcommands: [JSON.self, Select.self, Validate.self, Render.self, Invoke.self, Store.self]
    )

    /// `--seconds` and the timing loop, shared by every `bench` subcommand.
    struct Measurement: ParsableArguments {
        @Option(help: "How long to measure, in seconds (more than 0, at most 3600).")
        var seconds: Double = 1

        func validate() throws {
            guard seconds.isFinite, seconds > 0, seconds <= 3600 else {
                throw ValidationError("--seconds must be more than 0 and at most 3600, found \(seconds)")
            }
        }

        /// Times `body` in batches of 1,000 for `seconds` after a warm-up; prints the rate as JSON.
        func run(_ body: () -> Void) {
            for _ in 0..<1000 { body() }
            var timer = BatchTimer(seconds: seconds)
            while timer.running { timer.time { for _ in 0..<1000 { body() } } }
            timer.report()
        }

        /// The same for an async operation.
        func runAsync(_ body: () async -> Void) async {
            for _ in 0..<1000 { await body() }
            var timer = BatchTimer(seconds: seconds)
            while timer.running {
                let start = ContinuousClock.now
                for _ in 0..<1000 { await body() }
                timer.add(ContinuousClock.now - start)
            }
            timer.report()
        }
    }

    /// Batches of 1,000 operations timed until a budget is spent.
    struct BatchTimer {
        let budget: Duration
        var operations = 0
        var elapsed = Duration.zero

        init(seconds: Double) { budget = .milliseconds(Int64(seconds * 1000)) }

        var running: Bool { elapsed < budget }

        mutating func time(_ batch: () -> Void) {
            let start = ContinuousClock.now
            batch()
            add(ContinuousClock.now - start)
        }

        mutating func add(_ duration: Duration) {
            elapsed += duration
            operations += 1000
        }

        /// Prints `{"ops_per_sec": …, "ns_per_op": …}`.
        func report() {
            let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let nsPerOp = total * 1e9 / Double(operations)
            print(#"{"ops_per_sec":\#(Int(Double(operations) / total)),"ns_per_op":\#((nsPerOp * 10).rounded() / 10)}"#)
        }
    }

    /// `tollgate bench json`: how fast a document parses (or serializes).
    struct JSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time parsing a JSON file (or serializing it); prints {\"ops_per_sec\": …, \"ns_per_op\": …}.",
            discussion: "Example: tollgate bench json Fixtures/payloads/orders-valid.json --tape"
        )

        @Argument(help: "The JSON file.")
        var file: String

        @Flag(help: "Time compact serialization of the parsed value instead of parsing.")
        var serialize = false

        @Flag(help: "Time parsing into a JSONTape (the flat form) instead of a JSONValue.")
        var tape = false

        @OptionGroup var measurement: Measurement

        func run() throws {
            let bytes = try InputFile.read(file).bytes
            let value = try JSONValue(parsing: bytes)
            if serialize {
                measurement.run { _ = value.serialized() }
            } else if tape {
                measurement.run { _ = try? JSONTape(parsing: bytes) }
            } else {
                measurement.run { _ = try? JSONValue(parsing: bytes) }
            }
        }
    }

    /// `tollgate bench validate`: how fast a schema validates an instance (already parsed).
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time schema validation of a parsed instance; prints {\"ops_per_sec\": …, \"ns_per_op\": …}.",
            discussion:
                "Example: tollgate bench validate --schema Fixtures/apis/orders-validation.json --schema-pointer /definitions/CreateOrders --tape --parse Fixtures/payloads/orders-valid.json"
        )

        @Option(help: "The schema file.")
        var schema: String

        @Option(help: "A JSON Pointer to the schema inside the file.")
        var schemaPointer: String = ""

        @Argument(help: "The instance file.")
        var instance: String

        @Flag(help: "Time the full report (messages) instead of the isValid fast path.")
        var report = false

        @Flag(help: "Time isValid on a JSONTape of the instance (the flat form) instead of the JSONValue.")
        var tape = false

        @Flag(help: "Time parsing the instance's bytes too: into a JSONTape with --tape, else into a JSONValue.")
        var parse = false

        @OptionGroup var measurement: Measurement

        func run() throws {
            let document = try JSONValue(parsing: try InputFile.read(schema).bytes)
            let compiled = try JSONSchema(document: document, at: try JSONPointer(schemaPointer))
            let bytes = try InputFile.read(instance).bytes
            let value = try JSONValue(parsing: bytes)
            if parse && tape {
                measurement.run { if let flat = try? JSONTape(parsing: bytes) { _ = compiled.isValid(flat) } }
            } else if parse {
                measurement.run { if let value = try? JSONValue(parsing: bytes) { _ = compiled.isValid(value) } }
            } else if report {
                measurement.run { _ = compiled.validate(value) }
            } else if tape {
                let flat = try JSONTape(value)
                measurement.run { _ = compiled.isValid(flat) }
            } else {
                measurement.run { _ = compiled.isValid(value) }
            }
        }
    }

    /// `tollgate bench select`: how fast a selection pattern decides on an input.
    struct Select: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a selection pattern against an input file; prints {\"ops_per_sec\": …, \"ns_per_op\": …}.",
            discussion: "Example: tollgate bench select --pattern '.*Not found.*' --input Fixtures/payloads/orders-valid.json"
        )

        @Option(help: "The Java regex.")
        var pattern: String

        @Option(help: "The file holding the input (used exactly as its bytes).")
        var input: String

        @Flag(help: "Time Matcher.find() instead of a whole-input match.")
        var find = false

        @OptionGroup var measurement: Measurement

        func run() throws {
            let file = try InputFile.read(input)
            guard let text = String(validating: file.bytes, as: UTF8.self) else { throw CLIError("\(input) is not valid UTF-8") }
            let compiled: JavaPattern
            do { compiled = try JavaPattern(pattern) } catch {
                printError(error.message)
                throw ExitCode(2)
            }
            let mode: JavaPattern.Mode = find ? .find : .whole
            measurement.run { _ = compiled.evaluate(text, mode: mode) }
        }
    }

    /// `tollgate bench render`: how fast a mapping template renders (parsed once) for one event.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time rendering a mapping template (parsed once) for an event; prints {\"ops_per_sec\": …, \"ns_per_op\": …}.",
            discussion: """
                EVENT has the format of `tollgate render --event`. Each render writes the output's UTF-8 into a \
                fresh byte array, as the gateway does (no String is made).

                Example: tollgate bench render --template Fixtures/bench/templates/passthrough.vtl \
                --event Fixtures/bench/events/body-10KB.json --seconds 2
                """
        )

        @Option(help: "The template file.")
        var template: String

        @Option(help: "The event file (JSON).")
        var event: String

        @OptionGroup var measurement: Measurement

        func run() throws {
            let source = String(decoding: try InputFile.read(template).bytes, as: UTF8.self)
            let bindings = try RenderEvent.bindings(from: InputFile.read(event))
            let compiled: VTLTemplate
            do {
                compiled = try VTLTemplate(source)
                _ = try compiled.render(bindings)
            } catch {
                printError("\(template):\(error.line):\(error.column): \(error.message)")
                throw ExitCode(2)
            }
            measurement.run {
                var bytes: [UInt8] = []
                _ = try? compiled.render(bindings, appendingTo: &bytes)
            }
        }
    }

    /// `tollgate bench invoke`: how fast one request goes through the whole pipeline (mock integrations; no I/O).
    struct Invoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time one request through an API definition's pipeline; prints {\"ops_per_sec\": …, \"ns_per_op\": …}.",
            discussion: """
                Integrations other than mock answer 500 here (no backend); use it for routing, validation and mapping.

                Example: tollgate bench invoke Fixtures/apis/orders-validation.json POST /orders \\
                -H 'Content-Type: application/json' --data @Fixtures/payloads/orders-valid.json
                """
        )

        @Argument(help: "The API definition file.")
        var definition: String

        @Argument(help: "The HTTP method.")
        var method: String

        @Argument(help: "The path, with an optional query string.")
        var path: String

        @Option(name: [.customShort("H"), .customLong("header")], help: "A request header, 'Name: value' (repeatable).")
        var headers: [String] = []

        @Option(help: "The request body, or @FILE.")
        var data: String?

        @OptionGroup var measurement: Measurement

        func validate() throws {
            guard HTTPRequest.Method(method.uppercased()) != nil else { throw ValidationError("not an HTTP method: \(method)") }
        }

        func run() async throws {
            let gateway = try Gateway(OpenAPILoader.load(contentsOf: definition))
            let fields = try RequestOptions.headers(headers)
            let body = try RequestOptions.body(data)
            let request = GatewayRequest(method: HTTPRequest.Method(method.uppercased())!, target: path, headers: fields, body: body)
            let context = InvocationContext(requestId: "bench", timeEpochMillis: 1_700_000_000_000)
            await measurement.runAsync { _ = await gateway.handle(request, context: context) }
        }
    }
}
