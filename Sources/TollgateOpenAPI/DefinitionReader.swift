import Foundation
import TollgateGateway
import TollgateJSON

/// Reads Swagger 2.0 and OpenAPI 3.0 into the gateway's model. Every error names its JSON Pointer.
struct DefinitionReader {
    let document: JSONValue
    let isOpenAPI3: Bool

    init(document: JSONValue) {
        self.document = document
        isOpenAPI3 = document["openapi"]?.stringValue?.hasPrefix("3") == true
    }

    static let operations = ["get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"]
    /// A path item's members that are not operations (Swagger 2.0 and OpenAPI 3).
    static let pathItemFields: Set<String> = ["parameters", "summary", "description", "servers", "$ref"]

    func fail(_ pointer: [String], _ message: String) -> DefinitionError {
        DefinitionError(location: location(pointer), message: message)
    }

    /// A JSON Pointer from its tokens.
    func location(_ pointer: [String]) -> String {
        pointer.isEmpty ? "/" : JSONPointer(tokens: pointer).description
    }

    func object(_ value: JSONValue?, _ pointer: [String]) throws(DefinitionError) -> JSONObject? {
        guard let value else { return nil }
        guard case .object(let object) = value else { throw fail(pointer, "expected an object, found \(value.typeName)") }
        return object
    }

    func string(_ value: JSONValue?, _ pointer: [String]) throws(DefinitionError) -> String? {
        guard let value else { return nil }
        switch value {
        case .string(let s): return s
        case .number(let n): return n.lexeme
        case .bool(let b): return b ? "true" : "false"
        default: throw fail(pointer, "expected a string, found \(value.typeName)")
        }
    }

    func strings(_ value: JSONValue?, _ pointer: [String]) throws(DefinitionError) -> [String: String] {
        guard let members = try object(value, pointer) else { return [:] }
        var out: [String: String] = [:]
        for (key, member) in members { out[key] = try string(member, pointer + [key]) }
        return out
    }

    func orderedStrings(_ value: JSONValue?, _ pointer: [String]) throws(DefinitionError) -> [(contentType: String, template: String)] {
        guard let members = try object(value, pointer) else { return [] }
        var out: [(contentType: String, template: String)] = []
        for (key, member) in members { out.append((key, try string(member, pointer + [key]) ?? "")) }
        return out
    }

    /// Follows a local `$ref` (`#/parameters/x`, `#/components/parameters/x`).
    func resolve(_ value: JSONValue, _ pointer: [String]) throws(DefinitionError) -> JSONValue {
        guard case .string(let ref)? = value["$ref"] else { return value }
        guard ref.hasPrefix("#"), let target = (try? JSONPointer(uriFragment: ref)).flatMap({ document[$0] }) else {
            throw fail(pointer + ["$ref"], "dangling $ref \(ref)")
        }
        return target
    }

