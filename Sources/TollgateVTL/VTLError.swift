/// Why a template did not parse or did not render.
///
/// Parse errors and runtime errors carry the 1-based line and column in the template.
public struct VTLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The cause.
    public enum Kind: Sendable, Hashable {
        /// The template does not parse (Velocity's `ParseErrorException`).
        case syntax
        /// A method threw, as Java's would (`substring` out of range, a bad regex): Velocity's `MethodInvocationException`.
        case methodInvocation
        /// `$util.parseJson` or `$input.json`/`$input.path` was given text that is not JSON, or a bad JSONPath.
        case invalidArgument
        /// A `#foreach` went past ``VTLLimits/maxLoopIterations`` (API Gateway: 1,000).
        case loopLimit
        /// The template is larger than ``VTLLimits/maxTemplateBytes`` (API Gateway: 300 KB).
        case templateTooLarge
        /// The output grew past ``VTLLimits/maxOutputBytes``.
        case outputTooLarge
        /// Macros called each other deeper than ``VTLLimits/maxMacroDepth``, or the template nests deeper than the parser allows.
        case recursionLimit
        /// Rendering took more than ``VTLLimits/maxSteps`` steps.
        case stepLimit
        /// The render made more than ``VTLLimits/maxObjects`` lists, maps and entries, or more than
        /// ``VTLLimits/maxMemoryBytes`` of strings, lists and maps.
        case memoryLimit
        /// A `$context.requestOverride`/`responseOverride` value was set twice (API Gateway answers 5XX).
        case overrideTwice
    }

    /// What kind of failure.
    public let kind: Kind
    /// What went wrong, in words.
    public let message: String
    /// 1-based line, 0 when not known.
    public let line: Int
    /// 1-based column (in characters), 0 when not known.
    public let column: Int

    /// An error of `kind` at `line`:`column` (0 when not known).
    public init(_ kind: Kind, _ message: String, line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    init(_ kind: Kind, _ message: String, at position: SourcePosition) {
        self.init(kind, message, line: Int(position.line), column: Int(position.column))
    }

    /// `line:column: message`, or the message alone when the position is not known.
    public var description: String {
        line > 0 ? "\(line):\(column): \(message)" : message
    }
}

/// The resource limits a render runs under. The defaults are API Gateway's where it documents one.
public struct VTLLimits: Sendable, Hashable {
    /// Largest template source, in bytes. API Gateway: 300 KB (`limits.md`).
    public var maxTemplateBytes: Int
    /// Iterations of one `#foreach`. API Gateway: 1,000 (`limits.md`); going past is a ``VTLError/Kind/loopLimit`` error.
    public var maxLoopIterations: Int
    /// Largest output, in bytes. Default 10 MB, API Gateway's payload limit.
    public var maxOutputBytes: Int
    /// Depth of macro calls within macro calls. Velocity 1.7's default `velocimacro.max.depth` is 20.
    public var maxMacroDepth: Int
    /// Evaluation steps (nodes rendered and expressions evaluated) in one render.
    public var maxSteps: Int
    /// Lists, maps, map entries and loop states one render makes (they live until the render ends, so
    /// this bounds its memory). Default 1,000,000; going past is a ``VTLError/Kind/memoryLimit`` error.
    public var maxObjects: Int
    /// Bytes of the strings, lists and maps one render makes (they too live until the render ends).
    /// Default 64 MiB; going past is a ``VTLError/Kind/memoryLimit`` error.
    public var maxMemoryBytes: Int

    /// Limits with these values; each has a default.
    public init(
        maxTemplateBytes: Int = 300 * 1024,
        maxLoopIterations: Int = 1000,
        maxOutputBytes: Int = 10 * 1024 * 1024,
        maxMacroDepth: Int = 20,
        maxSteps: Int = 10_000_000,
        maxObjects: Int = 1_000_000,
        maxMemoryBytes: Int = 64 << 20
    ) {
        self.maxTemplateBytes = maxTemplateBytes
        self.maxLoopIterations = maxLoopIterations
        self.maxOutputBytes = maxOutputBytes
        self.maxMacroDepth = maxMacroDepth
        self.maxSteps = maxSteps
        self.maxObjects = maxObjects
        self.maxMemoryBytes = maxMemoryBytes
    }
}
