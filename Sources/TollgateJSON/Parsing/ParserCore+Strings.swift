extension ParserCore {
    /// Bytes that end the fast scan of a string: `"`, `\`, control characters and, while
    /// `withHigh`, bytes of 0x80 and above. The lowest set high bit marks the first such byte
    /// (SWAR false positives only occur above a true one).
    @inline(__always)
    static func stopMask(_ w: UInt64, withHigh: Bool) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        let quote = (q &- ones) & ~q
        let backslash = (b &- ones) & ~b
        let control = (w &- ones &* 0x20) & ~w
        let m = quote | backslash | control
        return (withHigh ? m | w : m) & highs
    }

    /// Parses a string starting at the opening quote at `pos`.
    @inline(__always)
    mutating func parseString(isKey: Bool) throws(JSONParseError) -> String {
        let text = try scanString()
        if isKey {
            if !text.escaped { return try makeKey(text.bytes, nonASCII: text.nonASCII, inputStart: text.inputStart) }
            keyHashes.push(hashBytes(text.bytes))
        }
        // Decoded escapes may be non-ASCII in a string whose raw bytes are all ASCII.
        return try makeString(text.bytes, nonASCII: text.nonASCII || text.escaped, inputStart: text.inputStart)
    }

    /// A scanned string: its bytes (in the input, or decoded into `scratch` when it has
    /// escapes, valid until the next string), whether a raw byte is not ASCII (the bytes then
    /// still need a UTF-8 check), and where its text starts in the input.
    struct ScannedString {
        var bytes: UnsafeBufferPointer<UInt8>
        var nonASCII: Bool
        var escaped: Bool
        var inputStart: Int
    }

    /// Scans the string whose opening quote is at `pos` and moves past its closing quote.
    @inline(__always)
    mutating func scanString() throws(JSONParseError) -> ScannedString {
        let start = pos + 1
        var i = start
        var nonASCII = false
        while true {
            if i + 8 <= count {
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let m = Self.stopMask(w, withHigh: !nonASCII)
                if m == 0 {
                    i += 8
                    continue
                }
                i += m.trailingZeroBitCount >> 3
            } else if i >= count {
                throw error(.unexpectedEnd(expected: "unterminated string"), at: i)
            }
            let c = p[i]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") { return try scanEscapedString(start: start, escapeAt: i, nonASCII: nonASCII) }
            if c < 0x20 { throw error(.controlCharacter(c), at: i) }
            if c >= 0x80 { nonASCII = true }
            i += 1
        }
        pos = i + 1
        return ScannedString(bytes: UnsafeBufferPointer(start: p + start, count: i - start), nonASCII: nonASCII, escaped: false, inputStart: start)
    }

    /// Makes an object key without escapes, through the key cache once the document has
    /// shown many keys.
    @inline(__always)
    mutating func makeKey(_ buffer: UnsafeBufferPointer<UInt8>, nonASCII: Bool, inputStart: Int) throws(JSONParseError) -> String {
        let hash = hashBytes(buffer)
        keyHashes.push(hash)
        keysSeen += 1
        guard keysSeen > Self.keyCacheThreshold else { return try makeString(buffer, nonASCII: nonASCII, inputStart: inputStart) }
        let cache: UnsafeMutablePointer<KeyCacheEntry>
        if let existing = keyCache {
            cache = existing
        } else {
            cache = .allocate(capacity: Self.keyCacheSize)
            cache.initialize(repeating: KeyCacheEntry(hash: 0, offset: 0, length: -1, key: ""), count: Self.keyCacheSize)
            keyCache = cache
        }
        let entry = cache + Int(truncatingIfNeeded: hash >> 56)
        let n = buffer.count
        if entry.pointee.hash == hash && entry.pointee.length == n
            && bytesEqual(p + entry.pointee.offset, p + inputStart, n)
        {
            return entry.pointee.key
        }
        let key = try makeString(buffer, nonASCII: nonASCII, inputStart: inputStart)
        entry.pointee = KeyCacheEntry(hash: hash, offset: inputStart, length: n, key: key)
        return key
    }

    /// Makes a `String` from bytes that hold no escapes; validates them when not ASCII.
    @inline(__always)
    func makeString(_ buffer: UnsafeBufferPointer<UInt8>, nonASCII: Bool, inputStart: Int) throws(JSONParseError) -> String {
        // ASCII bytes (the scan saw no high bit) make a `String` without another pass over them.
        if !nonASCII { return String(copying: UTF8Span(unchecked: buffer.span, isKnownASCII: true)) }
        if knownValidUTF8 { return String(copying: UTF8Span(unchecked: buffer.span)) }
        // Checked through `UTF8Span` and copied: `String(validating:as:)` is generic over the buffer and
        // looks up its metadata on each call (35 ns more a string).
        if let text = try? UTF8Span(validating: buffer.span) { return String(copying: text) }
        throw invalidUTF8(inputStart: inputStart)
    }

    /// The error for a string starting at `inputStart` whose bytes are not UTF-8: at the
    /// first ill-formed sequence in the input from there.
    func invalidUTF8(inputStart: Int) -> JSONParseError {
        error(.invalidUTF8, at: UTF8Validation.firstInvalid(p, from: inputStart, to: count) ?? inputStart)
    }

    /// The slow path for a string with backslash escapes: decodes into `scratch`.
    mutating func scanEscapedString(start: Int, escapeAt: Int, nonASCII: Bool) throws(JSONParseError) -> ScannedString {
        var nonASCII = nonASCII
        scratch.truncate(to: 0)
        scratch.append(contentsOf: UnsafeBufferPointer(start: p + start, count: escapeAt - start))
        var i = escapeAt
        while true {
            // A run of bytes that are neither `"`, `\\` nor controls, eight at a time, copied in one go.
            var run = i
            while run + 8 <= count {
                let w = UnsafeRawPointer(p + run).loadUnaligned(as: UInt64.self)
                let m = Self.stopMask(w, withHigh: false)
                if m == 0 {
                    if w & 0x8080_8080_8080_8080 != 0 { nonASCII = true }
                    run += 8
                    continue
                }
                let k = m.trailingZeroBitCount >> 3
                // The bytes before the stop (SWAR flags nothing below the first true stop).
                if k > 0, w & 0x8080_8080_8080_8080 & ((1 << UInt64(k * 8)) - 1) != 0 { nonASCII = true }
                run += k
                break
            }
            if run > i {
                scratch.append(contentsOf: UnsafeBufferPointer(start: p + i, count: run - i))
                i = run
            }
            guard i < count else { throw error(.unexpectedEnd(expected: "unterminated string"), at: i) }
            let c = p[i]
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw error(.controlCharacter(c), at: i) }
            if c != UInt8(ascii: "\\") {
                if c >= 0x80 { nonASCII = true }
                scratch.append(c)
                i += 1
                continue
            }
            guard i + 1 < count else { throw error(.unexpectedEnd(expected: "unterminated escape"), at: i + 1) }
            let e = p[i + 1]
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                i = try decodeUnicodeEscape(at: i)
                continue
            default:
                let shown =
                    e < 0x80 && e >= 0x20 ? "\\\(Character(Unicode.Scalar(e)))" : "\\ followed by byte 0x\(String(e, radix: 16, uppercase: true))"
                throw error(.invalidEscape("'\(shown)': JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"), at: i)
            }
            i += 2
        }
        pos = i + 1
        return ScannedString(
            bytes: scratch.bytes,
            nonASCII: nonASCII,
            escaped: true,
            inputStart: start
        )
    }

    /// Reads four hex digits at `offset`; `nil` if they are not all hex.
    func hex4(at offset: Int) -> UInt32? {
        guard offset + 4 <= count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = p[offset + k]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// Decodes `\uXXXX` (and a following low surrogate) at `i`; returns the index after it.
    mutating func decodeUnicodeEscape(at i: Int) throws(JSONParseError) -> Int {
        guard let unit = hex4(at: i + 2) else {
            if i + 6 > count, (i + 2..<count).allSatisfy({ p[$0].isHexDigit }) {
                throw error(.unexpectedEnd(expected: "expected four hex digits after \\u"), at: count)
            }
            throw error(.invalidEscape("'\\u': expected four hex digits"), at: i)
        }
        var scalar = unit
        var next = i + 6
        if unit >= 0xD800 && unit <= 0xDBFF {
            if next + 1 < count, p[next] == UInt8(ascii: "\\"), p[next + 1] == UInt8(ascii: "u"),
                let low = hex4(at: next + 2), low >= 0xDC00 && low <= 0xDFFF
            {
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                next += 6
            } else {
                scalar = try loneSurrogate(unit, at: i)
            }
        } else if unit >= 0xDC00 && unit <= 0xDFFF {
            scalar = try loneSurrogate(unit, at: i)
        }
        appendUTF8(scalar)
        return next
    }

    func loneSurrogate(_ unit: UInt32, at offset: Int) throws(JSONParseError) -> UInt32 {
        if options.loneSurrogates == .replace { return 0xFFFD }
        throw error(.loneSurrogate("\\u\(String(unit, radix: 16, uppercase: true))"), at: offset)
    }

    mutating func appendUTF8(_ v: UInt32) {
        scratch.reserve(4)
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

}

extension UInt8 {
    var isHexDigit: Bool {
        (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || (self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "f"))
    }
}
