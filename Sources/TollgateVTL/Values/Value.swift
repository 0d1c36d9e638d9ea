import TollgateJSON

/// A value while a template renders: what a Java object is to Apache Velocity.
///
/// Numbers keep their Java type (`Integer`, `Long`, `BigInteger`, `Double`) because Velocity's
/// arithmetic and equality depend on it. Lists and maps are references, as in Java: `#set($b = $a)`
/// then `$b.add(1)` changes `$a` too. They and strings live in the render's ``ValueArena`` (or, for
/// string literals, the program) and are freed with it, so copying a value costs no reference counting.
enum Value {
    case null
    case bool(Bool)
    /// `java.lang.Integer`.
    case int(Int32)
    /// `java.lang.Long`.
    case long(Int64)
    /// `java.math.BigInteger`, for results past `Long` (Velocity promotes on overflow). Held in 128 bits.
    case bigInteger(BigInteger)
    /// `java.lang.Double`.
    case double(Double)
    case string(StringRef)
    case list(ListRef)
    case map(MapRef)
    /// A `Map.Entry` from `entrySet()`.
    case entry(EntryRef)
    /// A host object: `$input`, `$util`, `$foreach`.
    case object(HostObject)
    /// A `#define` block: rendered where it is referenced.
    case block(Frozen<Node>)
}

/// A 128-bit integer in two words: `Int128` would give ``Value`` 16-byte alignment, and so a stride
/// of 32 bytes instead of 24.
struct BigInteger {
    let low: UInt64
    let high: Int64

    init(_ v: Int128) {
        low = UInt64(truncatingIfNeeded: v)
        high = Int64(truncatingIfNeeded: v >> 64)
    }

    var value: Int128 { Int128(high) << 64 | Int128(low) }
}

/// Objects that only answer method calls and properties.
enum HostObject {
    case input
    case util
    case loop(LoopState)
    /// `$context` not converted yet (``Renderer/contextMember(_:)``): it stays in its slot only,
    /// and a reference that reads it gets a converted member or the whole map instead.
    case context
}

/// A `Map.Entry`.
struct EntryRef {
    let storage: UnsafeMutablePointer<(key: Value, value: Value)>
    var key: Value { storage.pointee.key }
    var value: Value { storage.pointee.value }
}

/// `$foreach`: Velocity 1.7's loop tool (`index`, `count`, `hasNext`, `first`, `last`, `parent`).
struct LoopState {
    let storage: UnsafeMutablePointer<LoopStorage>

    var index: Int {
        get { storage.pointee.index }
        nonmutating set { storage.pointee.index = newValue }
    }

    var hasNext: Bool {
        get { storage.pointee.hasNext }
        nonmutating set { storage.pointee.hasNext = newValue }
    }

    var parent: Value { storage.pointee.parent }

    @inline(__always)
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

struct LoopStorage {
    var index = 0
    var hasNext = false
    let parent: Value
}

/// A Java list. `json` lists come from JSON (json-smart's `JSONArray`) and render as compact JSON,
/// as `$input.path` results do on API Gateway; the others are `ArrayList`s and render `[a, b]`.
struct ListRef {
    let storage: UnsafeMutablePointer<ListStorage>

    /// The elements now (a view: later appends do not show in it).
    var items: ArenaVector<Value> { storage.pointee.items }

    var json: Bool { storage.pointee.json }
    /// A Java array (`String.split`): prints as `[Ljava.lang.String;@…`, as Java does.
    var array: Bool { storage.pointee.array }

    /// Java's identity hash, as a Java array prints it.
    var identityHash: UInt32 { UInt32(truncatingIfNeeded: Int(bitPattern: storage) >> 4) }

    static func === (a: ListRef, b: ListRef) -> Bool { a.storage == b.storage }

    func append(_ value: Value, in arena: inout ValueArena) { storage.pointee.items.append(value, in: &arena) }

    func append(contentsOf values: ArenaVector<Value>, in arena: inout ValueArena) {
        storage.pointee.items.append(contentsOf: values, in: &arena)
    }

    func insert(_ value: Value, at i: Int, in arena: inout ValueArena) { storage.pointee.items.insert(value, at: i, in: &arena) }

    func set(_ i: Int, _ value: Value) { storage.pointee.items[i] = value }

    @discardableResult
    func remove(at i: Int) -> Value { storage.pointee.items.remove(at: i) }

