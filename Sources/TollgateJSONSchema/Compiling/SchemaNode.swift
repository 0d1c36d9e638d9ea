public import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// Where a schema lives: its document's URI and the JSON Pointer inside it.
public struct SchemaLocation: Hashable, Sendable, CustomStringConvertible {
    /// The document URI without fragment (`""` for the root document without an `id`).
    public let document: String
    /// The schema's place inside its document.
    public let pointer: JSONPointer

    /// `uri#/pointer`, or `#/pointer` in the root document.
    public var description: String { document + pointer.uriFragment }
}

/// One compiled schema object. Validators in ``checks`` are in fge's order: alphabetical by
/// keyword (Java `TreeMap`), `format` last. A class, filled in once by the compiler and then
/// only read: validation passes nodes around without copying their contents.
final class SchemaNode: Sendable {
    enum Additional: Sendable {
        case allowed
        case forbidden
        case schema(Int)
    }

    enum Items: Sendable {
        case none
        case all(Int)
        case tuple([Int])
    }

    enum Check: Sendable {
        case additionalItemsForbidden(tupleCount: Int)
        case additionalPropertiesForbidden
        case allOf([Int])
        case anyOf([Int])
        case dependencies(properties: [(String, [String])], schemas: [(String, Int)])
        case enumeration(Set<JSONValue>, message: String)
        /// An enum of strings only (the common case): compared without hashing.
        case stringEnumeration([String], message: String)
        case maxItems(Int)
        case maxLength(Int)
        case maxProperties(Int)
        case maximum(JSONNumber, exclusive: Bool, text: String)
        case minItems(Int)
        case minLength(Int)
        case minProperties(Int)
        case minimum(JSONNumber, exclusive: Bool, text: String)
        case multipleOf(JSONNumber, text: String)
        case not(Int)
        case oneOf([Int])
        case pattern(ECMAScriptRegex)
        case required([String], message: String)
        case type(TypeSet)
        case uniqueItems
        case format(SchemaFormat)
    }

    let location: SchemaLocation
    /// A `$ref`: in draft-04 the rest of the schema is ignored.
    let ref: Int?
    let checks: [Check]
    /// `properties` for lookups by a cheap hash of the name's bytes.
    let propertyTable: PropertyTable
    let patternProperties: [(regex: ECMAScriptRegex, node: Int)]
    let additionalProperties: Additional
    let items: Items
    let additionalItems: Additional
    /// `true` when an object instance's members have schemas to visit.
    let descendsIntoObjects: Bool
    /// `true` when an array instance's elements have schemas to visit.
    let descendsIntoArrays: Bool

    /// ``checks`` with trivially copyable payloads (indices into the tables below), for the
    /// fast path: reading one costs no reference counting.
    enum FastCheck: Sendable {
        case type(TypeSet)
        case stringEnumeration(start: Int, count: Int)
        case enumeration(Int)
        case required(start: Int, count: Int)
        case minimum(Int, exclusive: Bool)
        case maximum(Int, exclusive: Bool)
        case multipleOf(Int)
        case minLength(Int)
        case maxLength(Int)
        case minItems(Int)
        case maxItems(Int)
        case minProperties(Int)
        case maxProperties(Int)
        case pattern(Int)
        case format(SchemaFormat)
        case uniqueItems
        case additionalItemsForbidden(Int)
        case additionalPropertiesForbidden
        case dependencies(Int)
        case allOf(start: Int, count: Int)
        case anyOf(start: Int, count: Int)
        case oneOf(start: Int, count: Int)
        case not(Int)
    }

    let fastChecks: [FastCheck]
    let strings: [String]
    let ints: [Int]
    let numbers: [JSONNumber]
    let regexes: [ECMAScriptRegex]
    let valueSets: [Set<JSONValue>]
    let dependencyTables: [(properties: [(String, [String])], schemas: [(String, Int)])]

