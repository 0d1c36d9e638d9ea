public import TollgateJSON

/// A value while a template renders: what a Java object is to Apache Velocity.
///
/// Numbers keep their Java type (`Integer`, `Long`, `BigInteger`, `Double`) because Velocity's
/// arithmetic and equality depend on it. Lists and maps are references, as in Java: `#set($b = $a)`
/// then `$b.add(1)` changes `$a` too.
enum Value {
    case null
    case bool(Bool)
    /// `java.lang.Integer`.
    case int(Int32)
    /// `java.lang.Long`.
    case long(Int64)
    /// `java.math.BigInteger`, for results past `Long` (Velocity promotes on overflow). Held in 128 bits.
    case bigInteger(Int128)
    /// `java.lang.Double`.
    case double(Double)
    case string(String)
    case list(ListRef)
    case map(MapRef)
    /// A `Map.Entry` from `entrySet()`.
    indirect case entry(key: Value, value: Value)
    /// A host object: `$input`, `$util`, `$foreach`.
    case object(HostObject)
    /// A `#define` block: rendered where it is referenced.
    case block(BlockRef)
}

final class BlockRef {
    let nodes: [Node]
    init(_ nodes: [Node]) { self.nodes = nodes }
}

/// Objects that only answer method calls and properties.
enum HostObject {
    case input
    case util
    case loop(LoopState)
}

/// `$foreach`: Velocity 1.7's loop tool (`index`, `count`, `hasNext`, `first`, `last`, `parent`).
final class LoopState {
    @exclusivity(unchecked) var index = 0
    @exclusivity(unchecked) var hasNext = false
    let parent: Value

    init(parent: Value) { self.parent = parent }

    func property(_ which: LoopProperty) -> Value {
        switch which {
        case .index: .int(Int32(truncatingIfNeeded: index))
        case .count: .int(Int32(truncatingIfNeeded: index + 1))
        case .hasNext: .bool(hasNext)
        case .first: .bool(index == 0)
        case .last: .bool(!hasNext)
        case .parent: parent
        }
    }
}

/// A Java list. `json` lists come from JSON (json-smart's `JSONArray`) and render as compact JSON,
/// as `$input.path` results do on API Gateway; the others are `ArrayList`s and render `[a, b]`.
final class ListRef {
    @exclusivity(unchecked) var items: [Value]
    let json: Bool
    /// A Java array (`String.split`): prints as `[Ljava.lang.String;@…`, as Java does.
    let array: Bool

    init(_ items: [Value], json: Bool = false, array: Bool = false) {
        self.items = items
        self.json = json
        self.array = array
    }
}

/// A Java `LinkedHashMap`: insertion order, unique keys by Java `equals`.
///
/// Lookup is a scan, made cheap by a fingerprint per key (a hash of a string key's UTF-8, 0 for other
/// keys): a miss compares integers only, and only a fingerprint match compares the keys themselves.
final class MapRef {
    // Unchecked: a render is single-threaded and never holds two accesses at once; the dynamic checks
    // cost more than the map operations they guard.
    @exclusivity(unchecked) private(set) var keys: [Value] = []
    @exclusivity(unchecked) var values: [Value] = []
    @exclusivity(unchecked) private var fingerprints: [UInt64] = []
    /// Set for `$context.requestOverride.*` and `responseOverride.*` maps: a second write to one name is an error.
    var writeOnce = false
    var writeOnceViolation: String?

    init() {}

    init(keys: [Value], values: [Value]) {
        for (k, v) in zip(keys, values) { put(k, v) }
    }

    var count: Int { keys.count }

    func reserveCapacity(_ n: Int) {
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
        fingerprints.reserveCapacity(n)
    }

    /// A hash of the UTF-8 bytes taken 8 at a time (a multiply and a shift per word), never 0
    /// (0 marks a key that is not a string).
    static func fingerprint(_ s: String) -> UInt64 {
        func words(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            let n = bytes.count
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(n)
            guard let base = bytes.baseAddress else { return hash | 1 }
            var i = 0
            while i + 8 <= n {
                hash = (hash ^ unalignedWord(base + i)) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                i += 8
            }
            if i < n {
                var tail: UInt64 = 0
                for k in i..<n { tail |= UInt64(base[k]) << UInt64(8 * (k - i)) }
                hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
            }
            return hash | 1
        }
        // Native strings are contiguous UTF-8: hash the buffer, not the view's iterator.
        return s.utf8.withContiguousStorageIfAvailable(words) ?? Array(s.utf8).withUnsafeBufferPointer(words)
    }

    static func fingerprint(_ key: Value) -> UInt64 {
        if case .string(let s) = key { return fingerprint(s) }
        return 0
    }

    func index(of key: Value) -> Int? {
        if case .string(let s) = key { return index(ofString: s) }
        return keys.firstIndex { $0.javaEquals(key) }
    }

