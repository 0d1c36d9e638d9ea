import TollgateJavaRegex

// Java methods on the values a template holds: `String`, `List`, `Map`, `Map.Entry`, numbers, `Boolean`.
// An unknown method gives null (Velocity renders the reference as it would an undefined one); a method that
// would throw in Java (`substring` out of range) is a `methodInvocation` error, as Velocity's
// `MethodInvocationException` is. Source followed: the Java 17 API documentation of each method.
extension Renderer {
    /// Calls `method` on `base`. `site` is the call in the template (its name and the argument it
    /// prepared at parse time); nil for calls the renderer makes itself.
    mutating func call(
        _ base: Value,
        _ method: MethodName,
        _ arguments: Arguments,
        site: UnsafePointer<MethodAccess>?,
        _ position: SourcePosition
    ) throws(VTLError) -> Value {
        func fail(_ message: String) -> VTLError {
            let name = site?.pointee.name ?? "\(method)"
            return VTLError(
                .methodInvocation,
                "Invocation of method '\(name)' in class \(base.javaClassName) threw exception \(message)",
                at: position
            )
        }
        switch base {
        case .string(let s):
            return try stringMethod(s.string, method, arguments, pattern: site?.pointee.prepared?.regex, fail: fail)
        case .list(let list):
            return try listMethod(list, method, arguments, fail: fail)
        case .map(let map):
            return try mapMethod(map, method, arguments, position)
        case .entry(let entry):
            switch (method, arguments.count) {
            case (.getKey, 0): return entry.key
            case (.getValue, 0): return entry.value
            case (.toString, 0): return text(base.javaString)
            default: return .null
            }
        case .int, .long, .bigInteger, .double:
            return numberMethod(base, method, arguments)
        case .bool(let b):
            switch (method, arguments.count) {
            case (.toString, 0): return .string(StringRef(static: b ? "true" : "false"))
            case (.booleanValue, 0): return base
            case (.equals, 1): return .bool(base.javaEquals(arguments[0]))
            default: return .null
            }
        case .object(.input):
            return try inputMethod(method, arguments, path: site?.pointee.prepared?.path, position)
        case .object(.util):
            return try utilMethod(method, arguments, position)
        case .object(.context):
            // Not reached (a reference converts a lazy `$context` first); correct if it were.
            return try call(wholeContext(), method, arguments, site: site, position)
        case .object(.loop):
            switch (method, arguments.count) {
            case (.getIndex, 0): return try property(base, "index", position)
            case (.getCount, 0): return try property(base, "count", position)
            case (.hasNext, 0): return try property(base, "hasNext", position)
            case (.isFirst, 0): return try property(base, "first", position)
            case (.isLast, 0): return try property(base, "last", position)
            case (.getParent, 0): return try property(base, "parent", position)
            default: return .null
            }
        case .block:
            return method == .toString && arguments.isEmpty ? text(try string(base)) : .null
        case .null:
            return .null
        }
    }

    mutating func numberMethod(_ base: Value, _ method: MethodName, _ arguments: Arguments) -> Value {
        let d = base.doubleValue ?? 0
        func integral() -> Int64 {
            switch base {
            case .int(let v): Int64(v)
            case .long(let v): v
            case .bigInteger(let v): Int64(truncatingIfNeeded: v.value)
            default: d.isNaN ? 0 : (d >= 9.2233720368547758e18 ? .max : (d <= -9.2233720368547758e18 ? .min : Int64(d)))
            }
        }
        switch (method, arguments.count) {
        case (.intValue, 0):
            if case .double = base { return .int(Int32(clamping: integral())) }
            return .int(Int32(truncatingIfNeeded: integral()))
        case (.longValue, 0): return .long(integral())
        case (.doubleValue, 0), (.floatValue, 0): return .double(d)
        case (.toString, 0): return text(base.javaString)
        case (.equals, 1): return .bool(base.javaEquals(arguments[0]))
        case (.compareTo, 1):
            guard let c = Value.compareNumbers(base, arguments[0]) else { return .null }
            return .int(Int32(c))
        default: return .null
        }
    }

