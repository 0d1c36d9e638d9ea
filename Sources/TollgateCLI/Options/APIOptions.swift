import ArgumentParser
import TollgateAuth
import TollgateBackends
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import TollgateRateLimit

/// The definition, stage and backends `invoke` and `serve` share.
struct APIOptions: ParsableArguments {
    @Argument(help: "The API definition file: Swagger 2.0 or OpenAPI 3.0, or a CloudFormation template (JSON or YAML).")
    var definition: String

    @Option(help: "The stage name ($context.stage; default: the template's AWS::ApiGateway::Stage, else prod).")
    var stage: String?

    @Option(name: .customLong("parameter"), help: "A CloudFormation template parameter KEY=VALUE (repeatable).")
    var templateParameters: [String] = []

    @Option(name: .customLong("stage-variable"), help: "A stage variable k=v (repeatable).")
    var stageVariables: [String] = []

    @Option(name: .customLong("function"), help: "A Lambda function backed by a local command, NAME=COMMAND (repeatable).")
    var functions: [String] = []

    @Option(name: .customLong("lambda-endpoint"), help: "An AWS Lambda Invoke API endpoint for the other functions.")
    var lambdaEndpoint: String?

    @Option(
        name: .customLong("aws-endpoint"),
        help: ArgumentHelp(
            "Where AWS service integrations go, [SERVICE=]URL (repeatable), over AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>.",
            discussion: "For example --aws-endpoint http://127.0.0.1:4566 (LocalStack, moto) or --aws-endpoint dynamodb=http://127.0.0.1:8000."
        )
    )
    var awsEndpoints: [String] = []

    @Option(
        name: .customLong("stage-config"),
        help:
            "Stage settings as the AWS CLI prints them: {\"stage\": <get-stage>, \"usagePlans\": <get-usage-plans>, \"apiKeys\": <get-api-keys --include-values>, \"usagePlanKeys\": {\"PLAN_ID\": <get-usage-plan-keys>}}."
    )
    var stageConfig: String?

    @Option(
        name: .customLong("api-key"),
        help: "The value of an API key the template declares without one (AWS generates it), LOGICAL_ID=VALUE (repeatable)."
    )
    var apiKeys: [String] = []

    @Option(help: "The API's region ($context, method ARNs, SigV4 credential scopes).")
    var region: String = "us-east-1"

    @Option(
        name: .customLong("iam-credentials"),
        help: "An IAM identity AWS_IAM methods accept, ACCESS_KEY_ID=SECRET_ACCESS_KEY (repeatable)."
    )
    var iamCredentials: [String] = []

    @Option(
        name: .customLong("user-pool-jwks"),
        help:
            "A Cognito user pool's key set, POOL_ID=PATH_OR_URL (repeatable; https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json)."
    )
    var userPoolJWKS: [String] = []

    @Flag(help: "Refuse a definition API Gateway would import with warnings (a template that does not parse, an unknown operation key).")
    var strict = false

    func validate() throws {
        _ = try Self.pairs(stageVariables, "--stage-variable")
        _ = try Self.pairs(functions, "--function")
        _ = try Self.pairs(iamCredentials, "--iam-credentials")
        _ = try Self.pairs(templateParameters, "--parameter")
        _ = try Self.pairs(userPoolJWKS, "--user-pool-jwks")
        _ = try Self.pairs(apiKeys, "--api-key")
    }

    /// The IAM identities and user-pool key sets the options name.
    func accessControl() throws -> AccessControl {
        AccessControl(
            iamCredentials: try Self.pairs(iamCredentials, "--iam-credentials").map {
                IAMCredential(accessKeyId: $0.0, secretAccessKey: $0.1)
            },
            userPoolKeys: Dictionary(
                try Self.pairs(userPoolJWKS, "--user-pool-jwks").map { ($0.0, JWKSLocation($0.1) as any JWKSSource) },
                uniquingKeysWith: { $1 }
            )
        )
    }

    /// `k=v` values as pairs; a value without `=` is a usage error.
    static func pairs(_ values: [String], _ option: String) throws -> [(String, String)] {
        try values.map { value in
            guard let equals = value.firstIndex(of: "=") else { throw ValidationError("\(option) takes k=v, found \(value)") }
            return (String(value[..<equals]), String(value[value.index(after: equals)...]))
        }
    }

