import Foundation
import HTTPTypes
import TollgateJSON
import TollgateJavaRegex
import TollgateVTL

// The integration response (docs/behaviour.md §8.2–8.5) and gateway responses (docs/behaviour.md §9).
extension Exchange {
    func integrationResponse(
        _ method: CompiledMethod,
        selectionValue: String?,
        body: [UInt8],
        headers: HTTPFields
    ) throws(GatewayFailure)
        -> GatewayResponse
    {
        let selection = method.selector.select(selectionValue)
        for diagnostic in selection.diagnostics { note(diagnostic) }
        // Spec §8.2: no match and no default is 500; so is a status with no method response.
        guard let compiled = selection.response else {
            note("Execution failed due to configuration error: No match for output mapping and no default output mapping configured")
            throw GatewayFailure(.apiConfigurationError)
        }
        guard compiled.hasMethodResponse else {
            note("Execution failed due to configuration error: Output mapping refers to an invalid method response: \(compiled.response.statusCode)")
            throw GatewayFailure(.apiConfigurationError)
        }
        guard let statusCode = compiled.status else { throw GatewayFailure(.apiConfigurationError) }
        if let refused = compiled.refusedHeader {
            note("Execution failed due to configuration error: the response header \(refused) cannot be set")
            throw GatewayFailure(.apiConfigurationError)
        }
        var status = statusCode
        var outHeaders = HTTPFields()
        // Room for what most responses carry (content type, request id, a few mapped headers): one allocation.
        outHeaders.reserveCapacity(4 + compiled.responseHeaders.count)
        var integrationText = Self.text(body, binary: false)
        let integrationContentType = headers.value(.contentType)

        // Spec §8.3: response parameters.
        var parsedBody: JSONValue??
        for (field, source) in compiled.responseHeaders {
            if let value = responseValue(source, body: body, headers: headers, parsed: &parsedBody) { outHeaders.set(field, value) }
        }

        // Response overrides the request template set (a mock's `#set($context.responseOverride.status = 444)`)
        // apply after the response parameters; the response template's, below, replace them.
        if let code = requestTemplateOverrides.responseStatus { status = code }
        for (name, value) in requestTemplateOverrides.responseHeaders.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { outHeaders.set(field, value) }
        }

        // Spec §7: the template for the first Accept type, else the first template, else the body as is.
        var outBody: [UInt8]
        var contentType: String?
        let accept = acceptType
        if !compiled.templates.isEmpty {
            let entry = compiled.templates.first { $0.contentType == accept } ?? compiled.templates[0]
            contentType = entry.contentType
            if let broken = entry.broken {
                note("Execution failed due to configuration error: Unable to transform response: \(broken)")
                throw GatewayFailure(.apiConfigurationError)
            }
            if let template = entry.template {
                if gateway.isBinary(integrationContentType.flatMap { Self.mediaType($0) } ?? "") { integrationText = Self.text(body, binary: true) }
                do {
                    outBody = []
                    let overrides = try render(template, body: integrationText, method: method, into: &outBody)
                    // Spec §8.4: overrides after responseParameters, replacing them.
                    if let code = overrides.responseStatus { status = code }
                    for (name, value) in overrides.responseHeaders.sorted(by: { $0.key < $1.key }) {
                        if let field = HTTPField.Name(name) { outHeaders.set(field, value) }
                    }
                } catch {
                    note("Execution failed due to configuration error: Unable to transform response: \(error)")
                    throw GatewayFailure(.apiConfigurationError)
                }
            } else {
                outBody = []
            }
        } else {
            // No template: the body passes through, but the backend's headers do not, Content-Type
            // included: the client gets application/json unless responseParameters map
            // `method.response.header.Content-Type` ("Set up an integration response": only mapped
            // headers reach the method response).
            outBody = body
            contentType = nil
        }
        outBody = try convertResponse(outBody, compiled.response.contentHandling, accept: accept, integrationContentType: integrationContentType)
        note("Method response body after transformations: \(String(decoding: outBody, as: UTF8.self))")
        if !outHeaders.contains(.contentType) { outHeaders.set(.contentType, contentType ?? "application/json") }
        outHeaders.set(.amznRequestId, context.requestId)
        note("Method response headers: \(ExecutionLogFormat.map(outHeaders.map { ($0.name.rawName, $0.value) }))")
        note("Successfully completed execution")
        note("Method completed with status: \(status)")
        return GatewayResponse(status: HTTPResponse.Status(standardCode: status), headers: outHeaders, body: outBody)
    }

    /// A response-side mapping source's value (docs/behaviour.md §8.3). For a Lambda error, `errorMessage` holding JSON
    /// is parsed, so `integration.response.body.errorMessage.httpStatus` works. `parsed` keeps the body's
    /// value for the next mapping of the same response.
    func responseValue(_ source: MappingSource, body: [UInt8], headers: HTTPFields, parsed: inout JSONValue??) -> String? {
        switch source {
        case .responseHeader(let field): return headers.value(field)
        case .responseMultiValueHeader(let field): return headers[values: field].joined(separator: ",")
        case .responseBody: return String(decoding: body, as: UTF8.self)
        case .responseBodyPath(let path):
            return Self.headerText(Self.json(of: body, cached: &parsed).flatMap { path.read($0) })
        case .responseBodyKeys(let keys):
            var current = Self.json(of: body, cached: &parsed)
            for key in keys { current = current?[key] }
            return Self.headerText(current)
        default: return requestValue(source)
        }
    }

    /// An integration body as JSON, its Lambda `errorMessage` parsed when it holds JSON; kept in `cached`.
    static func json(of body: [UInt8], cached: inout JSONValue??) -> JSONValue? {
        if let cached { return cached }
        var value = try? JSONValue(parsing: body)
        if case .string(let message)? = value?["errorMessage"], let inner = try? JSONValue(parsing: message), case .object(var object)? = value {
            object["errorMessage"] = inner
            value = .object(object)
        }
        cached = .some(value)
        return value
    }

    /// A mapped value as a header: a string as it is, anything else as compact JSON (docs/behaviour.md §8.3).
    static func headerText(_ value: JSONValue?) -> String? {
        value.map { $0.stringValue ?? $0.serialized() }
    }

    // MARK: Gateway responses (docs/behaviour.md §9)

    func statusFor(_ type: GatewayResponseType) -> Int {
        if let code = gateway.gatewayResponses[type]?.settings.statusCode { return code }
        if let family = type.family, let code = gateway.gatewayResponses[family]?.settings.statusCode { return code }
        return type.defaultStatus
    }

    /// The response for a failure: the type's own configured response, else the configured DEFAULT_4XX or
    /// DEFAULT_5XX, else the built-in `{"message":$context.error.messageString}`.
    func gatewayResponse(_ failure: GatewayFailure) -> GatewayResponse {
        let type = failure.type
        let own = gateway.gatewayResponses[type]
        let family = type.family.flatMap { gateway.gatewayResponses[$0] }
        let status = statusFor(type)
        let templates = own?.templates.isEmpty == false ? own!.templates : (family?.templates ?? [])
        // An authorizer's denial says `Message` with a capital M (as recorded on AWS, LocalStack's
        // gateway_response.py notes it): the built-in template differs for ACCESS_DENIED.
        let builtIn = type == .accessDenied ? GatewayResponseTemplate.builtInAccessDenied : .builtIn
        let template = templates.first { $0.contentType == acceptType }?.template ?? templates.first?.template ?? builtIn
        let parameters = gateway.gatewayResponseHeaders[type] ?? []
        var headers = HTTPFields()
        headers.reserveCapacity(3 + parameters.count)
        headers.set(.contentType, "application/json")
        headers.set(.amznErrorType, failure.errorType ?? type.errorType)
        headers.set(.amznRequestId, context.requestId)
        for (field, source) in parameters {
            if let value = requestValue(source) { headers.set(field, value) }
        }
        let body = template.render { name, source in substitution(name, source, failure) }
        return GatewayResponse(status: HTTPResponse.Status(standardCode: status), headers: headers, body: body)
    }

    /// The value of `$name` (parsed as `source`) in a gateway response template.
    func substitution(_ name: String, _ source: MappingSource, _ failure: GatewayFailure) -> String? {
        switch name {
        case "context.error.message": return failure.message ?? ""
        case "context.error.messageString":
            guard let message = failure.message else { return "null" }
            return JSONValue.string(message).serialized()
        case "context.error.responseType": return failure.type.rawValue
        case "context.error.validationErrorString": return failure.validationErrorString
        default:
            if case .context = source, method == nil {
                // Before routing: only the request-level variables.
                switch name {
                case "context.requestId": return context.requestId
                case "context.stage": return gateway.stage.name
                case "context.httpMethod": return request.method.rawValue
                default: return nil
                }
            }
            return requestValue(source)
        }
    }
}