    mutating func read() throws(DefinitionError) -> APIDefinition {
        guard case .object = document else { throw fail([], "an API definition is a JSON or YAML object") }
        guard document["swagger"] != nil || document["openapi"] != nil else {
            throw fail([], "not a Swagger 2.0 or OpenAPI 3 document (no \"swagger\" or \"openapi\" field)")
        }
        var api = APIDefinition(title: document["info"]?["title"]?.stringValue ?? "", document: document)

        // Validators (docs/behaviour.md §6, §11).
        if let validators = try object(document["x-amazon-apigateway-request-validators"], ["x-amazon-apigateway-request-validators"]) {
            for (name, value) in validators {
                let pointer = ["x-amazon-apigateway-request-validators", name]
                guard case .object = value else { throw fail(pointer, "a request validator is an object") }
                api.validators[name] = RequestValidator(
                    validateRequestBody: value["validateRequestBody"]?.boolValue ?? false,
                    validateRequestParameters: value["validateRequestParameters"]?.boolValue ?? false
                )
            }
        }
        let defaultValidator = try string(document["x-amazon-apigateway-request-validator"], ["x-amazon-apigateway-request-validator"])
        if let name = defaultValidator, api.validators[name] == nil {
            throw fail(["x-amazon-apigateway-request-validator"], "no request validator named \(name)")
        }

        // Models.
        let modelsPointer = isOpenAPI3 ? ["components", "schemas"] : ["definitions"]
        let models = isOpenAPI3 ? document["components"]?["schemas"] : document["definitions"]
        for (name, schema) in try object(models, modelsPointer) ?? JSONObject() { api.models[name] = schema }

        // Gateway responses (docs/behaviour.md §9).
        if let responses = try object(document["x-amazon-apigateway-gateway-responses"], ["x-amazon-apigateway-gateway-responses"]) {
            for (name, value) in responses {
                let pointer = ["x-amazon-apigateway-gateway-responses", name]
                guard let type = GatewayResponseType(rawValue: name) else { throw fail(pointer, "unknown gateway response type \(name)") }
                var settings = GatewayResponseSettings()
                if let code = try string(value["statusCode"], pointer + ["statusCode"]) {
                    guard let status = Int(code), (100...599).contains(status) else {
                        throw fail(pointer + ["statusCode"], "not an HTTP status: \(code)")
                    }
                    settings.statusCode = status
                }
                settings.responseParameters = try strings(value["responseParameters"], pointer + ["responseParameters"])
                settings.responseTemplates = try orderedStrings(value["responseTemplates"], pointer + ["responseTemplates"])
                api.gatewayResponses[type] = settings
            }
        }
        if let types = document["x-amazon-apigateway-binary-media-types"] {
            guard case .array(let items) = types else { throw fail(["x-amazon-apigateway-binary-media-types"], "expected an array of media types") }
            api.binaryMediaTypes = items.compactMap(\.stringValue)
        }
        if let source = try string(document["x-amazon-apigateway-api-key-source"], ["x-amazon-apigateway-api-key-source"]) {
            guard let parsed = APIKeySource(rawValue: source.uppercased()) else {
                throw fail(["x-amazon-apigateway-api-key-source"], "HEADER or AUTHORIZER, found \(source)")
            }
            api.apiKeySource = parsed
        }

        // "x-amazon-apigateway-policy": the resource policy, an object (or its JSON text).
        if let policy = document["x-amazon-apigateway-policy"] {
            if case .string(let text) = policy {
                guard let parsed = try? JSONValue(parsing: text), case .object = parsed else {
                    throw fail(["x-amazon-apigateway-policy"], "the resource policy is not a JSON object")
                }
                api.resourcePolicy = parsed
            } else {
                guard case .object = policy else { throw fail(["x-amazon-apigateway-policy"], "the resource policy is not a JSON object") }
                api.resourcePolicy = policy
            }
        }

        // Security schemes: API keys, IAM, and the authorizers they declare.
        let (schemes, authorizers) = try securitySchemes()
        api.authorizers = authorizers

        // Resources and methods.
        for (path, item) in try object(document["paths"], ["paths"]) ?? JSONObject() {
            let itemPointer = ["paths", path]
            guard case .object(let operations) = item else { throw fail(itemPointer, "a path item is an object") }
            var resource = Resource(path: path)
            let shared = operations["parameters"]?.arrayValue ?? []
            // Keys API Gateway would not read as an operation (`any:` for `x-amazon-apigateway-any-method`,
            // a misspelt method): kept as warnings with their place, never dropped without a word.
            for key in operations.keys where !Self.operations.contains(key) && !Self.pathItemFields.contains(key) && !key.hasPrefix("x-") {
                api.warnings.append(fail(itemPointer + [key], "\(key) is not an operation: it is not served"))
            }
            for (key, operation) in operations where Self.operations.contains(key) {
                let name = key == "x-amazon-apigateway-any-method" ? "ANY" : key.uppercased()
                resource.methods[name] = try method(
                    operation,
                    shared: shared,
                    pointer: itemPointer + [key],
                    validators: api.validators,
                    defaultValidator: defaultValidator,
                    schemes: schemes
                )
            }
            api.resources.append(resource)
        }
        return api
    }

