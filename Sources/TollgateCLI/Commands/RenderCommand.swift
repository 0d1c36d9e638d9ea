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

            Example: tollgate render --template Fixtures/templates/headers-passthrough.vtl --event Fixtures/events/headers-passthrough.json
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

/// The event format `tollgate render` and `tollgate bench render` read (``VTLBindings/init(event:)``).
enum RenderEvent {
    static func bindings(from file: InputFile) throws -> VTLBindings {
        try VTLBindings(event: JSONValue(parsing: file.bytes))
    }
}
