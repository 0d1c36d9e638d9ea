public import TollgateJSON

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
    case bigInteger(Int128)
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

/// Objects that only answer method calls and properties.
enum HostObject {
    case input
    case util
    case loop(LoopState)
}

/// Where one render's lists, maps, entries and loop states live. They are freed together when the
/// render ends, as a Java heap would collect them; ``count`` lets the renderer bound how many a render makes.
///
/// Objects are placed one after another in chunks (a bump allocator: one `malloc` for many objects),
/// each behind a header that links it to the previous one and names its type, so the arena can
/// deinitialize them all at the end. Held inline by the renderer, never copied.
struct ValueArena: ~Copyable {
    private(set) var count = 0
    /// Bytes of the strings made so far.
    private(set) var stringBytes = 0
    /// The chunk being filled; each chunk's first word points to the chunk before it.
    private var chunk: UnsafeMutableRawPointer?
    private var used = 0
    private var size = 0
    /// The newest object's header.
    private var newest: UnsafeMutableRawPointer?

    /// An object's header: the previous object's header, then its kind.
    private static let headerSize = 16
    private static let firstChunk = 2048

    private enum Kind: Int {
        case list, map, entry, loop
    }

    init() {}

    deinit {
        var header = newest
        while let h = header {
            let object = h + Self.headerSize
            switch Kind(rawValue: h.load(fromByteOffset: 8, as: Int.self))! {
            case .list: object.assumingMemoryBound(to: ListStorage.self).deinitialize(count: 1)
            case .map: object.assumingMemoryBound(to: MapStorage.self).deinitialize(count: 1)
            case .entry: object.assumingMemoryBound(to: (key: Value, value: Value).self).deinitialize(count: 1)
            case .loop: object.assumingMemoryBound(to: LoopStorage.self).deinitialize(count: 1)
            }
            header = h.load(as: UnsafeMutableRawPointer?.self)
        }
        var c = chunk
        while let current = c {
            c = current.load(as: UnsafeMutableRawPointer?.self)
            current.deallocate()
        }
    }

    /// `need` bytes (a multiple of 16) in the current chunk, or in a new one.
    private mutating func reserve(_ need: Int) -> UnsafeMutableRawPointer {
        if chunk == nil || used + need > size {
            if need > Self.firstChunk, let current = chunk {
                // A large block gets a chunk of its own, linked behind the current one.
                let own = UnsafeMutableRawPointer.allocate(byteCount: need + 16, alignment: 16)
                own.storeBytes(of: current.load(as: UnsafeMutableRawPointer?.self), as: UnsafeMutableRawPointer?.self)
                current.storeBytes(of: own, as: UnsafeMutableRawPointer?.self)
                return own + 16
            }
            let bytes = max(need + 16, size == 0 ? Self.firstChunk : min(size * 2, 1 << 16))
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
            fresh.storeBytes(of: chunk, as: UnsafeMutableRawPointer?.self)
            (chunk, used, size) = (fresh, 16, bytes)
        }
        let p = chunk! + used
        used += need
        return p
    }

    /// A copy of `bytes`, alive until the render ends.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> StringRef {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return .empty }
        stringBytes += bytes.count
        let p = reserve((bytes.count + 15) & ~15).assumingMemoryBound(to: UInt8.self)
        p.update(from: source, count: bytes.count)
        return StringRef(base: p, count: bytes.count)
    }

    /// A copy of `s`'s UTF-8, alive until the render ends.
    @inline(__always)
    mutating func string(_ s: String) -> StringRef {
        // Native strings are contiguous UTF-8: copy in place, without a mutable copy of `s`.
        if let copied = s.utf8.withContiguousStorageIfAvailable({ string($0) }) { return copied }
        var s = s
        return s.withUTF8 { string($0) }
    }

    private mutating func make<T>(_ value: T, _ kind: Kind) -> UnsafeMutablePointer<T> {
        count += 1
        let header = reserve(Self.headerSize + (MemoryLayout<T>.stride + 15) & ~15)
        header.storeBytes(of: newest, as: UnsafeMutableRawPointer?.self)
        header.storeBytes(of: kind.rawValue, toByteOffset: 8, as: Int.self)
        newest = header
        let p = (header + Self.headerSize).bindMemory(to: T.self, capacity: 1)
        p.initialize(to: value)
        return p
    }

    mutating func list(_ items: [Value], json: Bool = false, array: Bool = false) -> ListRef {
        ListRef(storage: make(ListStorage(items: items, json: json, array: array), .list))
    }

    mutating func map() -> MapRef {
        MapRef(storage: make(MapStorage(), .map))
    }

    /// A map of string pairs in order, as `put` would build it (a repeated name keeps its first
    /// position and its last value): `$input.params()` parts, `$stageVariables`.
    mutating func map(pairs: [(String, String)]) -> MapRef {
        let map = map()
        map.reserveCapacity(pairs.count)
        pairs.withUnsafeBufferPointer { pairs in
            for i in pairs.indices {
                let key = string(pairs[i].0)
                let fingerprint = key.fingerprint
                if let found = map.index(ofString: key, fingerprint: fingerprint) {
                    map.values[found] = .string(string(pairs[i].1))
                } else {
                    map.storage.pointee.append(.string(key), .string(string(pairs[i].1)), fingerprint: fingerprint)
                }
            }
        }
        return map
    }

    mutating func entry(key: Value, value: Value) -> EntryRef {
        EntryRef(storage: make((key: key, value: value), .entry))
    }

    mutating func loop(parent: Value) -> LoopState {
        LoopState(storage: make(LoopStorage(parent: parent), .loop))
    }
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

    var items: [Value] {
        get { storage.pointee.items }
        nonmutating _modify { yield &storage.pointee.items }
    }

    var json: Bool { storage.pointee.json }
    /// A Java array (`String.split`): prints as `[Ljava.lang.String;@…`, as Java does.
    var array: Bool { storage.pointee.array }

    /// Java's identity hash, as a Java array prints it.
    var identityHash: UInt32 { UInt32(truncatingIfNeeded: Int(bitPattern: storage) >> 4) }

    static func === (a: ListRef, b: ListRef) -> Bool { a.storage == b.storage }
}

