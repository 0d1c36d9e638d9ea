import Foundation
import HTTPTypes
import TollgateAuth
import TollgateJSON
import TollgateVTL

// Proxy integrations: no templates, no integration responses (docs/behaviour.md §7, §8.1).
extension Exchange {
    /// The Lambda proxy event, format 1.0 ("Input format of a Lambda function for proxy integration" in
    /// the developer guide; shapes as recorded on AWS in LocalStack's test_apigateway_lambda snapshot):
    /// `path` as sent, `pathParameters` as sent (a greedy one without its trailing slash), the last value
    /// of a repeated header or query parameter in `headers`/`queryStringParameters` and all of them in
    /// the multi-value maps, headers no integration receives left out, and a `requestContext` of its own.
    func proxyEvent(_ method: CompiledMethod) -> JSONValue {
        var headers = JSONObject()
        var multiHeaders = JSONObject()
        for field in request.headers where !ReservedHeaders.droppedFromRequest.contains(field.name.canonicalName) {
            // Names as sent; a repeated name (in any case) is grouped under its first spelling.
            let name = multiHeaders.keys.first { $0.lowercased() == field.name.canonicalName } ?? field.name.rawName
            headers[name] = .string(field.value)
            var values = multiHeaders[name]?.arrayValue ?? []
            values.append(.string(field.value))
            multiHeaders[name] = .array(values)
        }
        var query = JSONObject()
        var multiQuery = JSONObject()
        for (name, value) in request.query {
            query[name] = .string(value)
            var values = multiQuery[name]?.arrayValue ?? []
            values.append(.string(value))
            multiQuery[name] = .array(values)
        }
        var pathParameters = JSONObject()
        for (name, value) in rawPathParameters { pathParameters[name] = .string(value) }
        var stageVariables = JSONObject()
        for (name, value) in gateway.stage.variables { stageVariables[name] = .string(value) }
        let binary = gateway.isBinary(contentTypeHeader) || !Self.isUTF8(request.body)
        var event = JSONObject()
        event["resource"] = .string(method.resourcePath)
        event["path"] = .string(proxyPath)
        event["httpMethod"] = .string(request.method.rawValue)
        event["headers"] = headers.isEmpty ? .null : .object(headers)
        event["multiValueHeaders"] = multiHeaders.isEmpty ? .null : .object(multiHeaders)
        event["queryStringParameters"] = query.isEmpty ? .null : .object(query)
        event["multiValueQueryStringParameters"] = multiQuery.isEmpty ? .null : .object(multiQuery)
        event["pathParameters"] = pathParameters.isEmpty ? .null : .object(pathParameters)
        event["stageVariables"] = stageVariables.isEmpty ? .null : .object(stageVariables)
        event["requestContext"] = .object(proxyRequestContext(method))
        event["body"] = request.body.isEmpty ? .null : .string(Self.text(request.body, binary: binary))
        event["isBase64Encoded"] = .bool(binary && !request.body.isEmpty)
        return .object(event)
    }

    /// The path as the client sent it, leading slashes made one (a `//a` request is `/a`, as LocalStack's
    /// AWS-validated parser has it).
    var proxyPath: String {
        guard request.path.hasPrefix("//") else { return request.path.isEmpty ? "/" : request.path }
        return "/" + request.path.drop { $0 == "/" }
    }

    /// The proxy event's `requestContext`: every member AWS sends, the caller's identity with its
    /// absent members as `null` (recorded on AWS), the stage in `path`, and the authorizer's output.
    func proxyRequestContext(_ method: CompiledMethod) -> JSONObject {
        let host = domainName
        let iam = authorization?.iam
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var identity = JSONObject(uniqueKeysWithValues: [
            ("accessKey", text(iam?.accessKeyId)),
            ("accountId", text(iam?.accountId)),
            ("caller", text(iam?.principalId)),
            ("cognitoAuthenticationProvider", .null),
            ("cognitoAuthenticationType", .null),
            ("cognitoIdentityId", .null),
            ("cognitoIdentityPoolId", .null),
            ("principalOrgId", .null),
            ("sourceIp", .string(context.sourceIP)),
            ("user", text(iam?.principalId)),
            ("userAgent", text(request.headers.value(.userAgent))),
            ("userArn", text(iam?.userArn)),
        ])
        if let apiKey {
            identity["apiKey"] = .string(apiKey.value)
            identity["apiKeyId"] = .string(apiKey.id)
        }
        var object = JSONObject()
        object["accountId"] = .string(gateway.stage.accountId)
        object["apiId"] = .string(gateway.stage.apiId)
        if let authorization, authorization.iam == nil { object["authorizer"] = authorization.contextValue }
        object["deploymentId"] = .string(gateway.stage.deploymentId)
        object["domainName"] = .string(host)
        object["domainPrefix"] = .string(Self.domainPrefix(host))
        object["extendedRequestId"] = .string(context.extendedRequestId)
        object["httpMethod"] = .string(request.method.rawValue)
        object["identity"] = .object(identity)
        object["path"] = .string("/" + gateway.stage.name + proxyPath)
        object["protocol"] = "HTTP/1.1"
        object["requestId"] = .string(context.requestId)
        object["requestTime"] = .string(ExecutionLogFormat.clf(context.timeEpochMillis))
        object["requestTimeEpoch"] = .number(JSONNumber(context.timeEpochMillis))
        object["resourceId"] = .string(method.resourceId)
        object["resourcePath"] = .string(method.resourcePath)
        object["stage"] = .string(gateway.stage.name)
        return object
    }

