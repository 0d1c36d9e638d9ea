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

extension JSONValue {
    /// The UTF-8 bytes of the string at `value`, with no copy of the string kept: a string of
    /// more than 16 bytes is read in its own storage (valid while the value at `value` lives
    /// and is not mutated, as for ``elements(at:)``); a shorter one, which may be held in the
    /// string value itself, is copied into `scratch`. `nil` when it is not a string, or for a
    /// string without contiguous UTF-8 (a bridged one).
    ///
    /// Not keeping a copy is the point: a walk that held the `String` across a call it cannot
    /// see into (a regular expression's slow path) would retain and release it.
    @inlinable @inline(__always)
    package static func stringBytes(
        at value: UnsafePointer<JSONValue>,
        scratch: UnsafeMutablePointer<(UInt64, UInt64)>
    ) -> UnsafeBufferPointer<UInt8>? {
        guard case .string(let string) = value.pointee else { return nil }
        return string.utf8.withContiguousStorageIfAvailable { bytes -> UnsafeBufferPointer<UInt8> in
            guard bytes.count <= 16 else { return bytes }
            let target = UnsafeMutableRawPointer(scratch)
            if let base = bytes.baseAddress { copyShort(from: UnsafeRawPointer(base), to: target, count: bytes.count) }
            return UnsafeBufferPointer(start: target.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
    }
}

/// Copies `count` (at most 16) bytes by overlapping loads and stores that stay inside them (a
/// `memcpy` call of a variable length costs more than the checks it feeds).
@inlinable @inline(__always)
func copyShort(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
    if count >= 8 {
        target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8, as: UInt64.self)
    } else if count >= 4 {
        target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self), toByteOffset: count - 4, as: UInt32.self)
    } else {
        for i in 0..<count { target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
    }
}
