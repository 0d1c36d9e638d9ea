import Synchronization
import TollgateJSON
import TollgateJavaRegex

/// One render of a template: variable slots, output bytes and the limits' counters.
struct Renderer: ~Copyable {
    /// Kept alive by the template being rendered; the hot fields are copied out below so that reading
    /// them costs no reference counting.
    let programReference: Unmanaged<Program>
    var program: Program { programReference.takeUnretainedValue() }
    /// ``Program/text``, where text nodes point.
    let text: UnsafeMutableBufferPointer<UInt8>
    let foreachSlot: Int
    let velocityCountSlot: Int
    let limits: VTLLimits
    /// Owns the strings, lists, maps, entries, loop states and slots this render makes.
    var arena: ValueArena
    /// One value per variable, in the arena (values hold no references: plain loads and stores).
    let slots: UnsafeMutablePointer<Value>
    var out: RawByteBuffer
    var steps = 0
    var macroDepth = 0
    /// The gateway input, read in place; nil without API Gateway bindings.
    var input: UnsafePointer<APIGatewayInput>?
    /// What `$input.json` / `$input.path` and the overrides keep during a render, made on first use.
    var gateway: GatewayState?
    /// `$input.params()`, built on first use.
    var params: Value?
    /// The `$context` maps and lists converted while `$context` is lazy (``HostObject/context``),
    /// each once: a member read twice is the same map, and converting the whole of `$context`
    /// later reuses them, as one Java object would be.
    var contextMembers: MapRef?
    var patternCache = [String: JavaPattern]()

    enum Flow {
        case normal
        case breakLoop
        case stop
    }

    /// `bodyBytes`: the size of the request body, which templates often copy into the output.
    @inline(__always)
    init(program: borrowing Program, limits: VTLLimits, bodyBytes: Int = 0) {
        programReference = .passUnretained(program)
        text = program.text
        foreachSlot = program.foreachSlot
        velocityCountSlot = program.velocityCountSlot
        self.limits = limits
        // Memory the last render of this program gave back, if no other render holds it: an arena
        // chunk whose first word holds an output block.
        let spare = program.spare.exchange(nil, ordering: .acquiring)
        let spareOutput = spare?.load(as: UnsafeMutableRawPointer?.self)
        arena = ValueArena(reusing: spare)
        let count = program.variableNames.count
        slots = arena.buffer(Value.self, capacity: count)
        slots.initialize(repeating: .null, count: count)
        out = RawByteBuffer(capacity: program.outputEstimate + bodyBytes, reusing: spareOutput)
    }

    /// The output's block, unless ``recycle(to:)`` handed it over (the arena frees its own).
    deinit { out.release() }

    /// Gives the arena's and the output's memory back to `program` (the one rendered) for its next
    /// render, after the output has been read; when another render gave memory back first, this is freed.
    mutating func recycle(to program: Program) {
        let output = out.takeBlock()
        guard let chunk = arena.takeSpare() else {
            output?.deallocate()
            return
        }
        chunk.storeBytes(of: output, as: UnsafeMutableRawPointer?.self)
        if !program.spare.compareExchange(expected: nil, desired: chunk, ordering: .releasing).exchanged {
            output?.deallocate()
            chunk.deallocate()
        }
    }

    @inline(__always)
    mutating func step() throws(VTLError) {
        steps += 1
        if steps > limits.maxSteps { throw limitError(.stepLimit) }
    }

    /// The error for a limit passed (out of line: it builds a message).
    @inline(never)
    func limitError(_ kind: VTLError.Kind) -> VTLError {
        switch kind {
        case .stepLimit: VTLError(.stepLimit, "rendering took more than \(limits.maxSteps) steps", at: SourcePosition(line: 0, column: 0))
        case .outputTooLarge: VTLError(.outputTooLarge, "output is larger than \(limits.maxOutputBytes) bytes")
        case .memoryLimit where arena.count > limits.maxObjects:
            VTLError(.memoryLimit, "the template made more than \(limits.maxObjects) lists, maps and entries")
        default: VTLError(.memoryLimit, "the template made more than \(limits.maxMemoryBytes) bytes of strings, lists and maps")
        }
    }

