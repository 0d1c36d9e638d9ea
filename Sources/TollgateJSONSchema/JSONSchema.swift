public import TollgateJSON

/// A compiled JSON Schema draft-04 validator that gives API Gateway's verdict and messages.
///
/// API Gateway validates request bodies with fge json-schema-validator; this validator
/// follows it (docs/behaviour.md §J): the same keywords and types (`1.0` is a
/// `number`, not an `integer`), the same message texts, the same error order (keywords in
/// alphabetical order, `format` last, then array elements by index and object members by
/// sorted name), and by default fge's rule of not descending further once an error is
/// reported.
///
/// ```swift
/// let schema = try JSONSchema(modelJSON)            // compile once, share between threads
/// schema.isValid(body)                              // fast path, builds no messages
/// let result = schema.validate(body)                // errors with pointers and fge's messages
/// result.apiGatewayLogLine                           // "Request body does not match model schema ..."
/// ```
public struct JSONSchema: Sendable {
    let nodes: [SchemaNode]
    let program: FastProgram
    let root: Int

    /// A schema that does not compile, with the location of the offending keyword.
    public struct CompileError: Error, Sendable, CustomStringConvertible {
        /// Where the offending keyword is.
        public let location: SchemaLocation
        /// What is wrong with it.
        public let message: String
        /// `/properties/shares/minimum: expected a number` (with the document URI for another document).
        public var description: String {
            let pointer = location.pointer.description
            return (location.document.isEmpty ? "" : location.document + "#") + (pointer.isEmpty ? "/" : pointer) + ": " + message
        }
    }

    /// Compiles `schema`.
    /// - Parameters:
    ///   - schema: the draft-04 schema (a model).
    ///   - baseURI: the URI the schema is known by (an `id` in it takes precedence), for relative `$ref`s.
    ///   - resolver: supplies other documents `$ref` names (see ``SchemaDocuments`` for API Gateway models).
    public init(_ schema: JSONValue, baseURI: String = "", resolver: (any JSONSchemaResolver)? = nil) throws(CompileError) {
        try self.init(document: schema, at: .root, baseURI: baseURI, resolver: resolver)
    }

    /// Compiles the schema at `pointer` inside `document`, such as a Swagger 2.0 model under
    /// `/definitions/Name` whose `$ref`s (`#/definitions/Order`) point into the same document.
    public init(document: JSONValue, at pointer: JSONPointer, baseURI: String = "", resolver: (any JSONSchemaResolver)? = nil) throws(CompileError) {
        var compiler = SchemaCompiler(resolver: resolver)
        compiler.load(document, as: baseURI)
        root = try compiler.compile(SchemaLocation(document: baseURI, pointer: pointer))
        nodes = compiler.nodes.map(SchemaNode.init)
        program = FastProgram(nodes)
    }

    /// `true` when `instance` is valid. Stops at the first failure and builds no messages.
    public func isValid(_ instance: JSONValue) -> Bool {
        LoopGuard.withGuard { loops in
            withUnsafeMutablePointer(to: &loops) { loops in
                // The checker reads the value where it lies (see `JSONValue.members(at:)`).
                withUnsafePointer(to: instance) { FastChecker(program: program, loops: loops).valid($0, root) }
            }
        }
    }

    /// `true` when the instance laid out in `tape` is valid: the fastest path (walking a tape
    /// touches no reference count). Same answers as ``isValid(_:)-(JSONValue)``.
    public func isValid(_ tape: JSONTape) -> Bool {
        tape.words.withUnsafeBufferPointer { words in
            tape.arena.withUnsafeBufferPointer { arena in
                LoopGuard.withGuard { loops in
                    withUnsafeMutablePointer(to: &loops) { loops in
                        let checker = TapeChecker(tables: UnsafePointer(program.tables), w: words, a: arena, loops: loops)
                        return words.isEmpty ? false : checker.valid(0, root)
                    }
                }
            }
        }
    }

    /// How far validation goes after the first error.
    public enum Mode: Sendable {
        /// fge's default (`deepCheck` false): once an error is reported, no further children are visited.
        case firstErrors
        /// Every error (`deepCheck` true).
        case allErrors
    }

    /// Validates `instance` and reports every error found, in fge's order.
    public func validate(_ instance: JSONValue, mode: Mode = .firstErrors) -> ValidationResult {
        LoopGuard.withGuard { loops in
            var validator = ReportingValidator(nodes: nodes, deep: mode == .allErrors, loops: loops)
            defer { loops = validator.loops }
            var report: [ValidationError] = []
            validator.validate(instance, root, pointer: .root, into: &report)
            return ValidationResult(errors: report)
        }
    }
}

/// One validation error, as fge reports it.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance.
    public let instancePointer: JSONPointer
    /// Which schema (document and pointer).
    public let schemaLocation: SchemaLocation
    /// The keyword that failed (`required`, `maximum`, …; `$ref` for a validation loop).
    public let keyword: String
    /// fge's message text.
    public let message: String

    /// `/pointer: message`, the instance's place first (`/` for the root).
    public var description: String {
        (instancePointer.tokens.isEmpty ? "/" : instancePointer.description) + ": " + message
    }
}

/// The errors for one instance.
public struct ValidationResult: Sendable, Hashable {
    /// The errors, in the order fge reports them; empty when the instance is valid.
    public let errors: [ValidationError]

    /// Whether the instance has no error.
    public var isValid: Bool { errors.isEmpty }

    /// The messages as Java's `List.toString` prints them: `[msg1, msg2]` — API Gateway's
    /// `$context.error.validationErrorString`.
    public var validationErrorString: String {
        "[" + errors.map(\.message).joined(separator: ", ") + "]"
    }

    /// API Gateway's execution-log line for a body that fails its model.
    public func apiGatewayLogLine(contentType: String = "application/json") -> String {
        "Request body does not match model schema for content type \(contentType): \(validationErrorString)"
    }
}
