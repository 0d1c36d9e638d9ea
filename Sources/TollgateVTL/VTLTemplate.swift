import Synchronization
public import TollgateJSON

/// A Velocity Template Language template, parsed once and rendered many times, on any thread.
///
/// ```swift
/// let template = try VTLTemplate(#"{"id": "$input.params('id')", "body": $input.json('$')}"#)
/// let output = try template.render(VTLBindings(apiGateway: APIGatewayInput(body: #"{"a":1}"#, path: [("id", "7")])))
/// // output.text == #"{"id": "7", "body": {"a":1}}"#
/// ```
///
/// Semantics are Apache Velocity 1.7's with Java values, except where API Gateway differs (a null
/// reference renders empty, `null == ""` is true): see the list in the TollgateVTL reference.
public struct VTLTemplate: Sendable {
    let program: Program
    /// The limits every render runs under.
    public let limits: VTLLimits

    /// Whether the template names `$context`: a caller can skip building the context for one that does not.
    public var usesContext: Bool { program.usesContext }

    /// Whether the template may read the request's parameters (its source mentions `params`): a
    /// caller can skip building them for one that does not.
    public var usesParameters: Bool { program.usesParameters }

    /// Parses `source`. Throws a ``VTLError`` of kind `.syntax` (with line and column) when it does not parse,
    /// `.templateTooLarge` when it is larger than `limits.maxTemplateBytes`.
    public init(_ source: String, limits: VTLLimits = VTLLimits()) throws(VTLError) {
        let bytes = Array(source.utf8)
        guard bytes.count <= limits.maxTemplateBytes else {
            throw VTLError(.templateTooLarge, "template is \(bytes.count) bytes; the limit is \(limits.maxTemplateBytes)")
        }
        var parser = Parser(source: bytes)
        let nodes = try parser.parseTemplate()
        let used = Set(parser.variableNames)
        for name in ["foreach", "velocityCount", "input", "util", "context", "stageVariables"] { _ = parser.variable(name) }
        program = Program(
            nodes: parser.arena.freeze(nodes),
            arena: parser.arena,
            macros: parser.macros,
            variables: parser.variables,
            variableNames: parser.variableNames,
            mentionsOverrides: source.contains("Override"),
            usesContext: used.contains("context"),
            usesParameters: source.contains("params"),
            usesStageVariables: used.contains("stageVariables"),
            outputEstimate: bytes.count * 2 + 256
        )
        self.limits = limits
    }

    /// Renders the template with `bindings`.
    public func render(_ bindings: VTLBindings = VTLBindings()) throws(VTLError) -> VTLOutput {
        try render(bindings) { text, overrides in VTLOutput(text: String(decoding: text, as: UTF8.self), overrides: overrides) }
    }

    /// Renders the template with `bindings`, appending the text's UTF-8 to `bytes` (for a caller that
    /// sends bytes: no `String` is made), and returns the overrides the template set.
    public func render(_ bindings: VTLBindings = VTLBindings(), appendingTo bytes: inout [UInt8]) throws(VTLError) -> VTLOverrides {
        try render(bindings) { text, overrides in Self.append(text, to: &bytes, overrides) }
    }

    /// Renders with API Gateway's bindings read in place from `input` (a caller that keeps one input
    /// for several templates builds and copies none), appending the text's UTF-8 to `bytes`. `inout`
    /// only so that the render can read it through a pointer, which never leaves this module.
    package func render(_ input: inout APIGatewayInput, appendingTo bytes: inout [UInt8]) throws(VTLError) -> VTLOverrides {
        try withUnsafePointer(to: &input) { (input) throws(VTLError) -> VTLOverrides in
            try Self.render(program, limits, [:], input) { text, overrides in Self.append(text, to: &bytes, overrides) }
        }
    }