    /// Freezes what the compiler built. Immutable (`let`) fields let validation read them
    /// without retaining them or checking exclusivity.
    init(_ b: SchemaNodeBuilder) {
        location = b.location
        ref = b.ref
        checks = b.checks
        var fast: [FastCheck] = []
        var strings: [String] = []
        var ints: [Int] = []
        var numbers: [JSONNumber] = []
        var regexes: [ECMAScriptRegex] = []
        var valueSets: [Set<JSONValue>] = []
        var dependencyTables: [(properties: [(String, [String])], schemas: [(String, Int)])] = []
        func stringRange(_ list: [String]) -> (Int, Int) {
            strings += list
            return (strings.count - list.count, list.count)
        }
        func intRange(_ list: [Int]) -> (Int, Int) {
            ints += list
            return (ints.count - list.count, list.count)
        }
        for check in b.checks {
            switch check {
            case .type(let t): fast.append(.type(t))
            case .stringEnumeration(let values, _):
                let (start, count) = stringRange(values)
                fast.append(.stringEnumeration(start: start, count: count))
            case .enumeration(let set, _):
                valueSets.append(set)
                fast.append(.enumeration(valueSets.count - 1))
            case .required(let names, _):
                let (start, count) = stringRange(names)
                fast.append(.required(start: start, count: count))
            case .minimum(let n, let exclusive, _):
                numbers.append(n)
                fast.append(.minimum(numbers.count - 1, exclusive: exclusive))
            case .maximum(let n, let exclusive, _):
                numbers.append(n)
                fast.append(.maximum(numbers.count - 1, exclusive: exclusive))
            case .multipleOf(let n, _):
                numbers.append(n)
                fast.append(.multipleOf(numbers.count - 1))
            case .minLength(let l): fast.append(.minLength(l))
            case .maxLength(let l): fast.append(.maxLength(l))
            case .minItems(let l): fast.append(.minItems(l))
            case .maxItems(let l): fast.append(.maxItems(l))
            case .minProperties(let l): fast.append(.minProperties(l))
            case .maxProperties(let l): fast.append(.maxProperties(l))
            case .pattern(let r):
                regexes.append(r)
                fast.append(.pattern(regexes.count - 1))
            case .format(let f): fast.append(.format(f))
            case .uniqueItems: fast.append(.uniqueItems)
            case .additionalItemsForbidden(let n): fast.append(.additionalItemsForbidden(n))
            case .additionalPropertiesForbidden: fast.append(.additionalPropertiesForbidden)
            case .dependencies(let properties, let schemas):
                dependencyTables.append((properties, schemas))
                fast.append(.dependencies(dependencyTables.count - 1))
            case .allOf(let list):
                let (start, count) = intRange(list)
                fast.append(.allOf(start: start, count: count))
            case .anyOf(let list):
                let (start, count) = intRange(list)
                fast.append(.anyOf(start: start, count: count))
            case .oneOf(let list):
                let (start, count) = intRange(list)
                fast.append(.oneOf(start: start, count: count))
            case .not(let n): fast.append(.not(n))
            }
        }
        fastChecks = fast
        self.strings = strings
        self.ints = ints
        self.numbers = numbers
        self.regexes = regexes
        self.valueSets = valueSets
        self.dependencyTables = dependencyTables
        propertyTable = PropertyTable(b.properties)
        patternProperties = b.patternProperties
        additionalProperties = b.additionalProperties
        items = b.items
        additionalItems = b.additionalItems
        var additionalSchema = false
        if case .schema = b.additionalProperties { additionalSchema = true }
        descendsIntoObjects = !b.properties.isEmpty || !b.patternProperties.isEmpty || additionalSchema
        switch b.items {
        case .none: descendsIntoArrays = false
        case .all: descendsIntoArrays = true
        case .tuple(let t):
            var additionalItemsSchema = false
            if case .schema = b.additionalItems { additionalItemsSchema = true }
            descendsIntoArrays = !t.isEmpty || additionalItemsSchema
        }
    }
}

/// A schema node while the compiler fills it in.
struct SchemaNodeBuilder {
    let location: SchemaLocation
    var ref: Int?
    var checks: [SchemaNode.Check] = []
    /// Unique by code units (the names of a `JSONObject`).
    var properties: [(name: String, node: Int)] = []
    var patternProperties: [(regex: ECMAScriptRegex, node: Int)] = []
    var additionalProperties = SchemaNode.Additional.allowed
    var items = SchemaNode.Items.none
    var additionalItems = SchemaNode.Additional.allowed

