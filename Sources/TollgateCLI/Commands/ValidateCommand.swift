import ArgumentParser
import Foundation
import TollgateJSON
import TollgateJSONSchema

/// `tollgate validate`: checks JSON documents against a draft-04 schema as API Gateway does.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON against a JSON Schema draft-04 model, with API Gateway's (fge's) messages.",
        discussion: """
            Reads each INSTANCE (standard input when none is given, or for '-'). Exit status: 0 when every \
            instance is valid, 1 when one is invalid (one line per error: FILE: /pointer: message), 2 when \
            an input is not valid JSON or the schema does not compile (with file, line and column).

            Example: tollgate validate --schema Fixtures/apis/orders-validation.json --schema-pointer /definitions/CreateOrders Fixtures/payloads/orders-invalid.json
            """
    )

    @Option(help: "The schema file (JSON).")
    var schema: String

    @Option(help: "A JSON Pointer to the schema inside the file, e.g. /definitions/CreateOrders of a Swagger file.")
    var schemaPointer: String = ""

    @Option(
        name: .customLong("ref"),
        help: "URI=FILE: a $ref to URI loads FILE (e.g. https://apigateway.amazonaws.com/restapis/ID/models/Order=order.json)."
    )
    var refs: [String] = []

    @Flag(help: "Report every error (fge's deepCheck) instead of stopping descent after the first.")
    var allErrors = false

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    @Option(help: "Output: text (FILE: /pointer: message) or json (one object per instance).")
    var format: OutputFormat = .text

    @Argument(help: "JSON instances to validate; standard input when none is given or for '-'.")
    var instances: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        for ref in refs where !ref.contains("=") { throw ValidationError("--ref expects URI=FILE, got \(ref)") }
        do { _ = try JSONPointer(schemaPointer) } catch { throw ValidationError("--schema-pointer: \(error)") }
    }

    static func parse(_ file: InputFile) throws -> JSONValue {
        do { return try JSONValue(parsing: file.bytes) } catch {
            printError("\(file.name):\(error.line):\(error.column): \(error.reason)")
            throw ExitCode(2)
        }
    }

    func compile() throws -> JSONSchema {
        var documents: [String: JSONValue] = [:]
        for ref in refs {
            let split = ref.firstIndex(of: "=")!
            let uri = String(ref[..<split])
            let file = try readOrExit(String(ref[ref.index(after: split)...]))
            documents[uri.hasSuffix("#") ? String(uri.dropLast()) : uri] = try Self.parse(file)
        }
        let document = try Self.parse(try readOrExit(schema))
        do {
            return try JSONSchema(document: document, at: try JSONPointer(schemaPointer), resolver: SchemaDocuments(documents: documents))
        } catch {
            printError("\(schema): \(error)")
            throw ExitCode(2)
        }
    }

    func readOrExit(_ path: String) throws -> InputFile {
        do { return try InputFile.read(path) } catch {
            printError("\(path): \(error)")
            throw ExitCode(2)
        }
    }

    func run() throws {
        _ = global.bootstrapLogging()
        let compiled = try compile()
        var status: Int32 = 0
        var out = ""
        for path in instances.isEmpty ? ["-"] : instances {
            let file: InputFile
            let instance: JSONValue
            do {
                file = try readOrExit(path)
                instance = try Self.parse(file)
            } catch {
                status = 2
                continue
            }
            let result = compiled.validate(instance, mode: allErrors ? .allErrors : .firstErrors)
            if !result.isValid && status == 0 { status = 1 }
            switch format {
            case .text:
                for error in result.errors { out += "\(file.name): \(error)\n" }
            case .json:
                let errors = result.errors.map { e -> JSONValue in
                    [
                        "pointer": .string(e.instancePointer.description), "schema": .string(e.schemaLocation.description),
                        "keyword": .string(e.keyword), "message": .string(e.message),
                    ]
                }
                let line: JSONValue = ["file": .string(file.name), "valid": .bool(result.isValid), "errors": .array(errors)]
                out += line.serialized() + "\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if status != 0 { throw ExitCode(status) }
    }
}
