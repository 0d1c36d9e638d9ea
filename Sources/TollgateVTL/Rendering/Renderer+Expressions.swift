import Synchronization
import TollgateJSON
import TollgateJavaRegex

/// References (variables, properties, indexes, `$context`) and expressions, evaluated to values.
extension Renderer {
    // MARK: References

    @inline(never)
    mutating func evaluate(_ reference: UnsafePointer<Reference>) throws(VTLError) -> Value {
        var value = slots[reference.pointee.variable]
        let accessors = reference.pointee.accessors
        var k = 0
        if case .object(.context) = value {
            // A lazy `$context`: `$context.name` converts that member alone; anything else, all of it.
            if case .property(let property)? = accessors.first {
                value = contextMember(property)
                k = 1
            } else {
                value = wholeContext()
            }
        }
        while k < accessors.count {
            // The commonest steps inline (a map's property, `$input.params()` once made, `Map.get`);
            // the rest through ``access(_:_:_:)``.
            switch (value, accessors[k]) {
            case (.null, _):
                return .null
            case (.map(let map), .property(let property)):
                value = map.get(property.pointee.key, fingerprint: property.pointee.fingerprint)
            case (.object(.input), .method(let method)) where params != nil && method.pointee.method == .params && method.pointee.arguments.isEmpty:
                value = params.unsafelyUnwrapped
            case (.map(let map), .method(let method)) where method.pointee.method == .get && method.pointee.arguments.count == 1:
                value = map.get(try operand(method.pointee.arguments[0]))
            default:
                value = try access(value, accessors[k], reference.pointee.position)
            }
            k += 1
        }
        return value
    }

    /// `$context.name` while `$context` is lazy: the member converted on first use, then kept.
    @inline(never)
    mutating func contextMember(_ property: UnsafePointer<PropertyAccess>) -> Value {
        if let known = contextMembers?.get(property.pointee.key, fingerprint: property.pointee.fingerprint), !known.isNull { return known }
        // The members read in place, the name compared as bytes (a lookup by `String` would copy both).
        let key = property.pointee.key
        guard let input, let member = input.pointee.context.withMembers({ $0.first { key.equals($0.key) }?.value }) else { return .null }
        let value = Value(json: member, jsonLists: true, in: &arena)
        // Only maps and lists have an identity to keep; strings and numbers are values.
        switch value {
        case .map, .list: break
        default: return value
        }
        let members = contextMembers ?? arena.map()
        contextMembers = members
        members.appendNew(property.pointee.key, value, in: &arena)
        return value
    }

    /// The whole of a lazy `$context` as a map, in its order, with the members converted already;
    /// it replaces the lazy value in its slot.
    @inline(never)
    mutating func wholeContext() -> Value {
        guard let input else { return .null }
        let context = input.pointee.context
        let map = arena.map()
        map.reserveCapacity(context.count, in: &arena)
        for (name, member) in context {
            let key = arena.string(name)
            var value = contextMembers?.get(.string(key)) ?? .null
            if value.isNull { value = Value(json: member, jsonLists: true, in: &arena) }
            map.appendNew(key, value, in: &arena)
        }
        slots[program.contextSlot] = .map(map)
        return .map(map)
    }

    mutating func access(_ base: Value, _ accessor: Accessor, _ position: SourcePosition) throws(VTLError) -> Value {
        switch accessor {
        case .property(let property):
            switch base {
            case .map(let map): return map.get(property.pointee.key, fingerprint: property.pointee.fingerprint)
            case .object(.loop(let loop)):
                guard let which = property.pointee.loop else { return .null }
                return loop.property(which)
            default: return try otherProperty(base, property, position)
            }
        case .method(let method):
            var arguments = Arguments()
            for expression in method.pointee.arguments { arguments.append(try evaluate(expression)) }
            return try call(base, method.pointee.method, arguments, site: method, position)
        case .index(let expression):
            return try index(base, expression, position)
        }
    }

    /// `$a[key]` (out of line: it builds an error message).
    @inline(never)
    mutating func index(_ base: Value, _ expression: UnsafePointer<Expression>, _ position: SourcePosition) throws(VTLError) -> Value {
        let key = try evaluate(expression.pointee)
        switch base {
        case .list(let list):
            guard let i = key.intIndex else { return .null }
            guard list.items.indices.contains(i) else {
                throw VTLError(.methodInvocation, "index \(i) out of bounds for length \(list.items.count)", at: position)
            }
            return list.items[i]
        case .map(let map): return map.get(key)
        default: return try call(base, .get, [key], site: nil, position)
        }
    }

    /// `.name` on anything but a map or `$foreach` (out of line: the rare case).
    @inline(never)
    mutating func otherProperty(_ base: Value, _ property: UnsafePointer<PropertyAccess>, _ position: SourcePosition) throws(VTLError) -> Value {
        try self.property(base, property.pointee.name, position)
    }