struct ListStorage {
    var items: [Value]
    let json: Bool
    let array: Bool
}

/// A Java `LinkedHashMap`: insertion order, unique keys by Java `equals`.
///
/// Lookup is a scan, made cheap by a fingerprint per key (a hash of a string key's UTF-8, 0 for other
/// keys): a miss compares integers only, and only a fingerprint match compares the keys themselves.
struct MapRef {
    let storage: UnsafeMutablePointer<MapStorage>

    static func === (a: MapRef, b: MapRef) -> Bool { a.storage == b.storage }

    var keys: [Value] { storage.pointee.keys }

    var values: [Value] {
        get { storage.pointee.values }
        nonmutating _modify { yield &storage.pointee.values }
    }

    /// Set for `$context.requestOverride.*` and `responseOverride.*` maps: a second write to one name is an error.
    var writeOnce: Bool {
        get { storage.pointee.writeOnce }
        nonmutating set { storage.pointee.writeOnce = newValue }
    }

    var writeOnceViolation: String? { storage.pointee.writeOnceViolation }

    var count: Int { storage.pointee.keys.count }

    func reserveCapacity(_ n: Int) {
        storage.pointee.keys.reserveCapacity(n)
        storage.pointee.values.reserveCapacity(n)
        storage.pointee.fingerprints.reserveCapacity(n)
    }

    static func fingerprint(_ key: Value) -> UInt64 {
        if case .string(let s) = key { return s.fingerprint }
        return 0
    }

    func index(of key: Value) -> Int? {
        if case .string(let s) = key { return index(ofString: s) }
        return storage.pointee.keys.firstIndex { $0.javaEquals(key) }
    }

    func index(ofString s: StringRef, fingerprint: UInt64? = nil) -> Int? {
        let fingerprint = fingerprint ?? s.fingerprint
        return storage.pointee.fingerprints.withUnsafeBufferPointer { prints in
            storage.pointee.keys.withUnsafeBufferPointer { keys in
                for i in 0..<prints.count where prints[i] == fingerprint {
                    if case .string(let k) = keys[i], k.equals(s) { return i }
                }
                return nil
            }
        }
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
    func appendNew(_ key: StringRef, _ value: Value) {
        storage.pointee.append(.string(key), value, fingerprint: key.fingerprint)
    }

    /// `Map.put`: the previous value, or null.
    @discardableResult
    func put(_ key: Value, _ value: Value) -> Value {
        let fingerprint = Self.fingerprint(key)
        let found: Int?
        if case .string(let s) = key {
            found = index(ofString: s, fingerprint: fingerprint)
        } else {
            found = storage.pointee.keys.firstIndex { $0.javaEquals(key) }
        }
        if let i = found {
            if storage.pointee.writeOnce { storage.pointee.writeOnceViolation = storage.pointee.writeOnceViolation ?? key.javaString }
            let old = storage.pointee.values[i]
            storage.pointee.values[i] = value
            return old
        }
        storage.pointee.append(key, value, fingerprint: fingerprint)
        return .null
    }

    @discardableResult
    func remove(_ key: Value) -> Value {
        guard let i = index(of: key) else { return .null }
        storage.pointee.keys.remove(at: i)
        storage.pointee.fingerprints.remove(at: i)
        return storage.pointee.values.remove(at: i)
    }

    func removeAll() {
        storage.pointee.keys.removeAll()
        storage.pointee.values.removeAll()
        storage.pointee.fingerprints.removeAll()
    }
}

struct MapStorage {
    var keys: [Value] = []
    var values: [Value] = []
    var fingerprints: [UInt64] = []
    var writeOnce = false
    var writeOnceViolation: String?

    mutating func append(_ key: Value, _ value: Value, fingerprint: UInt64) {
        keys.append(key)
        values.append(value)
        fingerprints.append(fingerprint)
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
        case .array(let items): self = .list(arena.list(items.map { Value(json: $0, jsonLists: jsonLists, in: &arena) }, json: jsonLists))
        case .object(let object):
            // JSONObject keys are unique already.
            let map = arena.map()
            map.reserveCapacity(object.count)
            for (key, value) in object { map.appendNew(arena.string(key), Value(json: value, jsonLists: jsonLists, in: &arena)) }
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