    mutating func render(_ nodes: Frozen<Node>) throws(VTLError) -> Flow {
        for node in nodes {
            if case .text(let span) = node {
                // Text is not counted as a step and not checked against the limits here: it is bounded
                // by the template's size, and `#foreach` counts and checks each iteration.
                out.append(contentsOf: UnsafeBufferPointer(start: text.baseAddress.unsafelyUnwrapped + Int(span.offset), count: Int(span.count)))
                continue
            }
            try step()
            if case .reference(let reference) = node, reference.pointee.accessors.isEmpty,
                case .string(let s) = slots[reference.pointee.variable]
            {
                // `$name` holding a string: its bytes (nothing allocated, only the output to check).
                out.append(contentsOf: s.bytes)
                if out.count > limits.maxOutputBytes { throw limitError(.outputTooLarge) }
                continue
            }
            switch node {
            case .text:
                break
            case .reference(let reference):
                if let direct = reference.pointee.direct, try renderDirect(direct, reference) { break }
                let value = try evaluate(reference)
                try emit(value)
            case .escapedReference(let reference):
                try renderEscaped(reference)
            case .set(let node):
                try set(node)
            case .ifChain(let node):
                var taken = false
                for (condition, body) in node.pointee.branches where try truth(of: condition) {
                    taken = true
                    if body.count == 1, case .text(let span) = body[0] {
                        // A body of text alone (`#if($foreach.hasNext),#end`): no render call.
                        out.append(
                            contentsOf: UnsafeBufferPointer(start: text.baseAddress.unsafelyUnwrapped + Int(span.offset), count: Int(span.count))
                        )
                        break
                    }
                    let flow = try render(body)
                    if flow != .normal { return flow }
                    break
                }
                if !taken, let otherwise = node.pointee.otherwise {
                    let flow = try render(otherwise)
                    if flow != .normal { return flow }
                }
            case .foreach(let node):
                if try foreach(node) == .stop { return .stop }
            case .breakLoop:
                return .breakLoop
            case .stop:
                return .stop
            case .define(let node):
                slots[node.pointee.variable] = .block(node.pointee.body)
            case .macroCall(let call):
                let flow = try callMacro(call)
                if flow != .normal { return flow }
            }
            if out.count > limits.maxOutputBytes { throw limitError(.outputTooLarge) }
            if arena.count > limits.maxObjects || arena.bytes > limits.maxMemoryBytes { throw limitError(.memoryLimit) }
        }
        return .normal
    }

    /// `\$a`: the literal `$a` when `$a` is not null, else a backslash then `$a`.
    @inline(never)
    mutating func renderEscaped(_ reference: UnsafePointer<Reference>) throws(VTLError) {
        let value = try evaluate(reference)
        if value.isNull { out.append(UInt8(ascii: "\\")) }
        out.append(bytes: reference.pointee.literal)
    }

    @inline(never)
    mutating func set(_ node: UnsafePointer<SetNode>) throws(VTLError) {
        let value = try evaluate(node.pointee.value)
        try assign(value, to: node.pointee.target)
    }

    /// Writes `$util.escapeJavaScript(x)` / `$input.json(x)` straight into the output; false when the
    /// variable holds something else (a template may `#set($util = …)`).
    @inline(never)
    mutating func renderDirect(_ direct: UnsafePointer<DirectForm>, _ reference: UnsafePointer<Reference>) throws(VTLError) -> Bool {
        switch (direct.pointee.kind, slots[reference.pointee.variable]) {
        case (.escapeJavaScript, .object(.util)):
            let value: Value
            if case .reference(let argument) = direct.pointee.argument {
                try step()
                value = try evaluate(argument)
            } else {
                value = try evaluate(direct.pointee.argument)
            }
            switch value {
            case .null: break
            case .string(let s): Util.escapeJavaScript(bytes: s.bytes, into: &out)
            default: Util.escapeJavaScript(try string(value), into: &out)
            }
            return true
        case (.inputJSON, .object(.input)):
            // `$input.json('$')` of a plain body: minified straight into the output.
            if direct.pointee.root, let input, !input.pointee.body.isEmpty, CompactJSON.write(input.pointee.body, into: &out) { return true }
            let value = try evaluate(direct.pointee.argument)
            let state = gatewayState()
            try Self.writeInputJSON(value, direct.pointee.path, reference.pointee.position, gateway: state, into: &out)
            return true
        default:
            return false
        }
    }

    /// Renders a value's `toString()`; null renders empty (API Gateway, docs/behaviour.md §5).
    mutating func emit(_ value: Value) throws(VTLError) {
        switch value {
        case .null: return
        case .string(let s): out.append(contentsOf: s.bytes)
        case .block(let nodes):
            macroDepth += 1
            defer { macroDepth -= 1 }
            if macroDepth > limits.maxMacroDepth { throw VTLError(.recursionLimit, "#define blocks nest deeper than \(limits.maxMacroDepth)") }
            _ = try render(nodes)
        default:
            value.appendJava(to: &out)
        }
    }

    /// ``gateway``, made on first use (only with API Gateway bindings).
    mutating func gatewayState() -> GatewayState {
        if let gateway { return gateway }
        let state = GatewayState(input!)
        gateway = state
        return state
    }

    /// A string value made from `s`.
    mutating func text(_ s: String) -> Value { .string(arena.string(s)) }