    func lambdaProxy(_ method: CompiledMethod) async throws(GatewayFailure) -> GatewayResponse {
        let integration = method.method.integration
        guard let name = integration.functionName else { throw GatewayFailure(.apiConfigurationError) }
        // A Lambda proxy integration is invoked with POST ("Set up Lambda proxy integrations"); any other
        // integration method fails the request with 500.
        if let verb = integration.httpMethod, verb != "POST" {
            note("Execution failed due to configuration error: the AWS_PROXY integration can only be used with POST, not \(verb)")
            throw GatewayFailure(.apiConfigurationError)
        }
        let payload = proxyEvent(method).serializedBytes()
        note("Endpoint request URI: \(integration.uri)")
        noteConnection(integration)
        note("Endpoint request body after transformations: \(String(decoding: payload, as: UTF8.self))")
        let cached = cachedAnswer()
        let result: LambdaResult
        if case .lambda(let body)? = cached {
            result = .success(body)
        } else {
            result = try await integrationCall { () async throws(IntegrationError) in
                try await gateway.backend.invokeLambda(name, payload: payload, timeoutInMillis: integration.timeoutInMillis)
            }
        }
        guard case .success(let body) = result else {
            noteIntegrationStatus(200)
            note("Lambda execution failed with status 200 due to customer function error")
            return malformedProxyResponse()
        }
        note("Endpoint response body before transformations: \(String(decoding: body, as: UTF8.self))")
        guard let response = proxyResponse(body) else {
            noteIntegrationStatus(200)
            return malformedProxyResponse()
        }
        if cached == nil {
            // `$context.integration.status` is the function's statusCode, `integrationStatus` Lambda's own 200
            // ("Variables for access logging for API Gateway").
            noteIntegrationStatus(response.status.code, service: 200)
            storeAnswer(.lambda(body), status: response.status.code)
        }
        note("Method completed with status: \(response.status.code)")
        return response
    }

