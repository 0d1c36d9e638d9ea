/// Number lexemes of up to 32 characters packed four bits a character into two words, so a
/// parsed decimal such as `-65.613616999999977` costs no allocation. The alphabet of a JSON
/// number is 15 characters; the 16th code ends a lexeme shorter than 32.
extension JSONNumber {
    static let packedCapacity = 32
    private static let endCode: UInt64 = 15
    /// `0`–`9`, then `-`, `.`, `e`, `E`, `+`.
    private static let alphabet: StaticString = "0123456789-.eE+"

    @inline(__always)
    private static func code(_ byte: UInt8) -> UInt64 {
        switch byte {
        case UInt8(ascii: "-"): 10
        case UInt8(ascii: "."): 11
        case UInt8(ascii: "e"): 12
        case UInt8(ascii: "E"): 13
        case UInt8(ascii: "+"): 14
        default: UInt64(byte &- UInt8(ascii: "0"))
        }
    }

    /// Packs a valid number lexeme of at most ``packedCapacity`` bytes.
    @inline(__always)
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> Storage {
        var words: (UInt64, UInt64) = (~0, ~0)
        let n = bytes.count
        var i = 0
        var word: UInt64 = ~0
        while i < n && i < 16 {
            word = word & ~(0xF << UInt64(i * 4)) | code(bytes[i]) << UInt64(i * 4)
            i += 1
        }
        words.0 = word
        word = ~0
        while i < n {
            let shift = UInt64((i - 16) * 4)
            word = word & ~(0xF << shift) | code(bytes[i]) << shift
            i += 1
        }
        words.1 = word
        return .packed(words.0, words.1)
    }

    /// Writes the characters of a packed lexeme to `out` (room for ``packedCapacity`` bytes);
    /// returns how many.
    @inline(__always)
    static func unpack(_ low: UInt64, _ high: UInt64, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        var w = low
        while n < 16 {
            let c = w & 0xF
            if c == endCode { return n }
            out[n] = alphabet.utf8Start[Int(c)]
            n += 1
            w >>= 4
        }
        w = high
        while n < 32 {
            let c = w & 0xF
            if c == endCode { return n }
            out[n] = alphabet.utf8Start[Int(c)]
            n += 1
            w >>= 4
        }
        return n
    }

    /// Calls `body` with the bytes of a packed lexeme.
    @inline(__always)
    static func withUnpacked<R>(_ low: UInt64, _ high: UInt64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let n = unpack(low, high, into: base)
            return body(UnsafeBufferPointer(start: base, count: n))
        }
    }

    /// `true` when a packed lexeme contains `.`, `e` or `E`.
    static func packedHasFractionOrExponent(_ low: UInt64, _ high: UInt64) -> Bool {
        withUnpacked(low, high) { bytes in
            bytes.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
        }
    }
}