    func removeAll() { storage.pointee.items.removeAll() }
}

struct ListStorage {
    var items: ArenaVector<Value>
    let json: Bool
    let array: Bool
}

/// A Java `LinkedHashMap`: insertion order, unique keys by Java `equals`.
///
/// Lookup is a scan. A small map (up to ``MapStorage/hashFrom`` keys) compares lengths, then bytes;
/// a bigger one keeps a fingerprint per key (a hash of a string key's UTF-8, 0 for other keys), so a
/// miss compares integers only and only a fingerprint match compares the keys themselves.
struct MapRef {
    let storage: UnsafeMutablePointer<MapStorage>

    static func === (a: MapRef, b: MapRef) -> Bool { a.storage == b.storage }

    var keys: ArenaVector<Value> { storage.pointee.keys }
    var values: ArenaVector<Value> { storage.pointee.values }

    /// Set for `$context.requestOverride.*` and `responseOverride.*` maps: a second write to one name is an error.
    var writeOnce: Bool {
        get { storage.pointee.writeOnce }
        nonmutating set { storage.pointee.writeOnce = newValue }
    }

    /// The name written twice in a ``writeOnce`` map, if any.
    var writeOnceViolation: String? { storage.pointee.violation.map(\.javaString) }

    var count: Int { storage.pointee.keys.count }

    func reserveCapacity(_ n: Int, in arena: inout ValueArena) {
        storage.pointee.keys.reserve(n, in: &arena)
        storage.pointee.values.reserve(n, in: &arena)
    }

    static func fingerprint(_ key: Value) -> UInt64 {
        if case .string(let s) = key { return s.fingerprint }
        return 0
    }

    func index(of key: Value) -> Int? {
        if case .string(let s) = key { return index(ofString: s) }
        return storage.pointee.keys.firstIndex { $0.javaEquals(key) }
    }

    /// The position of string key `s`; `fingerprint` is its ``StringRef/fingerprint`` when known
    /// already (a property name's, from parse time).
    func index(ofString s: StringRef, fingerprint: UInt64? = nil) -> Int? {
        let keys = storage.pointee.keys
        // The key after the last one found, by address: a `#foreach` over this map's `keySet()` that
        // looks each key up again (`$map.get($key)`) finds it here without a scan.
        let next = storage.pointee.nextKeyHint
        if next < keys.count, case .string(let k) = keys[next], k.base == s.base, k.count == s.count {
            storage.pointee.nextKeyHint = next &+ 1
            return next
        }
        guard let i = scan(forString: s, fingerprint: fingerprint) else { return nil }
        storage.pointee.nextKeyHint = i &+ 1
        return i
    }

    private func scan(forString s: StringRef, fingerprint: UInt64?) -> Int? {
        let keys = storage.pointee.keys
        guard storage.pointee.hashed else {
            for i in 0..<keys.count {
                if case .string(let k) = keys[i], k.equals(s) { return i }
            }
            return nil
        }
        let fingerprint = fingerprint ?? s.fingerprint
        let prints = storage.pointee.fingerprints
        for i in 0..<prints.count where prints[i] == fingerprint {
            if case .string(let k) = keys[i], k.equals(s) { return i }
        }
        return nil
    }

    func get(_ key: Value) -> Value {
        index(of: key).map { storage.pointee.values[$0] } ?? .null
    }

    /// ``get(_:)`` of a string key whose ``StringRef/fingerprint`` is computed already (a property
    /// name's, at parse time).
    func get(_ key: StringRef, fingerprint: UInt64) -> Value {
        index(ofString: key, fingerprint: fingerprint).map { storage.pointee.values[$0] } ?? .null
    }

    /// Appends a key known not to be present (building a map from a JSON object or a header list).
    func appendNew(_ key: StringRef, _ value: Value, in arena: inout ValueArena) {
        storage.pointee.append(.string(key), value, in: &arena)
    }

    /// `Map.put`: the previous value, or null.
    @discardableResult
    func put(_ key: Value, _ value: Value, in arena: inout ValueArena) -> Value {
        if let i = index(of: key) {
            if storage.pointee.writeOnce, storage.pointee.violation == nil { storage.pointee.violation = key }
            let old = storage.pointee.values[i]
            storage.pointee.values[i] = value
            return old
        }
        storage.pointee.append(key, value, in: &arena)
        return .null
    }

    @discardableResult
    func remove(_ key: Value) -> Value {
        guard let i = index(of: key) else { return .null }
        storage.pointee.keys.remove(at: i)
        if storage.pointee.hashed { storage.pointee.fingerprints.remove(at: i) }
        return storage.pointee.values.remove(at: i)
    }

    func removeAll() {
        storage.pointee.keys.removeAll()
        storage.pointee.values.removeAll()
        storage.pointee.fingerprints.removeAll()
    }
}

struct MapStorage {
    /// Maps with more keys than this keep fingerprints (``MapRef``).
    static let hashFrom = 16