    func method(
        _ operation: JSONValue,
        shared: [JSONValue],
        pointer: [String],
        validators: [String: RequestValidator],
        defaultValidator: String?,
        schemes: [String: SecurityScheme]
    ) throws(DefinitionError) -> Method {
        guard case .object = operation else { throw fail(pointer, "an operation is an object") }
        // Parameters: the operation's override the path item's by name and location.
        var parameters: [(String, String, JSONValue)] = []
        for (index, raw) in (shared + (operation["parameters"]?.arrayValue ?? [])).enumerated() {
            let parameter = try resolve(raw, pointer + ["parameters", String(index)])
            guard let name = parameter["name"]?.stringValue, let location = parameter["in"]?.stringValue else {
                throw fail(pointer + ["parameters", String(index)], "a parameter needs \"name\" and \"in\"")
            }
            parameters.removeAll { $0.0 == name && $0.1 == location }
            parameters.append((name, location, parameter))
        }
        var required: [(location: ParameterLocation, name: String)] = []
        var models: [String: JSONValue] = [:]
        let consumes =
            operation["consumes"]?.arrayValue?.compactMap(\.stringValue) ?? document["consumes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for (name, location, parameter) in parameters {
            switch location {
            case "body":
                if let schema = parameter["schema"] {
                    for type in consumes.isEmpty ? ["application/json"] : consumes { models[type] = schema }
                }
            case "query", "header", "path":
                if parameter["required"]?.boolValue == true {
                    required.append((location == "query" ? .querystring : (location == "header" ? .header : .path), name))
                }
            default: break
            }
        }
        if isOpenAPI3, let body = try resolveOptional(operation["requestBody"], pointer + ["requestBody"]) {
            for (type, media) in try object(body["content"], pointer + ["requestBody", "content"]) ?? JSONObject() {
                if let schema = media["schema"] { models[type] = schema }
            }
        }
        // Validator: the operation's, else the API's default (docs/behaviour.md §11).
        var validator: RequestValidator?
        if let name = try string(operation["x-amazon-apigateway-request-validator"], pointer + ["x-amazon-apigateway-request-validator"])
            ?? defaultValidator
        {
            guard let found = validators[name] else {
                throw fail(pointer + ["x-amazon-apigateway-request-validator"], "no request validator named \(name)")
            }
            validator = found
        }
        let (apiKeyRequired, authorization, scopes) = try security(operation, pointer: pointer, schemes: schemes)
        var responses: [String: MethodResponse] = [:]
        for (code, response) in try object(operation["responses"], pointer + ["responses"]) ?? JSONObject() where code != "default" {
            let resolved = try resolve(response, pointer + ["responses", code])
            responses[code] = MethodResponse(headers: (resolved["headers"]?.objectValue?.keys) ?? [])
        }
        guard let integrationValue = operation["x-amazon-apigateway-integration"] else {
            throw fail(pointer, "the method has no x-amazon-apigateway-integration")
        }
        return Method(
            requiredParameters: required,
            validator: validator,
            requestModels: models,
            apiKeyRequired: apiKeyRequired,
            authorization: authorization,
            authorizationScopes: scopes,
            integration: try integration(integrationValue, pointer + ["x-amazon-apigateway-integration"]),
            responses: responses,
            location: location(pointer)
        )
    }

    func resolveOptional(_ value: JSONValue?, _ pointer: [String]) throws(DefinitionError) -> JSONValue? {
        guard let value else { return nil }
        return try resolve(value, pointer)
    }