    func index(ofString s: String, fingerprint: UInt64? = nil) -> Int? {
        let fingerprint = fingerprint ?? Self.fingerprint(s)
        return fingerprints.withUnsafeBufferPointer { prints in
            keys.withUnsafeBufferPointer { keys in
                for i in 0..<prints.count where prints[i] == fingerprint {
                    if case .string(let k) = keys[i], sameCodeUnits(k, s) { return i }
                }
                return nil
            }
        }
    }

    func get(_ key: Value) -> Value {
        index(of: key).map { values[$0] } ?? .null
    }

    func get(_ key: String) -> Value {
        index(ofString: key).map { values[$0] } ?? .null
    }

    /// ``get(_:)-(String)`` with the key's ``fingerprint(_:)-(String)`` computed already (a
    /// property name's, at parse time).
    func get(_ key: String, fingerprint: UInt64) -> Value {
        index(ofString: key, fingerprint: fingerprint).map { values[$0] } ?? .null
    }

    /// Appends a key known not to be present (building a map from a JSON object or a header list).
    func appendNew(_ key: String, _ value: Value) {
        keys.append(.string(key))
        values.append(value)
        fingerprints.append(Self.fingerprint(key))
    }

    /// `Map.put`: the previous value, or null.
    @discardableResult
    func put(_ key: Value, _ value: Value) -> Value {
        let fingerprint = Self.fingerprint(key)
        let found: Int?
        if case .string(let s) = key { found = index(ofString: s, fingerprint: fingerprint) } else { found = keys.firstIndex { $0.javaEquals(key) } }
        if let i = found {
            if writeOnce { writeOnceViolation = writeOnceViolation ?? key.javaString }
            let old = values[i]
            values[i] = value
            return old
        }
        keys.append(key)
        values.append(value)
        fingerprints.append(fingerprint)
        return .null
    }

    /// A map of string pairs in order, as `put` would build it (a repeated name keeps its first
    /// position and its last value): `$input.params()` parts, `$stageVariables`.
    convenience init(pairs: [(String, String)]) {
        self.init()
        reserveCapacity(pairs.count)
        for (k, v) in pairs {
            let fingerprint = Self.fingerprint(k)
            if let i = index(ofString: k, fingerprint: fingerprint) {
                values[i] = .string(v)
            } else {
                keys.append(.string(k))
                values.append(.string(v))
                fingerprints.append(fingerprint)
            }
        }
    }

    @discardableResult
    func remove(_ key: Value) -> Value {
        guard let i = index(of: key) else { return .null }
        keys.remove(at: i)
        fingerprints.remove(at: i)
        return values.remove(at: i)
    }

    func removeAll() {
        keys.removeAll()
        values.removeAll()
        fingerprints.removeAll()
    }
}

extension Value {
    /// A JSON value as API Gateway's `$input.path` returns it: objects as maps, arrays as JSON lists,
    /// integers as `Integer`, `Long` or `BigInteger` by size, other numbers as `Double`.
    init(json: JSONValue, jsonLists: Bool) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .number(let n): self = Value(number: n)
        case .array(let items): self = .list(ListRef(items.map { Value(json: $0, jsonLists: jsonLists) }, json: jsonLists))
        case .object(let object):
            // JSONObject keys are unique already.
            let map = MapRef()
            map.reserveCapacity(object.count)
            for (key, value) in object { map.appendNew(key, Value(json: value, jsonLists: jsonLists)) }
            self = .map(map)
        }
    }

    init(number n: JSONNumber) {
        if n.isIntegerLexeme, let v = n.int64Value {
            self = Int32(exactly: v).map(Value.int) ?? .long(v)
        } else if n.isIntegerLexeme, let v = Int128(n.lexeme) {
            self = .bigInteger(v)
        } else {
            self = .double(n.doubleValue)
        }
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Velocity 1.7's truth: null is false, a Boolean is itself, anything else is true (even "" and 0).
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        default: true
        }
    }

    var isNumber: Bool {
        switch self {
        case .int, .long, .bigInteger, .double: true
        default: false
        }
    }

    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}

/// Java `String.equals`: the same code units (Swift's `==` compares canonical equivalence instead).
func sameCodeUnits(_ a: String, _ b: String) -> Bool {
    let count = a.utf8.count
    guard count == b.utf8.count else { return false }
    // Contiguous UTF-8 (native and small strings) is compared in place, without copying either string.
    if let equal = a.utf8.withContiguousStorageIfAvailable({ pa in
        b.utf8.withContiguousStorageIfAvailable { pb in count == 0 || bytesEqual(pa.baseAddress!, pb.baseAddress!, count) }
    }), let equal {
        return equal
    }
    return a.utf8.elementsEqual(b.utf8)
}
