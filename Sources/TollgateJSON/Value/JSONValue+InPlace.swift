/// Reading a value's containers where they lie, for walks that must not copy (JSON Schema's
/// value checker): copying an element out of an array retains it, and a walk that hands each
/// element to a recursive call pays a retain and a release per value.
///
/// Invariant: the buffer returned is valid while the value at `value` lives and is not
/// mutated. A native array's elements stay at one address for the life of its storage, which
/// the value at `value` keeps alive; the caller borrows the root value for the whole walk and
/// writes nothing.
extension JSONValue {
    /// The elements of the array at `value`, in place; `nil` when it is not an array.
    @inlinable @inline(__always)
    package static func elements(at value: UnsafePointer<JSONValue>) -> UnsafeBufferPointer<JSONValue>? {
        guard case .array(let elements) = value.pointee else { return nil }
        return elements.withUnsafeBufferPointer { $0 }
    }

    /// The members of the object at `value`, in place; `nil` when it is not an object.
    @inlinable @inline(__always)
    package static func members(at value: UnsafePointer<JSONValue>) -> UnsafeBufferPointer<JSONObject.Member>? {
        guard case .object(let object) = value.pointee else { return nil }
        return object.entries.withUnsafeBufferPointer { $0 }
    }
}

extension JSONNumber {
    /// The value when the number is stored as an `Int64` (an integer written without a
    /// fraction or exponent that fits), else `nil`; what a tape calls an `integer`.
    @inlinable @inline(__always)
    package var storedInt64: Int64? {
        if case .int(let value) = storage { return value }
        return nil
    }
}
