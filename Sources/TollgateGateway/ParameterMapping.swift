import HTTPTypes
import TollgateJSON

/// The source side of a parameter mapping (`requestParameters`, `responseParameters`, a gateway
/// response's parameters), parsed when the definition loads so that a request only looks values up.
///
/// Sources, from the "Parameter mapping source reference" of the API Gateway developer guide
/// (spec §8.3): `'static'`, `stageVariables.X`, `context.X[.Y…]`, `method.request.{path|querystring|header|
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
            // A JSONPath without its `$.` (spec §8.3), so `items[0].id` works too.
            self = (try? JSONPath("$." + path)).map(MappingSource.responseBodyPath) ?? .responseBodyKeys(path.split(separator: ".").map(String.init))
        } else {
            self = .nothing
        }
    }
}

/// Where `integration.request.{header|querystring|path}.X` puts a value.
enum IntegrationRequestTarget: Sendable {
    case header(String)
    case querystring(String)
    case path(String)

    init?(_ target: String) {
        let parts = target.split(separator: ".", maxSplits: 3)
        guard parts.count == 4, parts[0] == "integration", parts[1] == "request" else { return nil }
        let name = String(parts[3])
        switch parts[2] {
        case "header": self = .header(name)
        case "querystring": self = .querystring(name)
        case "path": self = .path(name)
        default: return nil
        }
    }
}

/// Parameter mappings in the order they apply (by target, as the definition's keys sort), parsed once.
enum ParameterMappings {
    /// `integration.request.*` targets with their sources; other targets are left out.
    static func request(_ parameters: [String: String]) -> [(target: IntegrationRequestTarget, source: MappingSource)] {
        parameters.sorted { $0.key < $1.key }.compactMap { target, source in
            IntegrationRequestTarget(target).map { ($0, MappingSource(source)) }
        }
    }

    /// Header targets (`method.response.header.X` or `gatewayresponse.header.X`) with their sources.
    static func headers(_ parameters: [String: String], prefix: String) -> [(field: HTTPField.Name, source: MappingSource)] {
        parameters.sorted { $0.key < $1.key }.compactMap { target, source in
            target.without(prefix: prefix).flatMap { HTTPField.Name($0) }.map { ($0, MappingSource(source)) }
        }
    }
}

extension String {
    /// The rest after `prefix`, if the string starts with it.
    func without(prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
