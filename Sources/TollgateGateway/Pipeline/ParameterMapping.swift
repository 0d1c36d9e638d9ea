import HTTPTypes
import TollgateJSON

/// The source side of a parameter mapping (`requestParameters`, `responseParameters`, a gateway
/// response's parameters), parsed when the definition loads so that a request only looks values up.
///
/// Sources, from the "Parameter mapping source reference" of the API Gateway developer guide
/// (docs/behaviour.md §8.3): `'static'`, `stageVariables.X`, `context.X[.Y…]`, `method.request.{path|querystring|header|
/// multivaluequerystring|multivalueheader}.X`, `method.request.body[.JSONPath]`, and on the response side
/// `integration.response.{header|multivalueheader}.X` and `integration.response.body[.JSONPath]`.
/// Anything else maps to nothing.
enum MappingSource: Sendable {
    case literal(String)
    case stageVariable(String)
    /// `context.a.b`: the keys below `$context`.
    case context([String])
    case requestBody
    /// `method.request.body.X`: a JSONPath below the body (`$.X`).
    case requestBodyPath(JSONPath)
    case requestPath(String)
    case requestQuery(String)
    case requestHeader(HTTPField.Name)
    case requestMultiValueQuery(String)
    case requestMultiValueHeader(HTTPField.Name)
    case responseHeader(HTTPField.Name)
    case responseMultiValueHeader(HTTPField.Name)
    case responseBody
    /// `integration.response.body.X`: a JSONPath below the integration's JSON body (`$.X`).
    case responseBodyPath(JSONPath)
    /// `integration.response.body.a.b` when `$.a.b` is no JSONPath: the keys, split at dots.
    case responseBodyKeys([String])
    /// A source no request can fill.
    case nothing

    init(_ source: String) {
        if source.hasPrefix("'"), source.hasSuffix("'"), source.count >= 2 {
            self = .literal(String(source.dropFirst().dropLast()))
        } else if let name = source.without(prefix: "stageVariables.") {
            self = .stageVariable(name)
        } else if let keys = source.without(prefix: "context.") {
            self = .context(keys.split(separator: ".").map(String.init))
        } else if source == "method.request.body" {
            self = .requestBody
        } else if let path = source.without(prefix: "method.request.body.") {
            self = (try? JSONPath("$." + path)).map(MappingSource.requestBodyPath) ?? .nothing
        } else if let rest = source.without(prefix: "method.request.") {
            let parts = rest.split(separator: ".", maxSplits: 1)
            guard parts.count == 2 else {
                self = .nothing
                return
            }
            let name = String(parts[1])
            switch parts[0] {
            case "path": self = .requestPath(name)
            case "querystring": self = .requestQuery(name)
            case "header": self = HTTPField.Name(name).map(MappingSource.requestHeader) ?? .nothing
            case "multivaluequerystring": self = .requestMultiValueQuery(name)
            case "multivalueheader": self = HTTPField.Name(name).map(MappingSource.requestMultiValueHeader) ?? .nothing
            default: self = .nothing
            }
        } else if let name = source.without(prefix: "integration.response.header.") {
            self = HTTPField.Name(name).map(MappingSource.responseHeader) ?? .nothing
        } else if let name = source.without(prefix: "integration.response.multivalueheader.") {
            self = HTTPField.Name(name).map(MappingSource.responseMultiValueHeader) ?? .nothing
        } else if source == "integration.response.body" {
            self = .responseBody
        } else if let path = source.without(prefix: "integration.response.body.") {
            // A JSONPath without its `$.` (docs/behaviour.md §8.3), so `items[0].id` works too.
            self = (try? JSONPath("$." + path)).map(MappingSource.responseBodyPath) ?? .responseBodyKeys(path.split(separator: ".").map(String.init))
        } else {
            self = .nothing
        }
    }
}

/// Where `integration.request.{header|querystring|path}.X` puts a value.
enum IntegrationRequestTarget: Sendable {
    /// A header, its name made once.
    case header(HTTPField.Name)
    case querystring(String)
    case path(String)