    mutating func listMethod(_ list: ListRef, _ method: MethodName, _ arguments: Arguments, fail: (String) -> VTLError) throws(VTLError) -> Value {
        let items = list.items
        switch (method, arguments.count) {
        case (.size, 0), (.count, 0): return .int(Int32(truncatingIfNeeded: items.count))
        case (.isEmpty, 0): return .bool(items.isEmpty)
        case (.get, 1):
            guard arguments[0].isNumber, let i = arguments[0].intIndex else { return .null }
            guard items.indices.contains(i) else {
                throw fail("java.lang.IndexOutOfBoundsException: Index \(i) out of bounds for length \(items.count)")
            }
            return items[i]
        case (.contains, 1): return .bool(items.contains { $0.javaEquals(arguments[0]) })
        case (.indexOf, 1): return .int(Int32(items.firstIndex { $0.javaEquals(arguments[0]) } ?? -1))
        case (.lastIndexOf, 1): return .int(Int32(items.lastIndex { $0.javaEquals(arguments[0]) } ?? -1))
        case (.add, 1):
            if list.array { throw fail("java.lang.UnsupportedOperationException") }
            list.append(arguments[0], in: &arena)
            return .bool(true)
        case (.add, 2):
            guard let i = arguments[0].intIndex, i >= 0, i <= items.count else {
                throw fail("java.lang.IndexOutOfBoundsException")
            }
            list.insert(arguments[1], at: i, in: &arena)
            return .null
        case (.set, 2):
            guard let i = arguments[0].intIndex, items.indices.contains(i) else { throw fail("java.lang.IndexOutOfBoundsException") }
            let old = items[i]
            list.set(i, arguments[1])
            return old
        case (.remove, 1):
            if case .int(let i) = arguments[0] {
                guard items.indices.contains(Int(i)) else { throw fail("java.lang.IndexOutOfBoundsException") }
                return list.remove(at: Int(i))
            }
            guard let i = items.firstIndex(where: { $0.javaEquals(arguments[0]) }) else { return .bool(false) }
            list.remove(at: i)
            return .bool(true)
        case (.subList, 2):
            guard let from = arguments[0].intIndex, let to = arguments[1].intIndex, from >= 0, to <= items.count, from <= to else {
                throw fail("java.lang.IndexOutOfBoundsException")
            }
            return .list(arena.list(Array(items[from..<to]), json: list.json))
        case (.clear, 0):
            list.removeAll()
            return .null
        case (.addAll, 1):
            guard case .list(let other) = arguments[0] else { return .null }
            list.append(contentsOf: other.items, in: &arena)
            return .bool(!other.items.isEmpty)
        case (.toString, 0): return text(Value.list(list).javaString)
        case (.equals, 1): return .bool(Value.list(list).javaEquals(arguments[0]))
        default: return .null
        }
    }

    mutating func mapMethod(_ map: MapRef, _ method: MethodName, _ arguments: Arguments, _ position: SourcePosition) throws(VTLError) -> Value {
        switch (method, arguments.count) {
        case (.get, 1): return map.get(arguments[0])
        case (.getOrDefault, 2): return map.index(of: arguments[0]).map { map.values[$0] } ?? arguments[1]
        case (.put, 2):
            let old = map.put(arguments[0], arguments[1], in: &arena)
            if let name = map.writeOnceViolation { throw VTLError(.overrideTwice, "\(name) was overridden twice", at: position) }
            return old
        case (.containsKey, 1): return .bool(map.index(of: arguments[0]) != nil)
        case (.containsValue, 1): return .bool(map.values.contains { $0.javaEquals(arguments[0]) })
        case (.keySet, 0): return .list(arena.list(map.keys))
        case (.values, 0): return .list(arena.list(map.values))
        case (.entrySet, 0): return .list(arena.list(zip(map.keys, map.values).map { .entry(arena.entry(key: $0, value: $1)) }))
        case (.size, 0), (.count, 0): return .int(Int32(truncatingIfNeeded: map.count))
        case (.isEmpty, 0): return .bool(map.count == 0)
        case (.remove, 1): return map.remove(arguments[0])
        case (.clear, 0):
            map.removeAll()
            return .null
        case (.putAll, 1):
            if case .map(let other) = arguments[0] {
                for (k, v) in zip(other.keys, other.values) { map.put(k, v, in: &arena) }
            }
            return .null
        case (.toString, 0): return text(Value.map(map).javaString)
        case (.equals, 1): return .bool(Value.map(map).javaEquals(arguments[0]))
        default: return .null
        }
    }
}

extension Value {
    /// The Java class a Velocity error message names.
    var javaClassName: String {
        switch self {
        case .null: "null"
        case .bool: "java.lang.Boolean"
        case .int: "java.lang.Integer"
        case .long: "java.lang.Long"
        case .bigInteger: "java.math.BigInteger"
        case .double: "java.lang.Double"
        case .string: "java.lang.String"
        case .list(let l): l.array ? "[Ljava.lang.String;" : (l.json ? "net.minidev.json.JSONArray" : "java.util.ArrayList")
        case .map: "java.util.LinkedHashMap"
        case .entry: "java.util.Map$Entry"
        case .object, .block: "java.lang.Object"
        }
    }
}