    /// A value as a string (`toString()`), rendering `#define` blocks.
    mutating func string(_ value: Value) throws(VTLError) -> String {
        if case .block = value {
            // Rendered at the end of the output, then taken back off.
            let mark = out.count
            defer { out.truncate(to: mark) }
            try emit(value)
            return String(decoding: UnsafeBufferPointer(rebasing: out.bytes[mark...]), as: UTF8.self)
        }
        return value.javaString
    }

    @inline(never)
    mutating func foreach(_ node: UnsafePointer<ForeachNode>) throws(VTLError) -> Flow {
        let variable = node.pointee.variable
        let items: ArenaVector<Value>
        switch try evaluate(node.pointee.iterable) {
        case .list(let list): items = list.items
        case .map(let map): items = map.values
        default: return .normal
        }
        if items.isEmpty { return .normal }
        let countSlot = velocityCountSlot
        let savedVariable = slots[variable]
        let savedLoop = slots[foreachSlot]
        let savedCount = slots[countSlot]
        defer {
            slots[variable] = savedVariable
            slots[foreachSlot] = savedLoop
            slots[countSlot] = savedCount
        }
        let loop = arena.loop(parent: savedLoop)
        slots[foreachSlot] = .object(.loop(loop))
        for (i, item) in items.enumerated() {
            if i >= limits.maxLoopIterations {
                throw VTLError(.loopLimit, "#foreach went past \(limits.maxLoopIterations) iterations", at: node.pointee.position)
            }
            try step()
            if out.count > limits.maxOutputBytes { throw limitError(.outputTooLarge) }
            loop.index = i
            loop.hasNext = i + 1 < items.count
            slots[variable] = item
            slots[countSlot] = .int(Int32(truncatingIfNeeded: i + 1))
            switch try render(node.pointee.body) {
            case .normal: continue
            case .breakLoop: return .normal
            case .stop: return .stop
            }
        }
        return .normal
    }

    @inline(never)
    mutating func callMacro(_ call: UnsafePointer<MacroCall>) throws(VTLError) -> Flow {
        guard let macro = program.macros[call.pointee.name] else {
            out.append(bytes: call.pointee.literal)
            return .normal
        }
        var arguments: [Value] = []
        arguments.reserveCapacity(call.pointee.arguments.count)
        for argument in call.pointee.arguments { arguments.append(try evaluate(argument)) }
        macroDepth += 1
        defer { macroDepth -= 1 }
        if macroDepth > limits.maxMacroDepth {
            throw VTLError(.recursionLimit, "macro calls nest deeper than \(limits.maxMacroDepth) (#\(call.pointee.name))", at: call.pointee.position)
        }
        let saved = macro.parameters.map { slots[$0] }
        defer { for (slot, value) in zip(macro.parameters, saved) { slots[slot] = value } }
        for (i, slot) in macro.parameters.enumerated() {
            slots[slot] = i < arguments.count ? arguments[i] : .null
        }
        let flow = try render(macro.body)
        return flow == .stop ? .stop : .normal
    }

    // MARK: Assignment

    mutating func assign(_ value: Value, to target: UnsafePointer<Reference>) throws(VTLError) {
        // Velocity 1.7 (directive.set.null.allowed = false): a null right-hand side leaves the target unchanged.
        if value.isNull { return }
        let position = target.pointee.position
        guard let last = target.pointee.accessors.last else {
            slots[target.pointee.variable] = value
            return
        }
        var base = slots[target.pointee.variable]
        if case .object(.context) = base { base = wholeContext() }
        for accessor in target.pointee.accessors.dropLast() {
            base = try access(base, accessor, position)
            if base.isNull { return }
        }
        switch (base, last) {
        case (.map(let map), .property(let property)):
            map.put(.string(property.pointee.key), value, in: &arena)
            if let name = map.writeOnceViolation { throw VTLError(.overrideTwice, "\(name) was overridden twice", at: position) }
        case (.map(let map), .index(let keyExpression)):
            let key = try evaluate(keyExpression.pointee)
            map.put(key, value, in: &arena)
            if let name = map.writeOnceViolation { throw VTLError(.overrideTwice, "\(name) was overridden twice", at: position) }
        case (.list(let list), .index(let indexExpression)):
            guard let i = try evaluate(indexExpression.pointee).intIndex, list.items.indices.contains(i) else {
                throw VTLError(.methodInvocation, "index out of bounds in #set", at: position)
            }
            list.set(i, value)
        default:
            break
        }
    }
}

extension Value {
    /// The value as a Java `int` index (numbers and numeric strings), or nil.
    var intIndex: Int? {
        switch self {
        case .int(let v): Int(v)
        case .long(let v): Int(exactly: v)
        case .bigInteger(let v): Int(exactly: v.value)
        case .double(let v): v.isFinite && v.magnitude < 1e15 ? Int(v) : nil
        case .string(let s): Int32(s.string).map(Int.init)
        default: nil
        }
    }
}
