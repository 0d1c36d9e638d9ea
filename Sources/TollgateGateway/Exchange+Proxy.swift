import Foundation
import HTTPTypes
import TollgateJSON

// Proxy integrations: no templates, no integration responses (spec §7, §8.1).
extension Exchange {
    /// The Lambda proxy event, format 1.0.
    func proxyEvent(_ method: CompiledMethod) -> JSONValue {
        var headers = JSONObject()
        var multiHeaders = JSONObject()
        for field in request.headers {
            let name = field.name.rawName
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
        for (name, value) in self.pathParameters { pathParameters[name] = .string(value) }
        var stageVariables = JSONObject()
        for (name, value) in gateway.stage.variables { stageVariables[name] = .string(value) }
        let binary = gateway.isBinary(contentTypeHeader) || !Self.isUTF8(request.body)
        var event = JSONObject()
        event["resource"] = .string(method.resourcePath)
        event["path"] = .string(request.path)
        event["httpMethod"] = .string(request.method.rawValue)
        event["headers"] = headers.isEmpty ? .null : .object(headers)
        event["multiValueHeaders"] = multiHeaders.isEmpty ? .null : .object(multiHeaders)
        event["queryStringParameters"] = query.isEmpty ? .null : .object(query)
        event["multiValueQueryStringParameters"] = multiQuery.isEmpty ? .null : .object(multiQuery)
        event["pathParameters"] = pathParameters.isEmpty ? .null : .object(pathParameters)
        event["stageVariables"] = stageVariables.isEmpty ? .null : .object(stageVariables)
        event["requestContext"] = .object(contextObject(method))
        event["body"] = request.body.isEmpty ? .null : .string(Self.text(request.body, binary: binary))
        event["isBase64Encoded"] = .bool(binary && !request.body.isEmpty)
        return .object(event)
    }

    func lambdaProxy(_ method: CompiledMethod) async throws(GatewayFailure) -> GatewayResponse {
        let integration = method.method.integration
        guard let name = integration.functionName else { throw GatewayFailure(.apiConfigurationError) }
        let payload = proxyEvent(method).serializedBytes()
        note("Endpoint request URI: \(integration.uri)")
        note("Endpoint request body after transformations: \(String(decoding: payload, as: UTF8.self))")
        let result: LambdaResult
        do {
            result = try await gateway.backend.invokeLambda(name, payload: payload, timeoutInMillis: integration.timeoutInMillis)
        } catch {
            throw Self.failure(error)
        }
        guard case .success(let body) = result else {
            note("Lambda execution failed with status 200 due to customer function error")
            return malformedProxyResponse()
        }
        note("Endpoint response body before transformations: \(String(decoding: body, as: UTF8.self))")
        // A malformed proxy response is 502 (spec §12).
        guard case .object(let object)? = try? JSONValue(parsing: body) else { return malformedProxyResponse() }
        let status: Int
        switch object["statusCode"] {
        case .number(let n)?:
            guard let v = n.int64Value else { return malformedProxyResponse() }
            status = Int(v)
        case .string(let s)?:
            guard let v = Int(s) else { return malformedProxyResponse() }
            status = v
        case nil: status = 200
        default: return malformedProxyResponse()
        }
        guard (100...599).contains(status) else { return malformedProxyResponse() }
        var headers = HTTPFields()
        if case .object(let multi)? = object["multiValueHeaders"] {
            for (key, values) in multi {
                guard let field = HTTPField.Name(key), case .array(let items) = values else { return malformedProxyResponse() }
                for item in items { headers.append(HTTPField(name: field, value: item.stringValue ?? item.serialized())) }
            }
        }
        if case .object(let single)? = object["headers"] {
            for (key, value) in single {
                guard let field = HTTPField.Name(key) else { return malformedProxyResponse() }
                headers.set(field, value.stringValue ?? value.serialized())
            }
        } else if let other = object["headers"], !other.isNull {
            return malformedProxyResponse()
        }
        var outBody: [UInt8] = []
        switch object["body"] {
        case .string(let text)?:
            if object["isBase64Encoded"]?.boolValue == true {
                guard let data = Data(base64Encoded: text) else { return malformedProxyResponse() }
                outBody = [UInt8](data)
            } else {
                outBody = Array(text.utf8)
            }
        case nil, .null?: break
        default: return malformedProxyResponse()
        }
        if !headers.contains(.contentType) { headers.set(.contentType, "application/json") }
        headers.set(.amznRequestId, context.requestId)
        note("Method completed with status: \(status)")
        return GatewayResponse(status: HTTPResponse.Status(standardCode: status), headers: headers, body: outBody)
    }

    func malformedProxyResponse() -> GatewayResponse {
        note("Execution failed due to configuration error: Malformed Lambda proxy response")
        note("Method completed with status: 502")
        var headers = HTTPFields()
        headers.set(.contentType, "application/json")
        headers.set(.amznErrorType, "InternalServerErrorException")
        headers.set(.amznRequestId, context.requestId)
        return GatewayResponse(status: .badGateway, headers: headers, body: Array(#"{"message": "Internal server error"}"#.utf8))
    }

    /// HTTP proxy: the request goes to the URI (greedy path parameters filled in) as it came; the answer comes back as it is.
    func httpProxy(_ method: CompiledMethod) async throws(GatewayFailure) -> GatewayResponse {
        let integration = method.method.integration
        var uri = method.uri.expand(pathParameters) { $0 }
        if !request.query.isEmpty {
            uri += (method.uri.hasQuery ? "&" : "?") + Self.formEncoded(request.query.map { ($0.name, $0.value) })
        }
        var headers = request.headers
        headers[.hostHeader] = nil
        let outgoing = IntegrationHTTPRequest(
            method: integration.httpMethod == nil || integration.httpMethod == "ANY" ? request.method.rawValue : integration.httpMethod!,
            uri: uri,
            headers: headers,
            body: request.body,
            timeoutInMillis: integration.timeoutInMillis
        )
        note("Endpoint request URI: \(uri)")
        let answer: IntegrationHTTPResponse
        do {
            answer = try await gateway.backend.send(outgoing)
        } catch {
            throw Self.failure(error)
        }
        var outHeaders = answer.headers
        outHeaders.set(.amznRequestId, context.requestId)
        note("Method completed with status: \(answer.status)")
        return GatewayResponse(status: HTTPResponse.Status(standardCode: answer.status), headers: outHeaders, body: answer.body)
    }
}
