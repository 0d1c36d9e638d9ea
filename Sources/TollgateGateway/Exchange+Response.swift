import Foundation
import HTTPTypes
import TollgateJSON
import TollgateJavaRegex
import TollgateVTL

// The integration response (spec §8.2–8.5) and gateway responses (spec §9).
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
        let response = compiled.response
        guard method.method.responses.isEmpty || method.method.responses[response.statusCode] != nil else {
            note("Execution failed due to configuration error: Output mapping refers to an invalid method response: \(response.statusCode)")
            throw GatewayFailure(.apiConfigurationError)
        }
        guard let statusCode = Int(response.statusCode), (100...599).contains(statusCode) else { throw GatewayFailure(.apiConfigurationError) }
        var status = statusCode
        var outHeaders = HTTPFields()
        // Room for what most responses carry (content type, request id, a few mapped headers): one allocation.
        outHeaders.reserveCapacity(4 + response.responseParameters.count)
        var integrationText = Self.text(body, binary: false)

        // Spec §8.3: response parameters.
        for (target, source) in response.responseParameters.sorted(by: { $0.key < $1.key }) {
            guard target.hasPrefix("method.response.header."), let field = HTTPField.Name(String(target.dropFirst("method.response.header.".count))),
                let value = responseSource(source, body: body, headers: headers)
            else { continue }
            outHeaders[field] = value
        }

        // Spec §7: the template for the first Accept type, else the first template, else the body as is.
        var outBody: [UInt8]
        var contentType: String?
        let accept = acceptType
        if !compiled.templates.isEmpty {
            let entry = compiled.templates.first { $0.contentType == accept } ?? compiled.templates[0]
            contentType = entry.contentType
            if let template = entry.template {
                if gateway.isBinary(headers[.contentType].flatMap { Self.mediaType($0) } ?? "") { integrationText = Self.text(body, binary: true) }
                do {
                    outBody = []
                    let overrides = try template.render(
                        VTLBindings(apiGateway: templateInput(body: integrationText, method: method, template: template)),
                        appendingTo: &outBody
                    )
                    // Spec §8.4: overrides after responseParameters, replacing them.
                    if let code = overrides.responseStatus { status = code }
                    for (name, value) in overrides.responseHeaders.sorted(by: { $0.key < $1.key }) {
                        if let field = HTTPField.Name(name) { outHeaders[field] = value }
                    }
                } catch {
                    note("Execution failed due to configuration error: Unable to transform response: \(error)")
                    throw GatewayFailure(.apiConfigurationError)
                }
            } else {
                outBody = []
            }
        } else {
            outBody = body
            contentType = headers[.contentType]
        }
        outBody = try convertResponse(outBody, response.contentHandling, accept: accept, integrationContentType: headers[.contentType])
        note("Method response body after transformations: \(String(decoding: outBody, as: UTF8.self))")
        if outHeaders[.contentType] == nil { outHeaders[.contentType] = contentType ?? "application/json" }
        outHeaders[.amznRequestId] = context.requestId
        note("Method response headers: \(ExecutionLogFormat.map(outHeaders.map { ($0.name.rawName, $0.value) }))")
        note("Successfully completed execution")
        note("Method completed with status: \(status)")
        return GatewayResponse(status: HTTPResponse.Status(standardCode: status), headers: outHeaders, body: outBody)
    }

    /// A response-side mapping source (spec §8.3). For a Lambda error, `errorMessage` holding JSON is parsed,
    /// so `integration.response.body.errorMessage.httpStatus` works.
    func responseSource(_ source: String, body: [UInt8], headers: HTTPFields) -> String? {
        if source.hasPrefix("integration.response.header.") {
            return HTTPField.Name(String(source.dropFirst("integration.response.header.".count))).flatMap { headers[$0] }
        }
        if source.hasPrefix("integration.response.multivalueheader.") {
            return HTTPField.Name(String(source.dropFirst("integration.response.multivalueheader.".count))).map {
                headers[values: $0].joined(separator: ",")
            }
        }
        if source == "integration.response.body" { return String(decoding: body, as: UTF8.self) }
        if source.hasPrefix("integration.response.body.") {
            guard var value = try? JSONValue(parsing: body) else { return nil }
            if case .string(let message)? = value["errorMessage"], let parsed = try? JSONValue(parsing: message), case .object(var object) = value {
                object["errorMessage"] = parsed
                value = .object(object)
            }
            var current: JSONValue? = value
            for key in source.dropFirst("integration.response.body.".count).split(separator: ".") { current = current?[String(key)] }
            guard let found = current else { return nil }
            return found.stringValue ?? found.serialized()
        }
        return requestSource(source)
    }

    // MARK: Gateway responses (spec §9)

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
        let template = templates.first { $0.contentType == acceptType }?.template ?? templates.first?.template ?? .builtIn
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.amznErrorType] = type.errorType
        headers[.amznRequestId] = context.requestId
        let parameters = (family?.settings.responseParameters ?? [:]).merging(own?.settings.responseParameters ?? [:]) { $1 }
        for (target, source) in parameters.sorted(by: { $0.key < $1.key }) {
            guard target.hasPrefix("gatewayresponse.header."), let field = HTTPField.Name(String(target.dropFirst("gatewayresponse.header.".count))),
                let value = requestSource(source)
            else { continue }
            headers[field] = value
        }
        let body = template.render { name in substitution(name, failure) }
        return GatewayResponse(status: HTTPResponse.Status(standardCode: status), headers: headers, body: Array(body.utf8))
    }

    /// The value of `$name` in a gateway response template.
    func substitution(_ name: String, _ failure: GatewayFailure) -> String? {
        switch name {
        case "context.error.message": return failure.message ?? ""
        case "context.error.messageString":
            guard let message = failure.message else { return "null" }
            return JSONValue.string(message).serialized()
        case "context.error.responseType": return failure.type.rawValue
        case "context.error.validationErrorString": return failure.validationErrorString
        default:
            if name.hasPrefix("context.") || name.hasPrefix("stageVariables.") {
                if name.hasPrefix("context."), method == nil {
                    // Before routing: only the request-level variables.
                    switch name {
                    case "context.requestId": return context.requestId
                    case "context.stage": return gateway.stage.name
                    case "context.httpMethod": return request.method.rawValue
                    default: return nil
                    }
                }
                return requestSource(name)
            }
            if name.hasPrefix("method.request.") { return requestSource(name) }
            return nil
        }
    }
}

/// Gateway response templates are not VTL (spec §9): only `$context.*`, `$stageVariables.*` and
/// `$method.request.*` references (`${…}` too) are replaced; everything else is copied. Parsed once.
struct GatewayResponseTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        /// A reference: its name and its source text (kept when the name is in no known namespace).
        case reference(String, source: String)
    }

    let parts: [Part]

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
            parts.append(.reference(name, source: String(decoding: bytes[i..<end], as: UTF8.self)))
            i = end
        }
        if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        self.parts = parts
    }

    /// The text with each reference replaced by `lookup(name)`; a reference with no value renders empty,
    /// as in mapping templates.
    func render(_ lookup: (String) -> String?) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .reference(let name, _): out += lookup(name) ?? ""
            }
        }
        return out
    }

    /// `{"message":$context.error.messageString}` (spec §9).
    static let builtIn = GatewayResponseTemplate(#"{"message":$context.error.messageString}"#)
}
