import TollgateJSON

/// A Java `String` while a template renders: its UTF-8 bytes, in memory the program or the render's
/// ``ValueArena`` keeps alive. Copying one costs nothing; ``string`` makes a Swift `String` for the
/// methods that need one.
struct StringRef: @unchecked Sendable {
    let base: UnsafePointer<UInt8>?
    let count: Int

    init(base: UnsafePointer<UInt8>?, count: Int) {
        self.base = count == 0 ? nil : base
        self.count = count
    }

    /// A string literal of the Swift source (static memory).
    init(static text: StaticString) {
        self.init(base: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    static let empty = StringRef(base: nil, count: 0)

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    var isEmpty: Bool { count == 0 }
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Java `String.equals`: the same UTF-16 code units, which for well-formed UTF-8 is the same bytes.
    @inline(__always)
    func equals(_ other: StringRef) -> Bool {
        // The same bytes in memory first: a key taken from a map (`keySet()`) and looked up in it again.
        count == other.count && (base == other.base || bytesEqual(base.unsafelyUnwrapped, other.base.unsafelyUnwrapped, count))
    }

    /// ``equals(_:)`` with a Swift string: the same code units (Swift's `==` would also match
    /// canonically equivalent text). Native strings are compared in place.
    func equals(_ s: String) -> Bool {
        guard s.utf8.count == count else { return false }
        if count == 0 { return true }
        return s.utf8.withContiguousStorageIfAvailable { bytesEqual($0.baseAddress!, base.unsafelyUnwrapped, count) }
            ?? s.utf8.elementsEqual(bytes)
    }

    /// A hash of the UTF-8 bytes taken 8 at a time (a multiply and a shift per word), never 0
    /// (0 marks a map key that is not a string).
    var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(count)
        guard let base else { return hash | 1 }
        var i = 0
        while i + 8 <= count {
            hash = (hash ^ unalignedWord(base + i)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            i += 8
        }
        if i < count {
            var tail: UInt64 = 0
            for k in i..<count { tail |= UInt64(base[k]) << UInt64(8 * (k - i)) }
            hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
        }
        return hash | 1
    }
}