/// Gateway response templates are not VTL (docs/behaviour.md §9): only `$context.*`, `$stageVariables.*` and
/// `$method.request.*` references (`${…}` too) are replaced; everything else is copied. Parsed once.
struct GatewayResponseTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        /// A reference: its name, and the name parsed as a mapping source.
        case reference(String, MappingSource)
    }

    let parts: [Part]
    /// The length of the text parts, to size the output once.
    let textBytes: Int

    static let namespaces = ["context.", "stageVariables.", "method.request."]

    init(_ template: String) {
        var parts: [Part] = []
        let bytes = Array(template.utf8)
        var text: [UInt8] = []
        var i = 0
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$") else {
                text.append(bytes[i])
                i += 1
                continue
            }
            var j = i + 1
            let braced = j < bytes.count && bytes[j] == UInt8(ascii: "{")
            if braced { j += 1 }
            let nameStart = j
            while j < bytes.count, isNameByte(bytes[j]) { j += 1 }
            var nameEnd = j
            while nameEnd > nameStart, bytes[nameEnd - 1] == UInt8(ascii: ".") { nameEnd -= 1 }
            if !braced { j = nameEnd }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            let closed = !braced || (j < bytes.count && bytes[j] == UInt8(ascii: "}") && nameEnd == j)
            guard closed, Self.namespaces.contains(where: { name.hasPrefix($0) }) else {
                text.append(bytes[i])
                i += 1
                continue
            }
            let end = braced ? j + 1 : j
            if !text.isEmpty {
                parts.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
            parts.append(.reference(name, MappingSource(name)))
            i = end
        }
        if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        self.parts = parts
        textBytes = parts.reduce(0) { sum, part in
            if case .text(let text) = part { sum + text.utf8.count } else { sum }
        }
    }

    /// The text with each reference replaced by `lookup(name)`; a reference with no value renders empty,
    /// as in mapping templates.
    func render(_ lookup: (String, MappingSource) -> String?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(textBytes + 64)
        for part in parts {
            switch part {
            case .text(let text): out.append(contentsOf: text.utf8)
            case .reference(let name, let source): if let value = lookup(name, source) { out.append(contentsOf: value.utf8) }
            }
        }
        return out
    }

    /// `{"message":$context.error.messageString}` (docs/behaviour.md §9).
    static let builtIn = GatewayResponseTemplate(#"{"message":$context.error.messageString}"#)
    static let builtInAccessDenied = GatewayResponseTemplate(#"{"Message":$context.error.messageString}"#)
}