    var keys = ArenaVector<Value>()
    var values = ArenaVector<Value>()
    /// One per key once the map has more than ``hashFrom`` keys (``hashed``); empty before.
    var fingerprints = ArenaVector<UInt64>()
    var hashed = false
    /// Where ``MapRef/index(ofString:fingerprint:)`` looks first: after the key it found last.
    var nextKeyHint = 0
    var writeOnce = false
    /// The first key written twice in a ``writeOnce`` map.
    var violation: Value?

    mutating func append(_ key: Value, _ value: Value, in arena: inout ValueArena) {
        keys.append(key, in: &arena)
        values.append(value, in: &arena)
        if hashed {
            fingerprints.append(MapRef.fingerprint(key), in: &arena)
        } else if keys.count > Self.hashFrom {
            fingerprints.reserve(keys.count * 2, in: &arena)
            for key in keys { fingerprints.append(MapRef.fingerprint(key), in: &arena) }
            hashed = true
        }
    }
}

extension Value {
    /// A JSON value as API Gateway's `$input.path` returns it: objects as maps, arrays as JSON lists,
    /// integers as `Integer`, `Long` or `BigInteger` by size, other numbers as `Double`.
    init(json: JSONValue, jsonLists: Bool, in arena: inout ValueArena) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(arena.string(s))
        case .number(let n): self = Value(number: n)
        case .array(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(Value(json: item, jsonLists: jsonLists, in: &arena)) }
            self = .list(arena.list(values, json: jsonLists))
        case .object(let object):
            // JSONObject keys are unique already.
            let map = arena.map()
            map.reserveCapacity(object.count, in: &arena)
            for (key, value) in object {
                let member = Value(json: value, jsonLists: jsonLists, in: &arena)
                map.appendNew(arena.string(key), member, in: &arena)
            }
            self = .map(map)
        }
    }

    /// The value at word `at` of a tape, as ``init(json:jsonLists:in:)`` makes it from the same JSON
    /// (arrays as JSON lists), read from the words without a `JSONValue` in between.
    init(tape: JSONTape, at index: Int, in arena: inout ValueArena) {
        self = tape.words.withUnsafeBufferPointer { w in
            tape.arena.withUnsafeBufferPointer { a in Value(tape: w, a, index, in: &arena) }
        }
    }

    private init(tape w: UnsafeBufferPointer<UInt64>, _ a: UnsafeBufferPointer<UInt8>, _ index: Int, in arena: inout ValueArena) {
        let word = w[index]
        func bytes(_ word: UInt64) -> UnsafeBufferPointer<UInt8> { JSONTape.bytes(a, word) }
        switch JSONTape.kind(word) {
        case .null: self = .null
        case .false: self = .bool(false)
        case .true: self = .bool(true)
        case .integer:
            let v = Int64(bitPattern: w[index + 1])
            self = Int32(exactly: v).map(Value.int) ?? .long(v)
        case .number:
            let lexeme = bytes(word)
            if JSONNumber.isIntegerLexeme(lexeme) {
                // `-0` and integers past `Int64`.
                self = Value(number: JSONNumber(validLexemeBytes: lexeme))
            } else {
                self = .double(JSONNumber.double(lexeme: lexeme))
            }
        case .string: self = .string(arena.string(bytes(word)))
        case .array:
            let list = arena.list(EmptyCollection<Value>(), json: true)
            list.storage.pointee.items.reserve(Int(truncatingIfNeeded: w[index + 1]), in: &arena)
            let end = JSONTape.next(w, after: index)
            var i = index + 2
            while i < end {
                list.append(Value(tape: w, a, i, in: &arena), in: &arena)
                i = JSONTape.next(w, after: i)
            }
            self = .list(list)
        case .object:
            // A tape's keys are unique (a repeated key is settled when it is laid out).
            let map = arena.map()
            map.reserveCapacity(Int(truncatingIfNeeded: w[index + 1]), in: &arena)
            let end = JSONTape.next(w, after: index)
            var i = index + 2
            while i < end {
                let key = arena.string(bytes(w[i]))
                let member = Value(tape: w, a, i + 1, in: &arena)
                map.appendNew(key, member, in: &arena)
                i = JSONTape.next(w, after: i + 1)
            }
            self = .map(map)
        }
    }

    init(number n: JSONNumber) {
        if n.isIntegerLexeme, let v = n.int64Value {
            self = Int32(exactly: v).map(Value.int) ?? .long(v)
        } else if n.isIntegerLexeme, let v = Int128(n.lexeme) {
            self = .bigInteger(BigInteger(v))
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