    init?(_ target: String) {
        let parts = target.split(separator: ".", maxSplits: 3)
        guard parts.count == 4, parts[0] == "integration", parts[1] == "request" else { return nil }
        let name = String(parts[3])
        switch parts[2] {
        case "header":
            guard let field = HTTPField.Name(name) else { return nil }
            self = .header(field)
        case "querystring": self = .querystring(name)
        case "path": self = .path(name)
        default: return nil
        }
    }
}

/// Parameter mappings in the order they apply (by target, as the definition's keys sort), parsed once.
/// A target or source no request can use is a load error in API Gateway's words (its `PutIntegration`
/// answers `Invalid mapping expression specified: Validation Result: … errors : [… X]`, as quoted in
/// awsdocs/amazon-api-gateway-developer-guide#24 and aws-apigateway-importer#58), instead of a mapping
/// that silently never fills. Not checked: that a `method.request.*` source is declared on the method.
enum ParameterMappings {
    /// `integration.request.*` targets with request-side sources.
    static func request(
        _ parameters: [String: String],
        at location: String
    ) throws(DefinitionError)
        -> [(target: IntegrationRequestTarget, source: MappingSource)]
    {
        var mappings: [(target: IntegrationRequestTarget, source: MappingSource)] = []
        for (target, expression) in parameters.sorted(by: { $0.key < $1.key }) {
            let here = location + "/" + JSONPointer.escape(target)
            guard let parsed = IntegrationRequestTarget(target) else { throw invalid(target, at: here) }
            let source = MappingSource(expression)
            guard source.isRequestSide || source.isUnreadableBodyPath(expression) else { throw invalid(expression, at: here) }
            mappings.append((parsed, source))
        }
        return mappings
    }

    /// Header targets (`method.response.header.X`, or `gatewayresponse.header.X` with request-side
    /// sources only) with their sources.
    static func headers(
        _ parameters: [String: String],
        prefix: String,
        requestSideOnly: Bool,
        at location: String
    ) throws(DefinitionError)
        -> [(field: HTTPField.Name, source: MappingSource)]
    {
        var mappings: [(field: HTTPField.Name, source: MappingSource)] = []
        for (target, expression) in parameters.sorted(by: { $0.key < $1.key }) {
            let here = location + "/" + JSONPointer.escape(target)
            guard let field = target.without(prefix: prefix).flatMap({ HTTPField.Name($0) }) else { throw invalid(target, at: here) }
            let source = MappingSource(expression)
            let usable = source.isRequestSide || (!requestSideOnly && source.isResponseSide)
            guard usable || source.isUnreadableBodyPath(expression) else { throw invalid(expression, at: here) }
            mappings.append((field, source))
        }
        return mappings
    }

    static func invalid(_ expression: String, at location: String) -> DefinitionError {
        DefinitionError(location: location, message: "Invalid mapping expression specified: \(expression)")
    }
}

extension MappingSource {
    /// A source a method request fills (every kind but the integration response's).
    var isRequestSide: Bool {
        switch self {
        case .literal, .stageVariable, .context, .requestBody, .requestBodyPath, .requestPath, .requestQuery, .requestHeader,
            .requestMultiValueQuery, .requestMultiValueHeader:
            true
        case .responseHeader, .responseMultiValueHeader, .responseBody, .responseBodyPath, .responseBodyKeys, .nothing: false
        }
    }

    /// A source the integration response fills.
    var isResponseSide: Bool {
        switch self {
        case .responseHeader, .responseMultiValueHeader, .responseBody, .responseBodyPath, .responseBodyKeys: true
        default: false
        }
    }

    /// `method.request.body.X` whose JSONPath this reader does not take: left to map to nothing rather
    /// than refused, since Jayway may read paths this one does not.
    func isUnreadableBodyPath(_ expression: String) -> Bool {
        if case .nothing = self { return expression.hasPrefix("method.request.body.") }
        return false
    }
}

extension String {
    /// The rest after `prefix`, if the string starts with it.
    func without(prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