    func integration(_ value: JSONValue, _ pointer: [String]) throws(DefinitionError) -> Integration {
        guard case .object = value else { throw fail(pointer, "x-amazon-apigateway-integration is an object") }
        guard let typeName = try string(value["type"], pointer + ["type"]) else { throw fail(pointer, "the integration has no type") }
        guard let type = IntegrationType(rawValue: typeName.lowercased()) else {
            throw fail(pointer + ["type"], "unknown integration type \"\(typeName)\" (expected http, http_proxy, aws, aws_proxy or mock)")
        }
        var integration = Integration(type: type, location: location(pointer))
        integration.uri = try string(value["uri"], pointer + ["uri"]) ?? ""
        if type != .mock && integration.uri.isEmpty { throw fail(pointer, "a \(typeName) integration needs a uri") }
        integration.httpMethod = try string(value["httpMethod"], pointer + ["httpMethod"])?.uppercased()
        integration.requestParameters = try strings(value["requestParameters"], pointer + ["requestParameters"])
        integration.requestTemplates = try orderedStrings(value["requestTemplates"], pointer + ["requestTemplates"])
        if let behavior = try string(value["passthroughBehavior"], pointer + ["passthroughBehavior"]) {
            guard let parsed = PassthroughBehavior(rawValue: behavior.lowercased()) else {
                throw fail(pointer + ["passthroughBehavior"], "when_no_match, when_no_templates or never, found \(behavior)")
            }
            integration.passthroughBehavior = parsed
        }
        integration.contentHandling = try contentHandling(value["contentHandling"], pointer + ["contentHandling"])
        integration.credentials = try string(value["credentials"], pointer + ["credentials"])
        integration.connectionType = try string(value["connectionType"], pointer + ["connectionType"])?.uppercased()
        integration.connectionId = try string(value["connectionId"], pointer + ["connectionId"])
        integration.cacheNamespace = try string(value["cacheNamespace"], pointer + ["cacheNamespace"])
        if let keys = value["cacheKeyParameters"] {
            guard case .array(let items) = keys else { throw fail(pointer + ["cacheKeyParameters"], "cacheKeyParameters is a list of parameters") }
            integration.cacheKeyParameters = try items.enumerated().map { (index, item) throws(DefinitionError) in
                guard let name = item.stringValue else {
                    throw fail(pointer + ["cacheKeyParameters", String(index)], "a cache key parameter is a string")
                }
                return name
            }
        }
        if let timeout = value["timeoutInMillis"] {
            guard let millis = timeout.numberValue?.int64Value ?? timeout.stringValue.flatMap({ Int64($0) }), (50...29_000).contains(millis) else {
                throw fail(pointer + ["timeoutInMillis"], "timeoutInMillis is 50 to 29000")
            }
            integration.timeoutInMillis = Int(millis)
        }
        for (key, response) in try object(value["responses"], pointer + ["responses"]) ?? JSONObject() {
            let responsePointer = pointer + ["responses", key]
            guard case .object = response else { throw fail(responsePointer, "an integration response is an object") }
            guard let status = try string(response["statusCode"], responsePointer + ["statusCode"]) else {
                throw fail(responsePointer, "an integration response needs a statusCode")
            }
            guard let code = Int(status), (100...599).contains(code) else {
                throw fail(responsePointer + ["statusCode"], "not an HTTP status: \(status)")
            }
            integration.responses.append(
                IntegrationResponse(
                    selectionPattern: key == "default" ? nil : key,
                    statusCode: status,
                    responseParameters: try strings(response["responseParameters"], responsePointer + ["responseParameters"]),
                    responseTemplates: try orderedStrings(response["responseTemplates"], responsePointer + ["responseTemplates"]),
                    contentHandling: try contentHandling(response["contentHandling"], responsePointer + ["contentHandling"]),
                    location: location(responsePointer)
                )
            )
        }
        return integration
    }

    func contentHandling(_ value: JSONValue?, _ pointer: [String]) throws(DefinitionError) -> ContentHandling? {
        guard let text = try string(value, pointer) else { return nil }
        guard let parsed = ContentHandling(rawValue: text.uppercased()) else {
            throw fail(pointer, "CONVERT_TO_TEXT or CONVERT_TO_BINARY, found \(text)")
        }
        return parsed
    }
}
