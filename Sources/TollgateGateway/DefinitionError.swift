/// A definition that cannot be loaded or served: where (a JSON Pointer into the document, such as
/// `/paths/~1orders/post/x-amazon-apigateway-integration/type`, or a `line:column` for a syntax error) and
/// why. `OpenAPILoader` throws it for what it reads; ``Gateway/init(_:stage:backend:)`` for what it compiles.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public let location: String
    public let message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}
