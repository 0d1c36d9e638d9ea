public import TollgateJSON
import TollgateJavaRegex

/// Where a schema lives: its document's URI and the JSON Pointer inside it.
public struct SchemaLocation: Hashable, Sendable, CustomStringConvertible {
    /// The document URI without fragment (`""` for the root document without an `id`).
    public let document: String
    public let pointer: JSONPointer

    /// `uri#/pointer`, or `#/pointer` in the root document.
    public var description: String { document + pointer.uriFragment }
}

/// One compiled schema object. Validators in ``checks`` are in fge's order: alphabetical by
/// keyword (Java `TreeMap`), `format` last.
struct SchemaNode: Sendable {
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
    var ref: Int?
    var checks: [Check] = []
    var properties: [String: Int] = [:]
    var patternProperties: [(regex: ECMAScriptRegex, node: Int)] = []
    var additionalProperties = Additional.allowed
    var items = Items.none
    var additionalItems = Additional.allowed
    /// `true` when an object instance's members have schemas to visit.
    var descendsIntoObjects: Bool {
        !properties.isEmpty || !patternProperties.isEmpty || { if case .schema = additionalProperties { true } else { false } }()
    }
    /// `true` when an array instance's elements have schemas to visit.
    var descendsIntoArrays: Bool {
        switch items {
        case .none: false
        case .all: true
        case .tuple(let t): !t.isEmpty || { if case .schema = additionalItems { true } else { false } }()
        }
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

    /// fge's `NodeType` enum order, used in the `type` message.
    static let ordered: [(String, TypeSet)] = [
        ("array", .array), ("boolean", .boolean), ("integer", .integer), ("null", .null), ("number", .number), ("object", .object),
        ("string", .string),
    ]

    static func named(_ name: String) -> TypeSet? { ordered.first { $0.0 == name }?.1 }

    /// The type of an instance; an integer written as such is `integer` (fge: `1.0` is a number).
    static func of(_ value: JSONValue) -> TypeSet {
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
