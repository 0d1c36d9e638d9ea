/// IAM's wildcard match: `*` is any run of characters (none too), `?` exactly one; everything else
/// matches itself. Linear in practice (one backtrack point, the last `*`), so a hostile pattern
/// cannot make a request slow.
enum Wildcard {
    /// Whether `text` matches `pattern` as a whole, comparing bytes (`caseInsensitive` folds ASCII).
    static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool = false) -> Bool {
        var pattern = pattern
        var text = text
        return pattern.withUTF8 { p in
            text.withUTF8 { t in matches(p, t, caseInsensitive: caseInsensitive) }
        }
    }

    static func matches(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool) -> Bool {
        @inline(__always) func fold(_ b: UInt8) -> UInt8 { caseInsensitive && b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        var i = 0
        var j = 0
        // Where the last `*` was, and where in the text it began matching.
        var star = -1
        var mark = 0
        while j < t.count {
            if i < p.count, p[i] == UInt8(ascii: "*") {
                star = i
                mark = j
                i += 1
            } else if i < p.count, p[i] == UInt8(ascii: "?") || fold(p[i]) == fold(t[j]) {
                i += 1
                j += 1
            } else if star >= 0 {
                // The last `*` takes one more character.
                i = star + 1
                mark += 1
                j = mark
            } else {
                return false
            }
        }
        while i < p.count, p[i] == UInt8(ascii: "*") { i += 1 }
        return i == p.count
    }
}
