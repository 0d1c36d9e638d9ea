import ArgumentParser
import Foundation
import HTTPTypes
import TollgateGateway

/// `tollgate invoke`: one request through the whole pipeline, with no server and no cloud.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Run one request through an API definition's pipeline and print the response as curl -i does.",
        discussion: """
            DEFINITION is a Swagger 2.0 or OpenAPI 3.0 export with x-amazon-apigateway-* extensions (JSON or YAML). \
            --function NAME=COMMAND backs the Lambda function NAME (matched by the function name in an integration's \
            URI) with a local program: it gets the event on standard input and prints the result; a non-zero exit makes \
            its output the Lambda error object. HTTP integrations call their URI; AWS service integrations (DynamoDB, \
            SQS, SNS, Step Functions, S3, …) are signed with the AWS_* credentials and sent to --aws-endpoint, \
            AWS_ENDPOINT_URL(_SERVICE) or the public endpoint. Exit status 0 whatever the response \
            status; 2 when the definition or the arguments are bad. --log prints the execution log on standard error, \
            --access-log the request's access log entry (or the stage's format's, when the definition has one). \
            Authorizers' functions are --function commands too; AWS_IAM methods accept the --iam-credentials \
            identities; Cognito authorizers verify tokens against --user-pool-jwks key sets.

            Example: tollgate invoke Fixtures/apis/request-authorizer.yaml GET /hello --stage dev \
            --function 'py-ip-authorizer=python3 Fixtures/functions/ip-authorizer.py' -H 'Authorization: hello' \
            --source-ip 58.240.195.186
            """
    )

    @OptionGroup var api: APIOptions

    @Argument(help: "The HTTP method (GET, POST, …).")
    var method: String

    @Argument(help: "The path, optionally with a query string (/orders?type=STOCK).")
    var path: String

    @Option(name: [.customShort("H"), .customLong("header")], help: "A request header, 'Name: value' (repeatable).")
    var headers: [String] = []

    @Option(help: "A query parameter k=v (repeatable).")
    var query: [String] = []

    @Option(help: "The request body, or @FILE to read it from a file.")
    var data: String?

    @Flag(help: "Print the execution log on standard error.")
    var log = false

    @Option(name: .customLong("source-ip"), help: "The client's address ($context.identity.sourceIp).")
    var sourceIP: String = "127.0.0.1"

    @OptionGroup var accessLog: AccessLogOptions

    func validate() throws {
        guard HTTPRequest.Method(method.uppercased()) != nil else { throw ValidationError("not an HTTP method: \(method)") }
        _ = try APIOptions.pairs(query, "--query")
        for header in headers where !header.contains(":") { throw ValidationError("-H takes 'Name: value', found \(header)") }
    }

    func run() async throws {
        let gateway = try api.gatewayOrExit(accessLog: try accessLog.choice())
        let accessLogFile = try accessLog.destination(standard: .standardError)
        let fields = try RequestOptions.headers(headers)
        let body = try RequestOptions.body(data)
        var request = GatewayRequest(method: HTTPRequest.Method(method.uppercased())!, target: path, headers: fields, body: body)
        request.query += try APIOptions.pairs(query, "--query").map { (name: $0.0, value: $0.1) }
        let context = InvocationContext.arriving(from: sourceIP)
        let result = await gateway.handle(request, context: context, log: log)
        if log { for line in result.log { printError(line) } }
        if let entry = result.accessLog { accessLogFile.write(Data((entry + "\n").utf8)) }
        var head = "HTTP/1.1 \(result.response.status.code) \(result.response.status.reasonPhrase)\r\n"
        for field in result.response.headers { head += "\(field.name.rawName): \(field.value)\r\n" }
        head += "\r\n"
        FileHandle.standardOutput.write(Data(head.utf8) + Data(result.response.body))
    }
}

/// The `-H` and `--data` options `invoke` and `bench invoke` share.
enum RequestOptions {
    /// `Name: value` strings as header fields; a bad name is a usage error.
    static func headers(_ values: [String]) throws -> HTTPFields {
        var fields = HTTPFields()
        for header in values {
            let parts = header.split(separator: ":", maxSplits: 1)
            guard let first = parts.first, let name = HTTPField.Name(first.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("-H takes 'Name: value', found \(header)")
            }
            fields.append(HTTPField(name: name, value: parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
        }
        return fields
    }

    /// `--data BODY` or `--data @FILE`.
    static func body(_ data: String?) throws -> [UInt8] {
        guard let data else { return [] }
        return data.hasPrefix("@") ? try InputFile.read(String(data.dropFirst())).bytes : Array(data.utf8)
    }
}
