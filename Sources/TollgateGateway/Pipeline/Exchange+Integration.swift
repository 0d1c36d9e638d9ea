import Foundation
import HTTPTypes
import TollgateAuth
import TollgateJSON
import TollgateJavaRegex
import TollgateVTL

// Non-proxy integrations: request mapping (docs/behaviour.md §7), the call (docs/behaviour.md §8.1), the integration response (§8.2–8.5).
extension Exchange {
    /// `$context` for templates (docs/behaviour.md §3); without a method (a request no resource matched), what the
    /// request alone says.
    func contextObject(_ method: CompiledMethod?) -> JSONObject {
        let host = domainName
        var identity = JSONObject(uniqueKeysWithValues: [
            ("sourceIp", .string(context.sourceIP)),
            ("userAgent", request.headers.value(.userAgent).map(JSONValue.string) ?? .null),
            ("apiKey", apiKey.map { .string($0.value) } ?? .null),
            ("apiKeyId", apiKey.map { .string($0.id) } ?? .null),
        ])
        if let iam = authorization?.iam {
            // IAM authorization only (docs/behaviour.md §3): the signer's key and who it is.
            identity["accessKey"] = .string(iam.accessKeyId)
            identity["accountId"] = .string(iam.accountId)
            identity["caller"] = .string(iam.principalId)
            identity["user"] = .string(iam.principalId)
            identity["userArn"] = .string(iam.userArn)
        }
        var object = JSONObject(uniqueKeysWithValues: [
            ("accountId", .string(gateway.stage.accountId)),
            ("apiId", .string(gateway.stage.apiId)),
            ("domainName", .string(host)),
            ("domainPrefix", .string(Self.domainPrefix(host))),
            ("extendedRequestId", .string(context.extendedRequestId)),
            ("httpMethod", .string(request.method.rawValue)),
            ("identity", .object(identity)),
            ("path", .string("/" + gateway.stage.name + request.path)),
            ("protocol", "HTTP/1.1"),
            ("requestId", .string(context.requestId)),
            ("requestTime", .string(ExecutionLogFormat.clf(context.timeEpochMillis))),
            ("requestTimeEpoch", .number(JSONNumber(context.timeEpochMillis))),
        ])
        if let method {
            object["resourceId"] = .string(method.resourceId)
            object["resourcePath"] = .string(method.resourcePath)
        }
        object["stage"] = .string(gateway.stage.name)
        if let authorization, authorization.iam == nil { object["authorizer"] = authorization.contextValue }
        return object
    }

    /// `domainName` in `$context` and the proxy event: the Host header (or the request's authority), else
    /// the API's default endpoint name.
    var domainName: String {
        request.headers.value(.hostHeader) ?? request.authority ?? "\(gateway.stage.apiId).execute-api.\(gateway.stage.region).amazonaws.com"
    }

    /// `domainPrefix`: the first label of the domain name.
    static func domainPrefix(_ host: String) -> String {
        String(host[..<(host.utf8.firstIndex(of: UInt8(ascii: ".")) ?? host.endIndex)])
    }

    /// Renders `template` with `body` as `$input.body`, appending its text to `bytes`. The bindings are kept
    /// in the exchange for all its templates and read in place: the parameters and `$context` are filled
    /// when the first template that can read them renders, the body replaced each time.
    func render(_ template: VTLTemplate, body: String, method: CompiledMethod, into bytes: inout [UInt8]) throws(VTLError) -> VTLOverrides {
        if template.usesParameters, !inputHasParameters {
            let parameters = templateParameters
            input.path = parameters.path
            input.querystring = parameters.query
            input.header = parameters.header
            inputHasParameters = true
        }
        if template.usesContext, !inputHasContext {
            input.context = contextObject(method)
            inputHasContext = true
            addRequestOverrides()
        }
        input.body = body
        return try template.render(&input, appendingTo: &bytes)
    }

