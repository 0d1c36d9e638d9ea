import ArgumentParser

/// The `tollgate` command-line tool.
@main
struct Tollgate: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tollgate",
        abstract: "Amazon API Gateway's request pipeline, in Swift.",
        discussion: """
            Tollgate throttles, validates, maps and routes requests as API Gateway (REST APIs) does. \
            `tollgate serve` runs an exported API definition as a local server; `tollgate invoke` sends it one request \
            with no server; the other commands check JSON, validate payloads, render mapping templates, test selection \
            patterns and replay traffic against throttling settings.
            """,
        version: version,
        subcommands: [
            JSONCommand.self, ValidateCommand.self, SelectCommand.self, RenderCommand.self, InvokeCommand.self, ServeCommand.self,
            ThrottleCommand.self, UsageCommand.self, DBCommand.self,
            BenchCommand.self,
        ]
    )
}