    init(location: SchemaLocation) {
        self.location = location
    }
}

/// An open-addressing table from property name to node, hashed with a cheap byte hash (the
/// names are the schema's own, so no hash flooding concerns).
struct PropertyTable: Sendable {
    private(set) var names: [String]
    private(set) var targets: [Int]
    /// The slots in the order the schema declares its properties (instances tend to list
    /// their members in that order, which the tape checker tries before hashing).
    private(set) var order: [Int] = []
    let mask: Int

    init(_ properties: [(name: String, node: Int)]) {
        var size = 8
        while size < properties.count * 2 { size <<= 1 }
        mask = size - 1
        names = Array(repeating: "", count: size)
        targets = Array(repeating: -1, count: size)
        for (name, node) in properties {
            var i = PropertyTable.hash(name) & mask
            while targets[i] >= 0 && !exactlyEqual(names[i], name) { i = (i + 1) & mask }
            if targets[i] < 0 { order.append(i) }
            names[i] = name
            targets[i] = node
        }
    }

    /// The length and up to 16 bytes from each end, mixed: enough to tell a schema's property
    /// names apart, and cheap (two loads instead of a byte loop).
    @inline(__always)
    static func hash(_ name: String) -> Int {
        name.utf8.withContiguousStorageIfAvailable { hash(bytes: $0) } ?? hash(bytes: Array(name.utf8))
    }

    @inline(__always)
    static func hash(bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: UInt64(n) ^ 0x9E37) }
        var a: UInt64 = 0
        var b: UInt64 = 0
        if n >= 8 {
            a = unalignedWord(base)
            b = unalignedWord(base + n - 8)
        } else if n >= 4 {
            let raw = UnsafeRawPointer(base)
            a = UInt64(unalignedHalfWord(raw)) | UInt64(unalignedHalfWord(raw + n - 4)) << 32
        } else if n > 0 {
            a = UInt64(base[0]) | UInt64(base[n / 2]) << 8 | UInt64(base[n - 1]) << 16
        }
        let h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// Overload for arrays of bytes.
    static func hash(bytes: [UInt8]) -> Int { bytes.withUnsafeBufferPointer { hash(bytes: $0) } }

    @inline(__always)
    func node(for name: String) -> Int? {
        let s = slot(for: name)
        return s < 0 ? nil : targets[s]
    }

    /// The slot holding `name`, or -1.
    func slot(for name: String) -> Int {
        var i = PropertyTable.hash(name) & mask
        while targets[i] >= 0 {
            if exactlyEqual(names[i], name) { return i }
            i = (i + 1) & mask
        }
        return -1
    }
}

/// The JSON types as fge names them, with `integer` separate from `number`.
struct TypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let array = TypeSet(rawValue: 1)
    static let boolean = TypeSet(rawValue: 2)
    static let integer = TypeSet(rawValue: 4)
    static let null = TypeSet(rawValue: 8)
    static let number = TypeSet(rawValue: 16)
    static let object = TypeSet(rawValue: 32)
    static let string = TypeSet(rawValue: 64)
    /// Every type: a schema without `type`.
    static let all = TypeSet(rawValue: 127)

    /// fge's `NodeType` enum order, used in the `type` message.
    static let ordered: [(String, TypeSet)] = [
        ("array", .array), ("boolean", .boolean), ("integer", .integer), ("null", .null), ("number", .number), ("object", .object),
        ("string", .string),
    ]

    static func named(_ name: String) -> TypeSet? { ordered.first { $0.0 == name }?.1 }

    /// The type of an instance; an integer written as such is `integer` (fge: `1.0` is a number).
    static func of(_ value: borrowing JSONValue) -> TypeSet {
        switch value {
        case .null: .null
        case .bool: .boolean
        case .string: .string
        case .array: .array
        case .object: .object
        case .number(let n): n.isIntegerLexeme ? .integer : .number
        }
    }

    static func name(of value: JSONValue) -> String {
        let t = of(value)
        return ordered.first { $0.1 == t }!.0
    }

    /// Whether an instance of type `t` satisfies this set (`number` accepts integers).
    func accepts(_ t: TypeSet) -> Bool {
        !isDisjoint(with: t) || (t == .integer && contains(.number))
    }
}
