/// A JSON value: the one value type every Tollgate module speaks.
///
/// - Objects keep their members in insertion order (``JSONObject``).
/// - Numbers are exact (``JSONNumber`` keeps the source lexeme), so `1e400`, `0.1`
///   and 30-digit integers survive a parse/serialize round trip unchanged.
/// - Equality is JSON equality, as JSON Schema needs it: numbers compare by value
///   (`1 == 1.0`) and objects compare as unordered maps (`{"a":1,"b":2} == {"b":2,"a":1}`).
///   ``JSONObject/orderedEquals(_:)`` compares with key order when that matters.
public enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, its text kept.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, its members in order.
    case object(JSONObject)
}

extension JSONValue {
    /// The JSON type name as JSON Schema spells it: `null`, `boolean`, `number`,
    /// `string`, `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// `true` for ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value of a ``JSONValue/bool(_:)``, or `nil`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The value of a ``JSONValue/number(_:)``, or `nil`.
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The value of a ``JSONValue/string(_:)``, or `nil`.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements of an ``JSONValue/array(_:)``, or `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an ``JSONValue/object(_:)``, or `nil`.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The member `key` of an object; `nil` when this is not an object or has no such member.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array; `nil` when this is not an array or the index is out of range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }
}
