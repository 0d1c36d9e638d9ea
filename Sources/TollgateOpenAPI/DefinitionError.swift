/// A definition that cannot be loaded: where (a JSON Pointer into the document, or a YAML line and
/// column) and why.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    /// A JSON Pointer (`/paths/~1orders/post/x-amazon-apigateway-integration/type`) or `line:column`.
    public let location: String
    public let message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}