    mutating func property(_ base: Value, _ name: String, _ position: SourcePosition) throws(VTLError) -> Value {
        switch base {
        case .map(let map): return map.get(.string(arena.string(name)))
        case .entry(let entry):
            switch name {
            case "key": return entry.key
            case "value": return entry.value
            default: return .null
            }
        case .object(.loop(let loop)):
            return LoopProperty(rawValue: name).map(loop.property) ?? .null
        case .object(.input):
            return name == "body" ? try call(base, .getBody, [], site: nil, position) : .null
        case .string, .list:
            // Java bean rules: `$s.empty` is `isEmpty()`, `$x.class` is not exposed.
            if name == "empty" { return try call(base, .isEmpty, [], site: nil, position) }
            return .null
        default:
            return .null
        }
    }

    // MARK: Expressions

    /// ``evaluate(_:)-(Expression)`` with a plain `$name` read straight from its slot (a method's
    /// argument, mostly).
    @inline(__always)
    mutating func operand(_ expression: Expression) throws(VTLError) -> Value {
        guard case .reference(let reference) = expression, reference.pointee.accessors.isEmpty else { return try evaluate(expression) }
        switch slots[reference.pointee.variable] {
        case .object(.context): return try evaluate(expression)  // a lazy `$context` is converted first
        case let value:
            try step()
            return value
        }
    }

    /// `$foreach.hasNext` and the other loop properties, read without the general walk; nil for any
    /// other reference.
    @inline(__always)
    func loopProperty(_ reference: UnsafePointer<Reference>) -> Value? {
        guard reference.pointee.accessors.count == 1, case .object(.loop(let loop)) = slots[reference.pointee.variable],
            case .property(let property) = reference.pointee.accessors[0], let which = property.pointee.loop
        else { return nil }
        return loop.property(which)
    }

    /// Whether a condition holds (Velocity's truth, ``Value/isTruthy``).
    @inline(__always)
    mutating func truth(of condition: Expression) throws(VTLError) -> Bool {
        if case .reference(let reference) = condition, let value = loopProperty(reference) {
            try step()
            return value.isTruthy
        }
        return try evaluate(condition).isTruthy
    }

    mutating func evaluate(_ expression: Expression) throws(VTLError) -> Value {
        try step()
        switch expression {
        case .reference(let reference):
            if let value = loopProperty(reference) { return value }
            return try evaluate(reference)
        case .string(let s): return .string(s)
        case .interpolated(let nodes):
            // Rendered at the end of the output, then taken back off.
            let mark = out.count
            defer { out.truncate(to: mark) }
            _ = try render(nodes)
            return .string(arena.string(UnsafeBufferPointer(rebasing: out.bytes[mark...])))
        case .int(let v): return .int(v)
        case .long(let v): return .long(v)
        case .bigInteger(let v): return .bigInteger(BigInteger(v))
        case .double(let v): return .double(v)
        case .bool(let b): return .bool(b)
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item)) }
            return .list(arena.list(values))
        case .range(let bounds):
            guard let a = try evaluate(bounds[0]).intIndex, let b = try evaluate(bounds[1]).intIndex else { return .null }
            let count = abs(b - a) + 1
            if count > limits.maxSteps { throw VTLError(.stepLimit, "range [\(a)..\(b)] is too large") }
            let values: [Value] =
                a <= b ? (a...b).map { .int(Int32(truncatingIfNeeded: $0)) } : (b...a).reversed().map { .int(Int32(truncatingIfNeeded: $0)) }
            return .list(arena.list(values))
        case .map(let pairs):
            let map = arena.map()
            for (k, v) in pairs {
                let key = try evaluate(k)
                let value = try evaluate(v)
                map.put(key, value, in: &arena)
            }
            return .map(map)
        case .not(let inner): return .bool(!(try evaluate(inner.pointee).isTruthy))
        case .and(let operands):
            if !(try evaluate(operands[0]).isTruthy) { return .bool(false) }
            return .bool(try evaluate(operands[1]).isTruthy)
        case .or(let operands):
            if try evaluate(operands[0]).isTruthy { return .bool(true) }
            return .bool(try evaluate(operands[1]).isTruthy)
        case .arithmetic(let op, let operands):
            let (a, b) = (operands[0], operands[1])
            let left = try evaluate(a)
            let right = try evaluate(b)
            if op == .add, left.isString || right.isString {
                // Velocity 1.7 concatenates; a null operand contributes its reference's source text.
                func text(_ value: Value, _ expression: Expression) throws(VTLError) -> String {
                    if value.isNull {
                        if case .reference(let reference) = expression {
                            return String(decoding: reference.pointee.literal, as: UTF8.self)
                        }
                        return "null"
                    }
                    return try string(value)
                }
                return self.text(try text(left, a) + text(right, b))
            }
            return Value.arithmetic(op, left, right) ?? .null
        case .compare(let op, let operands):
            let left = try evaluate(operands[0])
            let right = try evaluate(operands[1])
            switch op {
            case .equal: return .bool(Value.velocityEquals(left, right))
            case .notEqual: return .bool(!Value.velocityEquals(left, right))
            default:
                // Velocity 1.7 compares numbers only; anything else is false (and logged).
                guard let c = Value.compareNumbers(left, right) else { return .bool(false) }
                switch op {
                case .less: return .bool(c < 0)
                case .lessOrEqual: return .bool(c <= 0)
                case .greater: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        }
    }
}