    private static func append(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8], _ overrides: VTLOverrides) -> VTLOverrides {
        // Well-formed UTF-8 by construction: every piece a render writes is the template's text cut at
        // ASCII delimiters, a value made from a Swift `String` (Java string methods go through UTF-16
        // and back, repairing a lone surrogate as `String(decoding:as:)` does), the body re-written
        // whole sequence by sequence (`CompactJSON`), or digits and punctuation. Debug builds (the
        // tests, the fuzzer) check it; a release build skips the pass over the output.
        assert((try? UTF8Span(validating: text.span)) != nil, "a render wrote ill-formed UTF-8")
        bytes.append(contentsOf: text)
        return overrides
    }

    private func render<Result>(
        _ bindings: VTLBindings,
        _ finish: (UnsafeBufferPointer<UInt8>, VTLOverrides) -> Result
    ) throws(VTLError) -> Result {
        // The render reads the bindings in place: copying the input would retain and release each of its parts.
        let program = self.program
        let limits = self.limits
        return try withUnsafePointer(to: bindings) { (bindings) throws(VTLError) -> Result in
            try Self.render(program, limits, bindings.pointee.variables, bindings.pointee.hasInput ? bindings.pointer(to: \.input) : nil, finish)
        }
    }

    static func render<Result>(
        _ program: Program,
        _ limits: VTLLimits,
        _ variables: [String: JSONValue],
        _ inputPointer: UnsafePointer<APIGatewayInput>?,
        _ finish: (UnsafeBufferPointer<UInt8>, VTLOverrides) -> Result
    ) throws(VTLError) -> Result {
        var renderer = Renderer(program: program, limits: limits, bodyBytes: inputPointer?.pointee.body.utf8.count ?? 0)
        if !variables.isEmpty {
            for (name, value) in variables {
                if let slot = program.variables[name] { renderer.slots[slot] = Value(json: value, jsonLists: false, in: &renderer.arena) }
            }
        }
        if let inputPointer {
            renderer.input = inputPointer
            renderer.slots[program.inputSlot] = .object(.input)
            renderer.slots[program.utilSlot] = .object(.util)
            // `$context` and `$stageVariables` are built only for templates that name them, and
            // `$context` member by member as the template reads them, unless it sets overrides.
            var context = Value.null
            if program.usesContext {
                context =
                    program.mentionsOverrides
                    ? Value(json: .object(inputPointer.pointee.context), jsonLists: true, in: &renderer.arena) : .object(.context)
            }
            if program.mentionsOverrides, case .map(let map) = context {
                func once() -> MapRef {
                    let m = renderer.arena.map()
                    m.writeOnce = true
                    return m
                }
                let request = (header: once(), path: once(), querystring: once())
                let response = (status: once(), header: once())
                // Request overrides an earlier template (the request template) set are what a later one
                // (the response template) reads in `$context.requestOverride`.
                if case .object(let earlier)? = inputPointer.pointee.context["requestOverride"] {
                    for (name, target) in [("header", request.header), ("path", request.path), ("querystring", request.querystring)] {
                        guard case .object(let values)? = earlier[name] else { continue }
                        for (key, value) in values {
                            _ = target.put(
                                Value(json: .string(key), jsonLists: true, in: &renderer.arena),
                                Value(json: value, jsonLists: true, in: &renderer.arena),
                                in: &renderer.arena
                            )
                        }
                    }
                }
                let requestMap = renderer.arena.map()
                requestMap.appendNew(StringRef(static: "header"), .map(request.header), in: &renderer.arena)
                requestMap.appendNew(StringRef(static: "path"), .map(request.path), in: &renderer.arena)
                requestMap.appendNew(StringRef(static: "querystring"), .map(request.querystring), in: &renderer.arena)
                requestMap.writeOnce = true
                response.status.put(.string(StringRef(static: "header")), .map(response.header), in: &renderer.arena)
                map.put(.string(StringRef(static: "requestOverride")), .map(requestMap), in: &renderer.arena)
                map.put(.string(StringRef(static: "responseOverride")), .map(response.status), in: &renderer.arena)
                let state = renderer.gatewayState()
                state.requestOverride = request
                state.responseOverride = response
            }
            renderer.slots[program.contextSlot] = context
            if program.usesStageVariables {
                renderer.slots[program.stageVariablesSlot] = .map(renderer.arena.map(parameters: inputPointer.pointee.stageVariables.view))
            }
        } else {
            renderer.slots[program.utilSlot] = .object(.util)
        }
        _ = try renderer.render(program.nodes)
        // Text nodes are not checked one by one (``Renderer/render(_:)``).
        if renderer.out.count > limits.maxOutputBytes { throw renderer.limitError(.outputTooLarge) }
        // The override maps live in the renderer's arena: read them while it is still in use (the
        // output text is read after them).
        var overrides = VTLOverrides()
        if let state = renderer.gateway, state.requestOverride != nil { overrides = state.overrides() }
        let output = finish(renderer.out.bytes, overrides)
        renderer.recycle(to: program)
        return output
    }
}