    /// Loads and compiles the definition with the stage and backends the options name.
    func gateway(rateLimitStore: (any RateLimitStore)? = nil, accessLog: AccessLogFormat?? = nil) throws -> Gateway {
        var aws = AWSServiceAccess.fromEnvironment()
        aws.addEndpoints(awsEndpoints)
        let backend = NetworkBackend(
            commands: Dictionary(try Self.pairs(functions, "--function"), uniquingKeysWith: { $1 }),
            lambdaEndpoint: lambdaEndpoint,
            aws: aws
        )
        let template = try OpenAPILoader.loadTemplate(
            contentsOf: definition,
            parameters: Dictionary(try Self.pairs(templateParameters, "--parameter"), uniquingKeysWith: { $1 }),
            region: region
        )
        // The template's settings for the stage, a --stage-config file over them, --stage-variable over both.
        let stageName = stage ?? template.stageName ?? "prod"
        let keyValues = Dictionary(try Self.pairs(apiKeys, "--api-key"), uniquingKeysWith: { $1 })
        var configuration = try template.configuration(stage: stageName, apiKeyValues: keyValues)
        var stage = Stage(name: stageName, variables: try Self.pairs(stageVariables, "--stage-variable"), region: region)
        if let stageConfig {
            do {
                configuration = StageConfiguration.merge(configuration, try StageConfiguration.read(contentsOf: stageConfig))
                stage = try StageConfiguration.apply(configuration, to: stage)
            } catch {
                throw FileError(path: stageConfig, error: error)
            }
        } else {
            stage = try StageConfiguration.apply(configuration, to: stage)
        }
        if let accessLog { stage.accessLogFormat = accessLog }
        let valued = Set((configuration["apiKeys"]?["items"]?.arrayValue ?? []).compactMap { $0["value"] != nil ? $0["id"]?.stringValue : nil })
        for key in template.keysWithoutValue where !valued.contains(key) {
            printError(
                "\(definition): warning: API key \(key) has no Value (AWS generates one): no request is accepted with it until --api-key \(key)=VALUE gives it"
            )
        }
        let gateway: Gateway
        do {
            gateway = try Gateway(
                template.api,
                stage: stage,
                backend: backend,
                access: try accessControl(),
                rateLimitStore: rateLimitStore,
                strict: strict
            )
        } catch let error as DefinitionError {
            throw template.locate(error)
        }
        for warning in gateway.warnings.map(template.locate) { printError(Self.report(warning, in: definition, warning: true)) }
        if case .failure(let problem) = aws.credentials {
            let services = template.api.resources.flatMap { resource in
                resource.methods.compactMap { verb, method in
                    method.integration.type == .aws && (try? AWSServiceTarget(method.integration.uri)) != nil ? "\(verb) \(resource.path)" : nil
                }
            }
            if !services.isEmpty {
                printError(
                    "\(definition): warning: \(services.sorted().joined(separator: ", ")) call AWS services and answer 500 until there are credentials: \(problem)"
                )
            }
        }
        return gateway
    }

    /// `file:line:column: [warning: ]pointer: message`, as compilers print, so editors can jump to it.
    static func report(_ error: DefinitionError, in definition: String, warning: Bool = false) -> String {
        var text = error.file ?? definition
        if let line = error.line, let column = error.column { text += ":\(line):\(column)" }
        text += warning ? ": warning: " : ": "
        return text + (error.location.isEmpty ? error.message : "\(error.location): \(error.message)")
    }

    /// ``gateway()``, or exit status 2 after printing why the definition does not load.
    func gatewayOrExit(rateLimitStore: (any RateLimitStore)? = nil, accessLog: AccessLogFormat?? = nil) throws -> Gateway {
        do {
            return try gateway(rateLimitStore: rateLimitStore, accessLog: accessLog)
        } catch let error as FileError {
            printError("\(error)")
            throw ExitCode(2)
        } catch let error as DefinitionError {
            printError(Self.report(error, in: definition))
            throw ExitCode(2)
        } catch {
            printError("\(definition): \(error)")
            throw ExitCode(2)
        }
    }
}

/// An error in a file other than the definition, reported with that file's path.
struct FileError: Error, CustomStringConvertible {
    let path: String
    let error: any Error
    var description: String { "\(path): \(error)" }
}
