/// The members of a JSON object, in insertion order, with unique keys.
///
/// Storage is one flat array of key/value pairs: building an object from a parse
/// costs one allocation, iteration is in document order, and lookup is a linear scan
/// (objects in API payloads are small; a lookup in an object of *n* members is O(*n*)).
///
/// Duplicate keys follow Jackson's `ObjectNode` (a `LinkedHashMap`), which is what API
/// Gateway uses: the **last** value wins and the member keeps the position where the key
/// first appeared. `{"a":1,"b":2,"a":3}` is `{"a":3,"b":2}`.
public struct JSONObject: Sendable {
    /// A member: its key and its value.
    public typealias Element = (key: String, value: JSONValue)

    /// Stored members. A struct rather than the `Element` tuple: tuple arrays need runtime
    /// metadata lookups on every allocation, which showed in the parser's profile.
    @usableFromInline
    package struct Member: Sendable {
        @usableFromInline package var key: String
        @usableFromInline package var value: JSONValue

        @inlinable
        init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline
    var entries: [Member]

    /// An empty object.
    public init() {
        entries = []
    }

    /// An object from key/value pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: some Sequence<Element>) {
        entries = []
        for (key, value) in pairs { self[key] = value }
    }

    /// An object from pairs the caller guarantees to have unique keys: no duplicate check, O(n).
    /// (A repeated key would make lookups see its first value only.)
    public init(uniqueKeysWithValues pairs: [(String, JSONValue)]) {
        entries = pairs.map { Member(key: $0.0, value: $0.1) }
    }

    /// Adopts pairs the caller guarantees to have unique keys (the parser checks them).
    init(uniqueEntries: [Member]) {
        entries = uniqueEntries
    }

    /// The number of members.
    @inlinable public var count: Int { entries.count }

    /// `true` when the object has no members.
    public var isEmpty: Bool { entries.isEmpty }

    /// The keys, in order.
    public var keys: [String] { entries.map(\.key) }

    /// The values, in key order.
    public var values: [JSONValue] { entries.map(\.value) }

    /// The position of `key`, or `nil`.
    public func index(forKey key: String) -> Int? {
        entries.firstIndex { exactlyEqual($0.key, key) }
    }

    /// The value for `key`. Setting `nil` removes the member; setting a new key appends it;
    /// setting an existing key replaces the value in place.
    public subscript(key: String) -> JSONValue? {
        get {
            for entry in entries where exactlyEqual(entry.key, key) { return entry.value }
            return nil
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Removes the member for `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(forKey: key) else { return nil }
        return entries.remove(at: i).value
    }

    /// The members in place, for hot loops in other Tollgate modules (no copies, no reference counting).
    @inlinable
    package func withMembers<R>(_ body: (UnsafeBufferPointer<Member>) throws -> R) rethrows -> R {
        try entries.withUnsafeBufferPointer(body)
    }

    /// Compares members *and* their order (`==` ignores order, as JSON equality does).
    public func orderedEquals(_ other: JSONObject) -> Bool {
        guard count == other.count else { return false }
        for (a, b) in zip(entries, other.entries) where !exactlyEqual(a.key, b.key) || a.value != b.value { return false }
        return true
    }
}

extension JSONObject: RandomAccessCollection {
    /// The first member's position.
    public var startIndex: Int { entries.startIndex }
    /// The position past the last member.
    public var endIndex: Int { entries.endIndex }
    /// The member at `position`, as a key and value.
    public subscript(position: Int) -> Element {
        let member = entries[position]
        return (member.key, member.value)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object of these members, in order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.lazy.map { (key: $0.0, value: $0.1) })
    }
}
