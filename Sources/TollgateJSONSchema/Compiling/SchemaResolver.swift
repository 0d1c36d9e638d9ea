public import TollgateJSON

/// Supplies the documents a schema's `$ref`s name outside itself.
public protocol JSONSchemaResolver: Sendable {
    /// The document at `uri` (without fragment), or `nil` when unknown.
    func document(at uri: String) throws -> JSONValue?
}

/// A resolver over documents held in memory: by URI, and API Gateway models by name.
///
/// API Gateway model references, `https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{name}`
/// (the form the AWS guide gives for cross-model `$ref`), resolve to `models[name]` for any
/// REST API id.
public struct SchemaDocuments: JSONSchemaResolver {
    /// Documents by URI (without fragment).
    public var documents: [String: JSONValue]
    /// API Gateway models by name.
    public var models: [String: JSONValue]

    /// A resolver of these documents and models.
    public init(documents: [String: JSONValue] = [:], models: [String: JSONValue] = [:]) {
        self.documents = documents
        self.models = models
    }

    /// The document at `uri`: one of documents, or a model named by an API Gateway model URL; nil when there is none.
    public func document(at uri: String) throws -> JSONValue? {
        if let document = documents[uri] { return document }
        if let name = Self.modelName(uri) { return models[name] }
        return nil
    }

    /// The model name in an API Gateway model URL, or `nil`.
    static func modelName(_ uri: String) -> String? {
        let prefix = "https://apigateway.amazonaws.com/restapis/"
        guard uri.hasPrefix(prefix) else { return nil }
        let parts = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1] == "models", !parts[2].isEmpty else { return nil }
        return String(parts[2])
    }
}