/// The variables a render sees.
public struct VTLBindings: Sendable {
    /// Plain values by name: objects bind as Java `LinkedHashMap`s, arrays as `ArrayList`s, integers as
    /// `Integer`/`Long`, other numbers as `Double`.
    public var variables: [String: JSONValue]
    /// API Gateway's `$input`, `$context`, `$stageVariables` (and `$util`, which is always bound).
    public var apiGateway: APIGatewayInput? {
        get { hasInput ? input : nil }
        set {
            hasInput = newValue != nil
            input = newValue ?? APIGatewayInput()
        }
    }
    /// ``apiGateway`` stored without the optional, so that a render can point at it.
    private(set) var input: APIGatewayInput
    private(set) var hasInput: Bool

    /// A context of `variables`, with API Gateway's bindings when `apiGateway` is given.
    public init(variables: [String: JSONValue] = [:], apiGateway: APIGatewayInput? = nil) {
        self.variables = variables
        hasInput = apiGateway != nil
        input = apiGateway ?? APIGatewayInput()
    }
}

/// What a render produced.
public struct VTLOutput: Sendable, Hashable {
    /// The rendered text.
    public var text: String
    /// `$context.requestOverride` / `responseOverride` values the template set.
    public var overrides: VTLOverrides

    /// An output of `text` and `overrides`.
    public init(text: String, overrides: VTLOverrides = VTLOverrides()) {
        self.text = text
        self.overrides = overrides
    }
}

/// The parsed template: nodes, macros and the variable slots.
final class Program: @unchecked Sendable {  // immutable after init; `text` is owned and freed here
    let nodes: Frozen<Node>
    /// The text arena ``Node/text(_:)`` spans point into.
    let text: UnsafeMutableBufferPointer<UInt8>
    /// Owns the memory nodes point into.
    let arena: ParseArena
    let macros: [String: Macro]
    let variables: [String: Int]
    let variableNames: [String]
    let foreachSlot: Int
    let velocityCountSlot: Int
    let inputSlot: Int
    let utilSlot: Int
    let contextSlot: Int
    let stageVariablesSlot: Int
    /// Whether the source mentions `requestOverride`/`responseOverride`; the override maps are built only then.
    let mentionsOverrides: Bool
    let usesContext: Bool
    let usesParameters: Bool
    let usesStageVariables: Bool
    /// A first capacity for the output buffer.
    let outputEstimate: Int
    /// A render's arena chunk, its first word holding the render's output block, kept for the next
    /// render (``Renderer/recycle(to:)``).
    let spare = Atomic<UnsafeMutableRawPointer?>(nil)

    deinit {
        text.deallocate()
        if let chunk = spare.load(ordering: .acquiring) {
            chunk.load(as: UnsafeMutableRawPointer?.self)?.deallocate()
            chunk.deallocate()
        }
    }

    init(
        nodes: Frozen<Node>,
        arena: ParseArena,
        macros: [String: Macro],
        variables: [String: Int],
        variableNames: [String],
        mentionsOverrides: Bool,
        usesContext: Bool,
        usesParameters: Bool,
        usesStageVariables: Bool,
        outputEstimate: Int
    ) {
        text = .allocate(capacity: max(arena.text.count, 1))
        _ = text.initialize(from: arena.text)
        self.arena = arena
        self.mentionsOverrides = mentionsOverrides
        self.usesContext = usesContext
        self.usesParameters = usesParameters
        self.usesStageVariables = usesStageVariables
        self.outputEstimate = outputEstimate
        self.nodes = nodes
        self.macros = macros
        self.variables = variables
        self.variableNames = variableNames
        foreachSlot = variables["foreach"]!
        velocityCountSlot = variables["velocityCount"]!
        inputSlot = variables["input"]!
        utilSlot = variables["util"]!
        contextSlot = variables["context"]!
        stageVariablesSlot = variables["stageVariables"]!
    }
}

extension GatewayState {
    func overrides() -> VTLOverrides {
        var result = VTLOverrides()
        func strings(_ map: MapRef) -> [String: String] {
            var out: [String: String] = [:]
            for (k, v) in zip(map.keys, map.values) where !v.isNull { out[k.javaString] = v.javaString }
            return out
        }
        guard let requestOverride, let responseOverride else { return result }
        result.requestHeaders = strings(requestOverride.header)
        result.requestPath = strings(requestOverride.path)
        result.requestQuerystring = strings(requestOverride.querystring)
        result.responseHeaders = strings(responseOverride.header)
        // A status that is not an integer in 100...599 is ignored (docs/behaviour.md §3).
        let status = responseOverride.status.get(.string(StringRef(static: "status")))
        if let code = status.intIndex ?? Int(status.javaString), (100...599).contains(code), !status.isNull {
            result.responseStatus = code
        }
        return result
    }
}
