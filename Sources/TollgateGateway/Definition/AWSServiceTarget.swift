import HTTPTypes

/// An `aws` integration's URI when it names an AWS service other than a Lambda function, parsed when
/// the definition loads. The API reference's `Integration.uri` gives the form:
/// `arn:aws:apigateway:{region}:{subdomain.service|service}:path|action/{service_api}`, where `action`
/// is followed by the action's name and optionally `&p1=v1&p2=v2…` parameters, and `path` by the path of
/// the service's resource (`s3:path/{bucket}/{key}`); `{name}` placeholders take
/// `integration.request.path.name` values.
package struct AWSServiceTarget: Sendable {
    package enum Form: Sendable {
        /// `action/Name&p=v…`: the request goes to `/` with `Action=Name` and the parameters in the query.
        case action(name: String, parameters: [(name: String, value: URITemplate)])
        /// `path/…`: the request goes to that path (and any query written after `?`).
        case path(URITemplate, query: [(name: String, value: URITemplate)])
    }

    package let region: String
    /// The service's name as the URI writes it (`dynamodb`, `states`, `s3`, …).
    package let service: String
    /// A subdomain the URI puts before the service (`mybucket` in `mybucket.s3`).
    package let subdomain: String?
    package let form: Form

    /// The target `uri` names; nil when it is not an `arn:…:apigateway:` ARN or names a Lambda
    /// function (`lambda:path/2015-03-31/functions/…/invocations`, which Lambda integrations handle).
    /// An API Gateway ARN with neither `path/` nor `action/` is refused, as PutIntegration refuses it.
    package init?(_ uri: String) throws(DefinitionError) {
        let parts = uri.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "apigateway" else { return nil }
        let servicePart = parts[4]
        let rest = parts[5]
        if let dot = servicePart.lastIndex(of: ".") {
            subdomain = String(servicePart[..<dot])
            service = String(servicePart[servicePart.index(after: dot)...])
        } else {
            subdomain = nil
            service = String(servicePart)
        }
        region = String(parts[3])
        if rest.hasPrefix("action/") {
            let api = rest.dropFirst("action/".count)
            let pieces = api.split(separator: "&", omittingEmptySubsequences: true)
            guard let name = pieces.first, !name.isEmpty else {
                throw DefinitionError(location: "", message: "AWS ARN for integration must name an action after action/: \(uri)")
            }
            form = .action(name: String(name), parameters: Self.pairs(pieces.dropFirst()))
        } else if rest.hasPrefix("path/") {
            if service == "lambda", rest.contains("/functions/") { return nil }
            var api = rest.dropFirst("path/".count)
            var query: [(name: String, value: URITemplate)] = []
            if let mark = api.firstIndex(of: "?") {
                query = Self.pairs(api[api.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: true))
                api = api[..<mark]
            }
            form = .path(URITemplate(api.hasPrefix("/") ? String(api) : "/" + api), query: query)
        } else {
            throw DefinitionError(location: "", message: "AWS ARN for integration must contain path or action: \(uri)")
        }
        guard !region.isEmpty, !service.isEmpty else {
            throw DefinitionError(location: "", message: "AWS ARN for integration must name a region and a service: \(uri)")
        }
    }

    /// `name=value` pieces, each value a template (its placeholders filled per request).
    static func pairs(_ pieces: some Sequence<Substring>) -> [(name: String, value: URITemplate)] {
        pieces.map { piece in
            guard let equals = piece.firstIndex(of: "=") else { return (String(piece), URITemplate("")) }
            return (String(piece[..<equals]), URITemplate(String(piece[piece.index(after: equals)...])))
        }
    }
}

/// What API Gateway adds to an `action` request for a service on the AWS JSON protocol, which reads the
/// operation from `X-Amz-Target` and not from `Action`: the target prefix and protocol version each
/// service's API reference gives for its requests (DynamoDB "`X-Amz-Target: DynamoDB_20120810.PutItem`,
/// `application/x-amz-json-1.0`", Step Functions `AWSStepFunctions.*` 1.0, Kinesis
/// `Kinesis_20131202.*` 1.1, Systems Manager `AmazonSSM.*` 1.1, Firehose `Firehose_20150804.*` 1.1).
/// That API Gateway sets the target itself for DynamoDB, Kinesis, Step Functions and SSM and not for
/// EventBridge was recorded on AWS (LocalStack's AWS-validated tests of `action` integrations); Firehose
/// is Tollgate's choice, and a header the integration maps always wins.
enum AWSJSONProtocol {
    static let services: [String: (targetPrefix: String, contentType: String)] = [
        "dynamodb": ("DynamoDB_20120810", "application/x-amz-json-1.0"),
        "states": ("AWSStepFunctions", "application/x-amz-json-1.0"),
        "kinesis": ("Kinesis_20131202", "application/x-amz-json-1.1"),
        "ssm": ("AmazonSSM", "application/x-amz-json-1.1"),
        "firehose": ("Firehose_20150804", "application/x-amz-json-1.1"),
    ]
}

extension Exchange {
    /// The request an `aws` service integration sends: the method, path and query the target's form
    /// gives, with the mapped path values in its placeholders, the mapped query strings after the ARN's
    /// own, the mapped headers (plus the JSON protocol's target and content type for an action), and
    /// the mapped body.
    func awsServiceRequest(
        _ method: CompiledMethod,
        target: AWSServiceTarget,
        parameters: (header: [HTTPField], query: [(String, String)], path: [(String, String)]),
        body: [UInt8]
    ) -> AWSServiceRequest {
        let integration = method.method.integration
        var headers = HTTPFields(parameters.header)
        var query: [(name: String, value: String)] = []
        let path: String
        func expand(_ pairs: [(name: String, value: URITemplate)]) {
            for (name, value) in pairs { query.append((name, value.expand(parameters.path, encode: { $0 }))) }
        }
        var action: String?
        switch target.form {
        case .action(let name, let arnParameters):
            action = name
            path = "/"
            query.append(("Action", name))
            expand(arnParameters)
            if let json = AWSJSONProtocol.services[target.service] {
                if headers[.amzTarget] == nil { headers[.amzTarget] = json.targetPrefix + "." + name }
                if headers[.contentType] == nil { headers[.contentType] = json.contentType }
            } else if headers[.contentType] == nil {
                // The query protocol's type ("Making Query requests": `Action` and its parameters as
                // form fields), so the service does not read the request as another protocol's (SQS
                // speaks JSON too, and takes a request without a type for one).
                headers[.contentType] = "application/x-www-form-urlencoded; charset=utf-8"
            }
        case .path(let template, let arnQuery):
            path = template.expand(parameters.path, encode: URITemplate.encodePath)
            expand(arnQuery)
        }
        for (name, value) in parameters.query { query.append((name, value)) }
        return AWSServiceRequest(
            service: target.service,
            subdomain: target.subdomain,
            region: target.region,
            action: action,
            method: integration.httpMethod ?? request.method.rawValue,
            path: path,
            query: query,
            headers: headers,
            body: body,
            timeoutInMillis: integration.timeoutInMillis,
            credentials: integration.credentials
        )
    }
}
