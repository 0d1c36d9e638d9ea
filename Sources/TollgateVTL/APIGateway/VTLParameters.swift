/// Name/value pairs in the order received, as API Gateway hands them to a template: path parameters,
/// query string parameters, headers, stage variables.
///
/// The names and values are kept as UTF-8 in one block, so a render reads them in place: building
/// `$input.params()` copies no text. A name may appear more than once (a repeated header or query
/// string parameter); `$input.params()` then keeps its first position and its last value, as
/// `Map.put` would.
public struct VTLParameters: Sendable {
    private var storage: Storage
    /// ``storage``'s blocks, read without reference counting during a render; set after every change.
    private(set) var view: View

    /// No pairs.
    public init() {
        storage = Self.none
        view = Self.none.view
    }

    /// The storage of every empty value (an append copies it first: it is never uniquely referenced).
    private static let none = Storage(bytes: 0, pairs: 0)

    /// The pairs in `pairs`, in order.
    public init(_ pairs: some Sequence<(String, String)>) {
        self.init(Array(pairs))
    }

    /// The pairs in `pairs`, in order, in storage allocated once.
    public init(_ pairs: [(String, String)]) {
        var storage = Self.none
        if !pairs.isEmpty {
            var bytes = 0
            for (name, value) in pairs { bytes += name.utf8.count + value.utf8.count }
            storage = Storage(bytes: bytes, pairs: pairs.count)
            for (name, value) in pairs { storage.append(name, value) }
        }
        self.storage = storage
        view = storage.view
    }

    /// Adds a pair at the end.
    public mutating func append(_ name: String, _ value: String) {
        let more = name.utf8.count + value.utf8.count
        if !isKnownUniquelyReferenced(&storage) || storage.byteCount + more > storage.byteCapacity || storage.count == storage.capacity {
            storage = storage.copy(bytes: storage.byteCount + more, pairs: storage.count + 1)
        }
        storage.append(name, value)
        view = storage.view
    }

    /// The first value of `name` (the same code units), or nil.
    public func first(named name: String) -> String? {
        for i in indices where self[name: i].equals(name) { return self[value: i].string }
        return nil
    }

    /// The name at `i`, in place (valid while this value is alive and unchanged).
    subscript(name i: Int) -> StringRef { view.name(i) }

    /// The value at `i`, in place (valid while this value is alive and unchanged).
    subscript(value i: Int) -> StringRef { view.value(i) }

    /// The pairs as a render reads them: the storage's addresses, valid while this value is alive and
    /// unchanged.
    struct View: @unchecked Sendable {
        let bytes: UnsafePointer<UInt8>
        let pairs: UnsafePointer<Pair>
        let count: Int
        /// Some name appears more than once (the same code units).
        let repeats: Bool

        @inline(__always) func name(_ i: Int) -> StringRef { StringRef(base: bytes + pairs[i].nameStart, count: pairs[i].nameCount) }
        @inline(__always) func value(_ i: Int) -> StringRef { StringRef(base: bytes + pairs[i].valueStart, count: pairs[i].valueCount) }
    }

    struct Pair {
        var nameStart: Int
        var nameCount: Int
        var valueStart: Int
        var valueCount: Int
        /// The name's ``StringRef/fingerprint``.
        var fingerprint: UInt64
    }
}

extension VTLParameters: RandomAccessCollection {
    /// The first parameter's position.
    public var startIndex: Int { 0 }
    /// The position past the last parameter.
    public var endIndex: Int { view.count }

    /// The parameter at `position`.
    public subscript(position: Int) -> (name: String, value: String) {
        precondition(indices.contains(position), "VTLParameters index out of range")
        return (view.name(position).string, view.value(position).string)
    }
}

extension VTLParameters: ExpressibleByArrayLiteral {
    /// Parameters in the literal's order.
    public init(arrayLiteral elements: (String, String)...) {
        self.init(elements)
    }
}

extension VTLParameters: Equatable {
    /// The same pairs in the same order, compared by code units.
    public static func == (a: VTLParameters, b: VTLParameters) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[name: $0].equals(b[name: $0]) && a[value: $0].equals(b[value: $0]) }
    }
}

extension VTLParameters: CustomStringConvertible {
    /// `{name=value, …}`, as Java prints a map.
    public var description: String {
        "[" + map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "]"
    }
}

extension VTLParameters {
    /// One block of UTF-8 and one of pair positions, allocated by hand so that their addresses stay put
    /// while the storage lives (a render points into them). Changed only while uniquely referenced.
    private final class Storage: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>
        let byteCapacity: Int
        private(set) var byteCount = 0
        let pairs: UnsafeMutablePointer<Pair>
        let capacity: Int
        private(set) var count = 0
        /// Some name appears more than once.
        private(set) var repeats = false
        /// The names' fingerprints once there are ``scanUpTo`` pairs (until a repeat is found).
        private var fingerprints: Set<UInt64>?
        static let scanUpTo = 32

        init(bytes: Int, pairs: Int) {
            byteCapacity = bytes
            capacity = pairs
            self.bytes = .allocate(capacity: Swift.max(bytes, 1))
            self.pairs = .allocate(capacity: Swift.max(pairs, 1))
        }

        deinit {
            bytes.deallocate()
            pairs.deallocate()
        }

        /// A copy with room for at least `bytes` bytes and `pairs` pairs (growing geometrically).
        func copy(bytes wanted: Int, pairs pairCount: Int) -> Storage {
            let fresh = Storage(bytes: Swift.max(wanted, byteCapacity * 2, 64), pairs: Swift.max(pairCount, capacity * 2, 4))
            fresh.bytes.update(from: bytes, count: byteCount)
            fresh.pairs.update(from: pairs, count: count)
            fresh.byteCount = byteCount
            fresh.count = count
            fresh.repeats = repeats
            fresh.fingerprints = fingerprints
            return fresh
        }

        /// Appends within capacity.
        func append(_ name: String, _ value: String) {
            let nameStart = byteCount
            byteCount += write(name)
            let valueStart = byteCount
            byteCount += write(value)
            let name = StringRef(base: bytes + nameStart, count: valueStart - nameStart)
            let fingerprint = name.fingerprint
            if !repeats {
                if count < Self.scanUpTo {
                    // A comparison of integers per earlier pair.
                    repeats = holds(name, fingerprint)
                } else {
                    // Past a few pairs, a set of fingerprints keeps appending linear; only a fingerprint
                    // seen before (a repeat, or a collision) compares names.
                    if fingerprints == nil { fingerprints = Set((0..<count).map { pairs[$0].fingerprint }) }
                    if !fingerprints!.insert(fingerprint).inserted { repeats = holds(name, fingerprint) }
                }
            }
            pairs[count] = Pair(
                nameStart: nameStart,
                nameCount: name.count,
                valueStart: valueStart,
                valueCount: byteCount - valueStart,
                fingerprint: fingerprint
            )
            count += 1
        }

        private func write(_ s: String) -> Int {
            let n = s.utf8.count
            let (_, copied) = UnsafeMutableBufferPointer(start: bytes + byteCount, count: n).initialize(from: s.utf8)
            return copied
        }

        var view: View { View(bytes: bytes, pairs: pairs, count: count, repeats: repeats) }

        /// Whether an earlier pair has `name` (whose fingerprint is `fingerprint`).
        private func holds(_ name: StringRef, _ fingerprint: UInt64) -> Bool {
            let view = view
            return (0..<count).contains { pairs[$0].fingerprint == fingerprint && view.name($0).equals(name) }
        }
    }
}
