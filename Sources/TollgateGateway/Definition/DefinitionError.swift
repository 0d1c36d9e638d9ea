/// A definition that cannot be loaded or served: where (a JSON Pointer into the document, such as
/// `/paths/~1orders/post/x-amazon-apigateway-integration/type`, or a `line:column` for a syntax error) and
/// why. `OpenAPILoader` throws it for what it reads; ``Gateway/init(_:stage:backend:access:rateLimitStore:strict:metrics:)`` for what it compiles.
/// A loader that knows the file sets ``file``, and ``line``/``column`` where the pointer names a node
/// of a YAML or JSON file.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    /// Where: a JSON Pointer into the document, a `line:column`, or a setting's name (`stage prod/throttle`).
    public var location: String
    /// Why, in words a user of API Gateway recognises.
    public var message: String
    /// The file the location is in, when a loader knows it.
    public var file: String?
    /// The 1-based line and column of the node the location names.
    public var line: Int?
    /// The 1-based column of the node the location names.
    public var column: Int?

    /// An error at `location` saying `message`, with the file and position when they are known.
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