    /// The client's response from a Lambda proxy response ("Output format of a Lambda function for proxy
    /// integration"): an object of `statusCode`, `headers`, `multiValueHeaders`, `body` and
    /// `isBase64Encoded`, none required and nothing else allowed (as recorded on AWS); nil when malformed
    /// (502). Header values are strings or booleans; a multi-value header replaces the single one of the
    /// same name. A base64 body is decoded when the request's `Accept` is a binary media type.
    func proxyResponse(_ body: [UInt8]) -> GatewayResponse? {
        guard case .object(let object)? = try? JSONValue(parsing: body) else { return nil }
        let allowed: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]
        guard object.keys.allSatisfy(allowed.contains) else { return nil }
        let status: Int
        switch object["statusCode"] {
        case .number(let n)?:
            let double = n.doubleValue
            guard let v = n.int64Value ?? (double.isFinite && abs(double) < 1e9 ? Int64(double) : nil) else { return nil }
            status = Int(v)
        case .string(let s)?:
            guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else { return nil }
            status = v
        case nil, .null?: status = 200
        default: return nil
        }
        guard (100...599).contains(status) else { return nil }
        func headerText(_ value: JSONValue) -> String? {
            switch value {
            case .string(let s): s
            case .bool(let b): b ? "true" : "false"
            default: nil
            }
        }
        var fields: [(HTTPField.Name, [String])] = []
        func set(_ name: HTTPField.Name, _ values: [String]) {
            fields.removeAll { $0.0 == name }
            fields.append((name, values))
        }
        switch object["headers"] {
        case .object(let single)?:
            for (key, value) in single {
                guard let field = HTTPField.Name(key), let text = headerText(value) else { return nil }
                set(field, [text])
            }
        case nil, .null?: break
        default: return nil
        }
        switch object["multiValueHeaders"] {
        case .object(let multi)?:
            for (key, values) in multi {
                guard let field = HTTPField.Name(key) else { return nil }
                switch values {
                case .array(let items):
                    var texts: [String] = []
                    for item in items {
                        guard let text = headerText(item) else { return nil }
                        texts.append(text)
                    }
                    set(field, texts)
                case .null: continue
                default:
                    guard let text = headerText(values) else { return nil }
                    set(field, [text])
                }
            }
        case nil, .null?: break
        default: return nil
        }
        var outBody: [UInt8] = []
        switch object["body"] {
        case .string(let text)?:
            let encoded: Bool
            switch object["isBase64Encoded"] {
            case .bool(let b)?: encoded = b
            case nil, .null?: encoded = false
            default: return nil
            }
            if encoded, gateway.isBinary(request.headers.value(.accept)) {
                guard let bytes = Base64Coding.decode(text.utf8) else { return nil }
                outBody = bytes
            } else {
                outBody = Array(text.utf8)
            }
        case nil, .null?: break
        default: return nil
        }
        var headers = HTTPFields()
        for (name, values) in fields {
            for value in values { headers.append(HTTPField(name: name, value: value)) }
        }
        headers = ReservedHeaders.response(headers, httpProxy: false)
        if !headers.contains(.contentType) { headers.set(.contentType, "application/json") }
        headers.set(.amznRequestId, context.requestId)
        return GatewayResponse(status: HTTPResponse.Status(standardCode: status), headers: headers, body: outBody)
    }

    func malformedProxyResponse() -> GatewayResponse {
        note("Execution failed due to configuration error: Malformed Lambda proxy response")
        note("Method completed with status: 502")
        trace.integrationError = "Malformed Lambda proxy response"
        var headers = HTTPFields()
        headers.set(.contentType, "application/json")
        headers.set(.amznErrorType, "InternalServerErrorException")
        headers.set(.amznRequestId, context.requestId)
        return GatewayResponse(status: .badGateway, headers: headers, body: Array(#"{"message": "Internal server error"}"#.utf8))
    }

    /// HTTP proxy: the request goes to the URI as it came (path parameters as sent, so `%2F` stays `%2F`),
    /// with the integration's `requestParameters` applied; the answer comes back as it is, but for the
    /// headers API Gateway drops or remaps.
    func httpProxy(_ method: CompiledMethod) async throws(GatewayFailure) -> GatewayResponse {
        let integration = method.method.integration
        let mapped = mappedParameters(method, overrides: VTLOverrides())
        var pathValues = rawPathParameters
        for (target, source) in method.requestParameters {
            guard case .path(let name) = target else { continue }
            // A path parameter goes in as sent; any other value is encoded for the path.
            let value: String?
            if case .requestPath(let from) = source {
                value = rawPathParameters.first { $0.0 == from }?.1
            } else {
                value = requestValue(source).map(URITemplate.encodePath)
            }
            guard let value else { continue }
            pathValues.removeAll { $0.0 == name }
            pathValues.append((name, value))
        }
        var uri = method.uri.expand(pathValues) { $0 }
        var query = request.query.map { ($0.name, $0.value) }
        for (name, value) in mapped.query {
            query.removeAll { $0.0 == name }
            query.append((name, value))
        }
        if !query.isEmpty {
            uri += (method.uri.hasQuery ? "&" : "?") + Self.formEncoded(query)
        }
        var headers = ReservedHeaders.request(request.headers)
        headers[.hostHeader] = nil
        for field in mapped.header { headers.set(field.name, field.value) }
        let outgoing = IntegrationHTTPRequest(
            method: integration.httpMethod == nil || integration.httpMethod == "ANY" ? request.method.rawValue : integration.httpMethod!,
            uri: uri,
            headers: headers,
            body: request.body,
            timeoutInMillis: integration.timeoutInMillis
        )
        note("Endpoint request URI: \(uri)")
        noteConnection(integration)
        let answer = try await cachedHTTPCall { () async throws(IntegrationError) in try await gateway.backend.send(outgoing) }
        var outHeaders = ReservedHeaders.response(answer.headers, httpProxy: true)
        outHeaders.set(.amznRequestId, context.requestId)
        note("Method completed with status: \(answer.status)")
        return GatewayResponse(status: HTTPResponse.Status(standardCode: answer.status), headers: outHeaders, body: answer.body)
    }
}
