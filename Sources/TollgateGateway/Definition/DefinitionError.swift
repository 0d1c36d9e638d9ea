public import TollgateJSON

/// A definition that cannot be loaded or served: where (a JSON Pointer into the document, such as
/// `/paths/~1orders/post/x-amazon-apigateway-integration/type`, or a `line:column` for a syntax error) and
/// why. `OpenAPILoader` throws it for what it reads; ``Gateway/init(_:stage:backend:access:rateLimitStore:strict:metrics:)`` for what it compiles.
/// A loader that knows the file sets ``file``, and ``line``/``column`` where the pointer names a node
/// of a YAML or JSON file.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    /// Where an error is.
    public enum Place: Sendable, Hashable, CustomStringConvertible {
        /// Nowhere in particular (the whole input).
        case none
        /// A node of the document (the root is the empty pointer).
        case pointer(JSONPointer)
        /// A place named in words: a `line:column`, a setting (`stage prod/throttle`), a template's
        /// logical id.
        case named(String)

        /// The place `text` names: a JSON Pointer when it starts with `/` and is one (`/` alone is
        /// the root), nowhere when empty, else a name.
        public init(_ text: String) {
            if text.isEmpty {
                self = .none
            } else if text == "/" {
                self = .pointer(JSONPointer(tokens: []))
            } else if text.hasPrefix("/"), let pointer = try? JSONPointer(text) {
                self = .pointer(pointer)
            } else {
                self = .named(text)
            }
        }

        /// The pointer as RFC 6901 writes it (`/` for the root), or the name.
        public var description: String {
            switch self {
            case .none: ""
            case .pointer(let pointer): pointer.tokens.isEmpty ? "/" : pointer.description
            case .named(let name): name
            }
        }
    }

    /// Where, as a value: a JSON Pointer into the document, or a place named in words.
    public var place: Place
    /// Where, as text: a JSON Pointer into the document, a `line:column`, or a setting's name
    /// (`stage prod/throttle`). Setting it sets ``place``.
    public var location: String {
        get { place.description }
        set { place = Place(newValue) }
    }
    /// The node the error is at, when its place is one.
    public var pointer: JSONPointer? {
        if case .pointer(let pointer) = place { return pointer }
        return nil
    }
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
        self.place = Place(location)
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
