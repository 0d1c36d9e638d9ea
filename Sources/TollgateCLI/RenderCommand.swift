import ArgumentParser
import Foundation
import TollgateJSON
import TollgateVTL

/// `tollgate render`: renders a mapping template as API Gateway would, for one event.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a Velocity mapping template with API Gateway's $input, $util, $context and $stageVariables.",
        discussion: """
            EVENT is a JSON object {"body": "<raw body>", "params": {"path": {}, "querystring": {}, "header": {}}, \
            "context": {...}, "stageVariables": {...}, "variables": {...}}; every part is optional ("variables" binds \
            plain values by name). Prints the output exactly, with no newline added. Exit status 2 with \
            FILE:LINE:COLUMN: message when the template does not parse or fails while rendering, or when EVENT is not valid.
            """
    )

    @Option(help: "The template file.")
    var template: String

    @Option(help: "The event file (JSON); - for standard input. Without it, an empty request.")
    var event: String?

    func run() throws {
        let source = try InputFile.read(template)
        guard let text = String(validating: source.bytes, as: UTF8.self) else {
            printError("\(template): not valid UTF-8")
            throw ExitCode(2)
        }
        let bindings: VTLBindings
        do {
            bindings = try event.map { try RenderEvent.bindings(from: InputFile.read($0)) } ?? VTLBindings(apiGateway: APIGatewayInput())
        } catch {
            printError("\(event ?? "-"): \(error)")
            throw ExitCode(2)
        }
        do {
            let output = try VTLTemplate(text).render(bindings)
            FileHandle.standardOutput.write(Data(output.text.utf8))
        } catch {
            printError("\(template):\(error.line):\(error.column): \(error.message)")
            throw ExitCode(2)
        }
    }
}

/// The event format `tollgate render` and `tollgate bench render` read.
enum RenderEvent {
    static func bindings(from file: InputFile) throws -> VTLBindings {
        let event = try JSONValue(parsing: file.bytes)
        guard case .object(let object) = event else { throw CLIError("the event must be a JSON object") }
        func pairs(_ value: JSONValue?, _ what: String) throws -> [(String, String)] {
            guard let value else { return [] }
            guard case .object(let members) = value else { throw CLIError("\(what) must be an object of strings") }
            return try members.map { key, value throws in
                guard case .string(let s) = value else { throw CLIError("\(what).\(key) must be a string") }
                return (key, s)
            }
        }
        var input = APIGatewayInput()
        if let body = object["body"] {
            guard case .string(let text) = body else { throw CLIError("body must be a string (the raw request body)") }
            input.body = text
        }
        let params = object["params"]
        input.path = try pairs(params?["path"], "params.path")
        input.querystring = try pairs(params?["querystring"], "params.querystring")
        input.header = try pairs(params?["header"], "params.header")
        if let context = object["context"] {
            guard case .object(let members) = context else { throw CLIError("context must be an object") }
            input.context = members
        }
        input.stageVariables = try pairs(object["stageVariables"], "stageVariables")
        var variables: [String: JSONValue] = [:]
        if case .object(let members)? = object["variables"] {
            for (key, value) in members { variables[key] = value }
        }
        return VTLBindings(variables: variables, apiGateway: input)
    }
}
