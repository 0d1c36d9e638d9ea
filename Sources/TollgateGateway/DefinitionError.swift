/// A definition that cannot be loaded or served: where (a JSON Pointer into the document, such as
/// `/paths/~1orders/post/x-amazon-apigateway-integration/type`, or a `line:column` for a syntax error) and
/// why. `OpenAPILoader` throws it for what it reads; ``Gateway/init(_:stage:backend:access:rateLimitStore:strict:metrics:)`` for what it compiles.
/// A loader that knows the file sets ``file``, and ``line``/``column`` where the pointer names a node
/// of a YAML or JSON file.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public var location: String
    public var message: String
    /// The file the location is in, when a loader knows it.
    public var file: String?
    /// The 1-based line and column of the node the location names.
    public var line: Int?
    public var column: Int?

    public init(location: String, message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.location = location
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `line:column: location: message` (the file left to the caller, who may know it better).
    public var description: String {
        var text = ""
        if let line, let column { text += "\(line):\(column): " }
        return text + (location.isEmpty ? message : "\(location): \(message)")
    }
}
