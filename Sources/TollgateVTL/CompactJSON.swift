import TollgateJSON

/// The fast path of `$input.json('$')`: re-writes a JSON body compactly straight from its bytes, for
/// bodies whose output would equal the general path's (parse, then write as json-smart does).
///
/// It accepts only a plain subset and answers `false` (leaving `out` as it was) on anything else, so the
/// caller falls back to the full parser: a string with a backslash escape, a control character or a
/// character json-smart escapes; a number that is not an integer; a repeated key in an object (the parser
/// keeps the last value at the first position); nesting deeper than the parser's limit; any syntax error.
enum CompactJSON {
    static let maxDepth = 512

    static func write(_ body: String, into out: inout [UInt8]) -> Bool {
        var body = body
        return body.withUTF8 { bytes -> Bool in
            var checker = Writer(bytes: bytes)
            guard checker.document() else { return false }
            // Accepted strings hold no backslash, so a quote always opens or closes one: copy everything
            // but the whitespace outside strings.
            out.reserveCapacity(out.count + bytes.count)
            let base = bytes.baseAddress!
            let n = bytes.count
            var i = 0
            var run = 0
            while i < n {
                // Outside a string: skip to the next byte below 0x21 (whitespace) or a quote.
                while i + 8 <= n {
                    let v = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if SWAR.hasLess(v, 0x21) | SWAR.hasByte(v, 0x22) != 0 { break }
                    i += 8
                }
                while i < n, bytes[i] > 0x20, bytes[i] != 0x22 { i += 1 }
                guard i < n else { break }
                if bytes[i] == 0x22 {
                    // Copy through the closing quote.
                    i += 1
                    while i + 8 <= n, SWAR.hasByte(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self), 0x22) == 0 { i += 8 }
                    while i < n, bytes[i] != 0x22 { i += 1 }
                    i += 1
                } else {
                    if i > run { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - run)) }
                    while i < n, bytes[i] <= 0x20 { i += 1 }
                    run = i
                }
            }
            if n > run { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: n - run)) }
            return true
        }
    }

    struct Writer {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var depth = 0
        /// Keys of the objects being read, innermost last.
        var keys: [Range<Int>] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while i < bytes.count {
                let b = bytes[i]
                guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
                i += 1
            }
        }

        mutating func document() -> Bool {
            // A UTF-8 byte order mark is skipped by the parser; leave that case to it.
            skipSpace()
            guard value() else { return false }
            skipSpace()
            return i == bytes.count
        }

        mutating func value() -> Bool {
            guard i < bytes.count else { return false }
            switch bytes[i] {
            case UInt8(ascii: "{"): return object()
            case UInt8(ascii: "["): return array()
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return integer()
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        /// `-?(0|[1-9][0-9]*)` not followed by a fraction or an exponent.
        mutating func integer() -> Bool {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 else { return false }
            if bytes[i] == 0x30 {
                i += 1
            } else {
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                return false
            }
            return true
        }

        /// A string with nothing to unescape or re-escape; returns its content range.
        mutating func string() -> Range<Int>? {
            let start = i
            i += 1
            // Eight plain ASCII bytes at a time: no quote, backslash, control, DEL or non-ASCII byte.
            let base = bytes.baseAddress!
            while i + 8 <= bytes.count {
                let v = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if SWAR.hasLess(v, 0x20) | SWAR.hasByte(v, 0x22) | SWAR.hasByte(v, 0x5C) | (v & SWAR.high) | SWAR.hasByte(v, 0x7F) != 0 { break }
                i += 8
            }
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x22 {
                    i += 1
                    return start + 1..<i - 1
                }
                if b < 0x20 || b == 0x5C || b == 0x7F { return nil }
                if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] <= 0x9F { return nil }
                if b == 0xE2, i + 1 < bytes.count, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x83 { return nil }
                i += 1
            }
            return nil
        }

        mutating func array() -> Bool {
            container(close: UInt8(ascii: "]")) { $0.value() }
        }

        mutating func object() -> Bool {
            // Keys seen in this object, to hand repeated keys to the parser. Small objects only.
            let base = keys.count
            defer { keys.removeSubrange(base...) }
            return container(close: UInt8(ascii: "}")) { writer in
                guard writer.i < writer.bytes.count, writer.bytes[writer.i] == 0x22, let key = writer.string() else { return false }
                guard writer.keys.count - base < 64 else { return false }
                for seen in writer.keys[base...] where seen.count == key.count {
                    if bytesEqual(writer.bytes.baseAddress! + seen.lowerBound, writer.bytes.baseAddress! + key.lowerBound, key.count) {
                        return false
                    }
                }
                writer.keys.append(key)
                writer.skipSpace()
                guard writer.i < writer.bytes.count, writer.bytes[writer.i] == UInt8(ascii: ":") else { return false }
                writer.i += 1
                writer.skipSpace()
                return writer.value()
            }
        }

        /// An array or object from its opening bracket: `element` for each member (after the
        /// space before it), separated by commas, up to `close`; `false` on anything else or
        /// past the depth limit.
        @inline(__always)
        mutating func container(close: UInt8, _ element: (inout Writer) -> Bool) -> Bool {
            depth += 1
            defer { depth -= 1 }
            guard depth <= CompactJSON.maxDepth else { return false }
            i += 1
            skipSpace()
            if i < bytes.count, bytes[i] == close {
                i += 1
                return true
            }
            while true {
                skipSpace()
                guard element(&self) else { return false }
                skipSpace()
                guard i < bytes.count else { return false }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == close else { return false }
                i += 1
                return true
            }
        }
    }
}

/// Byte tests on eight bytes at once (the classic "has zero byte" bit tricks).
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Non-zero when some byte of `v` is below `n` (for `n` ≤ 0x80; bytes ≥ 0x80 may also flag).
    @inline(__always) static func hasLess(_ v: UInt64, _ n: UInt8) -> UInt64 {
        (v &- ones &* UInt64(n)) & ~v & high
    }

    /// Non-zero when some byte of `v` equals `b`.
    @inline(__always) static func hasByte(_ v: UInt64, _ b: UInt8) -> UInt64 {
        let x = v ^ (ones &* UInt64(b))
        return (x &- ones) & ~x & high
    }
}
