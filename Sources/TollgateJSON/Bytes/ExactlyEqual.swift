/// Java's `String.equals`: the same code units. Swift's `==` also equates canonically
/// equivalent strings (`"\u{E9}"` and `"e\u{301}"`), which Jackson and JSON Schema do not.
@_alwaysEmitIntoClient @inline(__always)
package func exactlyEqual(_ a: String, _ b: String) -> Bool {
    // The same representation is the same code units: a small string holds its bytes in its
    // two words, a large one is the same storage object with the same count. That test inline
    // (equal names and enum values mostly pass it), the rest out of line.
    unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self) || sameCodeUnits(a, b)
}

/// ``exactlyEqual(_:_:)`` for two representations: the lengths (held in both), then the bytes
/// where they lie (a small string's on the stack). `==` is no shortcut: it compares
/// canonically, slower when the strings differ, as an `enum` or a property lookup mostly finds.
@_alwaysEmitIntoClient @inline(never)
package func sameCodeUnits(_ a: String, _ b: String) -> Bool {
    let n = a.utf8.count
    guard n == b.utf8.count else { return false }
    if let r = a.utf8.withContiguousStorageIfAvailable({ x in
        b.utf8.withContiguousStorageIfAvailable { y in
            guard let xb = x.baseAddress, let yb = y.baseAddress else { return true }
            return bytesEqual(xb, yb, n)
        }
    }), let r {
        return r
    }
    return a.utf8.elementsEqual(b.utf8)
}

/// The 8 bytes at `p` as a little-endian word, with no alignment needed. (The standard
/// library's `loadUnaligned` is left as a call in large functions; LLVM combines these byte
/// loads into one, and no local has its address taken, which would add a stack protector.)
@_alwaysEmitIntoClient @inline(__always)
package func unalignedWord(_ p: UnsafeRawPointer) -> UInt64 {
    let b = p.assumingMemoryBound(to: UInt8.self)
    let low = UInt64(b[0]) | UInt64(b[1]) << 8 | UInt64(b[2]) << 16 | UInt64(b[3]) << 24
    let high = UInt64(b[4]) | UInt64(b[5]) << 8 | UInt64(b[6]) << 16 | UInt64(b[7]) << 24
    return low | high << 32
}

/// The 4 bytes at `p` as a little-endian word, with no alignment needed (see ``unalignedWord(_:)``).
@_alwaysEmitIntoClient @inline(__always)
package func unalignedHalfWord(_ p: UnsafeRawPointer) -> UInt32 {
    let b = p.assumingMemoryBound(to: UInt8.self)
    return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
}

/// `true` when the `n` bytes at `a` and `b` are the same; compares a word at a time (short
/// and trailing runs by overlapping loads, never reading outside the `n` bytes).
@_alwaysEmitIntoClient @inline(__always)
package func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let x = UnsafeRawPointer(a)
    let y = UnsafeRawPointer(b)
    if n >= 8 {
        var i = 0
        while i + 8 <= n {
            if unalignedWord(x + i) != unalignedWord(y + i) { return false }
            i += 8
        }
        return i == n || unalignedWord(x + n - 8) == unalignedWord(y + n - 8)
    }
    if n >= 4 {
        return unalignedHalfWord(x) == unalignedHalfWord(y)
            && unalignedHalfWord(x + n - 4) == unalignedHalfWord(y + n - 4)
    }
    var i = 0
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// A fast 64-bit hash of a key's bytes, for duplicate-key checks (the parsers' and `$input.json`'s
/// byte-level path's): not keyed, so a client can make keys collide; a collision only costs a byte
/// comparison or a fall back to the general path.
@_alwaysEmitIntoClient @inline(__always)
package func hashBytes(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = buffer.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
    guard let base = buffer.baseAddress else { return h }
    var i = 0
    while i + 8 <= n {
        h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        i += 8
    }
    if i < n {
        var w: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            w |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
    }
    return h
}
