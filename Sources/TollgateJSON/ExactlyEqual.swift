/// Java's `String.equals`: the same code units. Swift's `==` also equates canonically
/// equivalent strings (`"\u{E9}"` and `"e\u{301}"`), which Jackson and JSON Schema do not.
@_alwaysEmitIntoClient @inline(__always)
package func exactlyEqual(_ a: String, _ b: String) -> Bool {
    // Equal code units imply `==`, whose fast paths (identical representation, ASCII) settle
    // most comparisons; only strings `==` accepts need their bytes compared.
    guard a == b else { return false }
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

/// `true` when the `n` bytes at `a` and `b` are the same; compares a word at a time (short
/// and trailing runs by overlapping loads, never reading outside the `n` bytes).
@_alwaysEmitIntoClient @inline(__always)
package func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let x = UnsafeRawPointer(a)
    let y = UnsafeRawPointer(b)
    if n >= 8 {
        var i = 0
        while i + 8 <= n {
            if (x + i).loadUnaligned(as: UInt64.self) != (y + i).loadUnaligned(as: UInt64.self) { return false }
            i += 8
        }
        return i == n || (x + n - 8).loadUnaligned(as: UInt64.self) == (y + n - 8).loadUnaligned(as: UInt64.self)
    }
    if n >= 4 {
        return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
            && (x + n - 4).loadUnaligned(as: UInt32.self) == (y + n - 4).loadUnaligned(as: UInt32.self)
    }
    var i = 0
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
