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
            Available now: JSON, schema validation and Java regex selection. The gateway, validation, template and server commands \
            arrive with their modules.
            """,
        version: version,
        subcommands: [
            JSONCommand.self, ValidateCommand.self, SelectCommand.self, RenderCommand.self, InvokeCommand.self, ServeCommand.self,
            ThrottleCommand.self,
            BenchCommand.self,
        ]
    )
}
