/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// It rejects everything RFC 8259 does not allow (comments, trailing commas, single quotes,
/// leading zeros, `NaN`/`Infinity`, unescaped control characters, invalid UTF-8, trailing
/// content) with a ``JSONParseError`` that carries the byte offset, line and column.
///
/// Decisions where RFC 8259 leaves a choice:
/// - **Byte-order mark**: a leading UTF-8 BOM (`EF BB BF`) is skipped, as Jackson (API
///   Gateway's parser) does; RFC 8259 §8.1 allows ignoring it. A BOM anywhere else is an error.
/// - **Lone surrogates** in `\u` escapes (`"\uD800"`) cannot be held by a Swift `String`; they
///   are rejected by default, or replaced by U+FFFD with ``Options/LoneSurrogatePolicy/replace``.
/// - **Duplicate keys**: the last value wins and keeps the first key's position (Jackson's
///   `ObjectNode` behaviour); see ``JSONObject``.
/// - **Depth**: arrays and objects may nest ``Options/maxDepth`` deep (default 512). The parser
///   does not recurse, so any limit is safe for the stack.
public struct JSONParser: Sendable {
    /// Parser settings.
    public struct Options: Sendable, Hashable {
        /// What to do with a `\u` escape of an unpaired UTF-16 surrogate.
        public enum LoneSurrogatePolicy: Sendable, Hashable {
            /// Fail with ``JSONParseError/Reason/loneSurrogate(_:)``.
            case reject
            /// Decode it as U+FFFD REPLACEMENT CHARACTER.
            case replace
        }

        /// The deepest nesting of arrays and objects accepted; deeper input fails with
        /// ``JSONParseError/Reason/depthLimitExceeded(_:)``.
        public var maxDepth: Int
        /// See ``LoneSurrogatePolicy``.
        public var loneSurrogates: LoneSurrogatePolicy

        /// Options with a nesting limit and a policy for lone surrogates in `\u` escapes.
        public init(maxDepth: Int = 512, loneSurrogates: LoneSurrogatePolicy = .reject) {
            self.maxDepth = maxDepth
            self.loneSurrogates = loneSurrogates
        }
    }

    /// The settings.
    public var options: Options

    /// A parser with `options`.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses one JSON text from UTF-8 bytes.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        try parse(bytes, knownValidUTF8: false)
    }

    /// ``parse(_:)-(UnsafeRawBufferPointer)``; `knownValidUTF8` when the bytes are a `String`'s.
    func parse(_ bytes: UnsafeRawBufferPointer, knownValidUTF8: Bool) throws(JSONParseError) -> JSONValue {
        let input = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        // The parser's stacks start on the call stack: small documents allocate only their values.
        return try ParserCore.withScratchAreas { (areas) throws(JSONParseError) -> JSONValue in
            var core = ParserCore(input: input, options: options, areas: areas)
            core.knownValidUTF8 = knownValidUTF8
            defer { core.releaseStorage() }
            return try core.parseDocument()
        }
    }

    /// Parses one JSON text from UTF-8 bytes.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let result { return try result.get() }
        return try parse(Array(bytes))
    }

    /// Parses one JSON text.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), knownValidUTF8: true) }
        }
        return try result.get()
    }
}

extension JSONValue {
    /// Parses a JSON text; see ``JSONParser``.
    public init(parsing text: String, options: JSONParser.Options = .init()) throws(JSONParseError) {
        self = try JSONParser(options: options).parse(text)
    }

    /// Parses a JSON text from UTF-8 bytes; see ``JSONParser``.
    public init(parsing bytes: some Collection<UInt8>, options: JSONParser.Options = .init()) throws(JSONParseError) {
        self = try JSONParser(options: options).parse(bytes)
    }
}
