import ArgumentParser
import TollgateBackends
import TollgateGateway
import TollgateOpenAPI

/// The definition, stage and backends `invoke` and `serve` share.
struct APIOptions: ParsableArguments {
    @Argument(help: "The API definition file (Swagger 2.0 or OpenAPI 3.0, JSON or YAML).")
    var definition: String

    @Option(help: "The stage name ($context.stage).")
    var stage: String = "prod"

    @Option(name: .customLong("stage-variable"), help: "A stage variable k=v (repeatable).")
    var stageVariables: [String] = []

    @Option(name: .customLong("function"), help: "A Lambda function backed by a local command, NAME=COMMAND (repeatable).")
    var functions: [String] = []

    @Option(name: .customLong("lambda-endpoint"), help: "An AWS Lambda Invoke API endpoint for the other functions.")
    var lambdaEndpoint: String?

    func validate() throws {
        _ = try Self.pairs(stageVariables, "--stage-variable")
        _ = try Self.pairs(functions, "--function")
    }

    /// `k=v` values as pairs; a value without `=` is a usage error.
    static func pairs(_ values: [String], _ option: String) throws -> [(String, String)] {
        try values.map { value in
            guard let equals = value.firstIndex(of: "=") else { throw ValidationError("\(option) takes k=v, found \(value)") }
            return (String(value[..<equals]), String(value[value.index(after: equals)...]))
        }
    }

    /// Loads and compiles the definition with the stage and backends the options name.
    func gateway() throws -> Gateway {
        let backend = NetworkBackend(
            commands: Dictionary(try Self.pairs(functions, "--function"), uniquingKeysWith: { $1 }),
            lambdaEndpoint: lambdaEndpoint
        )
        let stage = Stage(name: stage, variables: try Self.pairs(stageVariables, "--stage-variable"))
        return try Gateway(OpenAPILoader.load(contentsOf: definition), stage: stage, backend: backend)
    }

    /// ``gateway()``, or exit status 2 after printing why the definition does not load.
    func gatewayOrExit() throws -> Gateway {
        do {
            return try gateway()
        } catch {
            printError("\(definition): \(error)")
            throw ExitCode(2)
        }
    }
}