    /// The request template's request overrides in `$context.requestOverride`, for the templates after it
    /// ("Override your API's request and response parameters": overrides are readable once set).
    func addRequestOverrides() {
        let overrides = requestTemplateOverrides
        guard !overrides.requestHeaders.isEmpty || !overrides.requestPath.isEmpty || !overrides.requestQuerystring.isEmpty else { return }
        func object(_ values: [String: String]) -> JSONValue {
            .object(JSONObject(uniqueKeysWithValues: values.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
        }
        input.context["requestOverride"] = .object(
            JSONObject(uniqueKeysWithValues: [
                ("header", object(overrides.requestHeaders)), ("path", object(overrides.requestPath)),
                ("querystring", object(overrides.requestQuerystring)),
            ])
        )
    }

    /// mock, aws (Lambda) and http integrations.
    func mapped(_ method: CompiledMethod) async throws(GatewayFailure) -> GatewayResponse {
        let integration = method.method.integration
        // Spec §7: the template keyed by the request's media type (or `$default`); otherwise the passthrough matrix.
        let contentType = requestContentType
        var mappedBody: [UInt8]
        var overrides = VTLOverrides()
        if let entry = method.requestTemplates.first(where: { $0.contentType == contentType })
            ?? method.requestTemplates.first(where: { $0.contentType == "$default" })
        {
            if let broken = entry.broken {
                note("Execution failed due to configuration error: Unable to transform request: \(broken)")
                throw GatewayFailure(.apiConfigurationError)
            }
            if let template = entry.template {
                do {
                    mappedBody = []
                    overrides = try render(template, body: bodyText, method: method, into: &mappedBody)
                    requestTemplateOverrides = overrides
                    if inputHasContext { addRequestOverrides() }
                } catch {
                    note("Execution failed due to configuration error: Unable to transform request: \(error)")
                    throw GatewayFailure(.apiConfigurationError)
                }
            } else {
                mappedBody = []
            }
        } else {
            let passthrough: Bool
            switch integration.passthroughBehavior {
            case .whenNoMatch: passthrough = true
            case .whenNoTemplates: passthrough = method.requestTemplates.isEmpty
            case .never: passthrough = false
            }
            guard passthrough else { throw GatewayFailure(.unsupportedMediaType) }
            mappedBody = request.body
        }
        mappedBody = try convertRequest(mappedBody, integration.contentHandling)
        let parameters = mappedParameters(method, overrides: overrides)
        note("Endpoint request body after transformations: \(String(decoding: mappedBody, as: UTF8.self))")

        let selectionValue: String?
        let integrationBody: [UInt8]
        var integrationHeaders = HTTPFields()
        switch integration.type {
        case .mock:
            // Spec §8.1: the mock answers with the request template's statusCode and an empty body.
            guard let status = MockStatus.read(mappedBody) else {
                note("Execution failed due to configuration error: the mock request template gave no integer statusCode")
                throw GatewayFailure(.apiConfigurationError)
            }
            selectionValue = String(status)
            integrationBody = []
            note("Endpoint response body before transformations: (mock, status \(status))")
        case .http,
            .aws where method.awsService != nil:
            // An HTTP endpoint or an AWS service: the status code is the selection value (docs/behaviour.md §8.1).
            let answer: IntegrationHTTPResponse
            if let target = method.awsService {
                let outgoing = awsServiceRequest(method, target: target, parameters: parameters, body: mappedBody)
                note("Endpoint request URI: \(outgoing.defaultURI)")
                note("Endpoint request headers: \(Self.logged(outgoing.headers))")
                noteConnection(integration)
                answer = try await cachedHTTPCall { () async throws(IntegrationError) in try await gateway.backend.callAWSService(outgoing) }
            } else {
                let outgoing = httpRequest(method, parameters: parameters, body: mappedBody)
                note("Endpoint request URI: \(outgoing.uri)")
                noteConnection(integration)
                answer = try await cachedHTTPCall { () async throws(IntegrationError) in try await gateway.backend.send(outgoing) }
            }
            selectionValue = String(answer.status)
            integrationBody = answer.body
            integrationHeaders = answer.headers
            note("Endpoint response body before transformations: \(String(decoding: answer.body, as: UTF8.self))")
        case .aws:
            guard let name = integration.functionName else { throw GatewayFailure(.apiConfigurationError) }
            note("Endpoint request URI: \(integration.uri)")
            noteConnection(integration)
            let result: LambdaResult
            if case .lambda(let body)? = cachedAnswer() {
                result = .success(body)
            } else {
                result = try await integrationCall { () async throws(IntegrationError) in
                    try await gateway.backend.invokeLambda(name, payload: mappedBody, timeoutInMillis: integration.timeoutInMillis)
                }
                // Lambda answers 200 to an invocation, a function error included ("Handle Lambda errors in API Gateway").
                noteIntegrationStatus(200)
                if case .success(let body) = result { storeAnswer(.lambda(body), status: 200) }
            }
            switch result {
            case .success(let payload):
                selectionValue = nil
                integrationBody = payload
            case .failure(let payload):
                // Spec §8.1: a Lambda error's errorMessage drives selection.
                let error = try? JSONValue(parsing: payload)
                selectionValue = error?["errorMessage"].map { $0.stringValue ?? $0.serialized() } ?? String(decoding: payload, as: UTF8.self)
                integrationBody = payload
                note("Lambda execution failed with status 200 due to customer function error: \(selectionValue ?? "")")
            }
            note("Endpoint response body before transformations: \(String(decoding: integrationBody, as: UTF8.self))")
        case .awsProxy, .httpProxy:
            throw GatewayFailure(.apiConfigurationError)
        }
        return try integrationResponse(method, selectionValue: selectionValue, body: integrationBody, headers: integrationHeaders)
    }

    /// The gateway response for a failed integration call, its reason in the execution log.
    func failure(_ error: IntegrationError) -> GatewayFailure {
        switch error {
        case .timeout:
            note("Execution failed due to a timeout error")
            return GatewayFailure(.integrationTimeout)
        case .failed(let reason):
            note("Execution failed due to a network error: \(reason)")
            return GatewayFailure(.integrationFailure)
        case .notConfigured(let reason):
            note("Execution failed due to configuration error: \(reason)")
            return GatewayFailure(.apiConfigurationError)
        }
    }

    /// Headers as the execution log shows them: `{Name=value, …}`.
    static func logged(_ headers: HTTPFields) -> String {
        "{" + headers.map { "\($0.name.rawName)=\($0.value)" }.joined(separator: ", ") + "}"
    }

    /// `integration.request.{header|querystring|path}.X` from their sources, then request overrides.
    func mappedParameters(
        _ method: CompiledMethod,
        overrides: VTLOverrides
    ) -> (header: [HTTPField], query: [(String, String)], path: [(String, String)]) {
        if method.requestParameters.isEmpty, overrides.requestHeaders.isEmpty, overrides.requestQuerystring.isEmpty,
            overrides.requestPath.isEmpty
        {
            return ([], [], [])
        }
        var header: [HTTPField] = []
        var query: [(String, String)] = []
        var path: [(String, String)] = []
        for (target, source) in method.requestParameters {
            guard let value = requestValue(source) else { continue }
            switch target {
            case .header(let field): header.append(HTTPField(name: field, value: value))
            case .querystring(let name): query.append((name, value))
            case .path(let name): path.append((name, value))
            }
        }
        // Spec §3: overrides come after the parameter mappings and replace them.
        for (name, value) in overrides.requestHeaders.sorted(by: { $0.key < $1.key }) {
            guard let field = HTTPField.Name(name) else { continue }
            header.removeAll { $0.name == field }
            header.append(HTTPField(name: field, value: value))
        }
        for (name, value) in overrides.requestQuerystring.sorted(by: { $0.key < $1.key }) {
            query.removeAll { $0.0 == name }
            query.append((name, value))
        }
        for (name, value) in overrides.requestPath.sorted(by: { $0.key < $1.key }) {
            path.removeAll { $0.0 == name }
            path.append((name, value))
        }
        return (header, query, path)
    }

    /// A request-side mapping source's value (docs/behaviour.md §8.3): method request parameters and body, stage
    /// variables, context variables, or a `'static'` value.
    func requestValue(_ source: MappingSource) -> String? {
        switch source {
        case .literal(let text): return text
        case .stageVariable(let name): return gateway.stage.variables.first { $0.0 == name }?.1
        case .context(let keys):
            guard let method else { return nil }
            // The client's address without building all of `$context` (a REQUEST authorizer's usual
            // identity source, read on every request).
            if keys.count == 2, keys[0] == "identity", keys[1] == "sourceIp" { return context.sourceIP }
            var value: JSONValue = .object(contextObject(method))
            for key in keys { value = value[key] ?? .null }
            return value.stringValue ?? (value.isNull ? nil : value.serialized())
        case .requestBody: return bodyText
        case .requestBodyPath(let path): return Self.headerText(requestJSON.flatMap { path.read($0) })
        case .requestPath(let name): return pathParameters.first { $0.0 == name }?.1
        case .requestQuery(let name): return request.query.first { $0.name == name }?.value
        case .requestHeader(let field): return mappableHeaders.value(field)
        case .requestMultiValueQuery(let name): return request.query.filter { $0.name == name }.map(\.value).joined(separator: ",")
        case .requestMultiValueHeader(let field): return mappableHeaders[values: field].joined(separator: ",")
        case .responseHeader, .responseMultiValueHeader, .responseBody, .responseBodyPath, .responseBodyKeys, .nothing: return nil
        }
    }

    func httpRequest(
        _ method: CompiledMethod,
        parameters: (header: [HTTPField], query: [(String, String)], path: [(String, String)]),
        body: [UInt8]
    )
        -> IntegrationHTTPRequest
    {
        let integration = method.method.integration
        var uri = method.uri.expand(parameters.path, encode: URITemplate.encodePath)
        if !parameters.query.isEmpty {
            uri += (method.uri.hasQuery ? "&" : "?") + Self.formEncoded(parameters.query)
        }
        // One append of all the fields (HTTPTypes' append is a generic call each time).
        let headers = HTTPFields(parameters.header)
        return IntegrationHTTPRequest(
            method: integration.httpMethod ?? request.method.rawValue,
            uri: uri,
            headers: headers,
            body: body,
            timeoutInMillis: integration.timeoutInMillis
        )
    }

    /// A query string from pairs, each side encoded as Java's `URLEncoder` does (`$util.urlEncode`).
    static func formEncoded(_ pairs: [(String, String)]) -> String {
        pairs.map { URLEncoding.formEncode($0.0) + "=" + URLEncoding.formEncode($0.1) }.joined(separator: "&")
    }
}
