import TollgateJSON

/// The fast path of `$input.json('$')`: re-writes a JSON body compactly straight from its bytes, for
/// bodies whose output would equal the general path's (parse, then write as json-smart does).
///
/// It accepts only a plain subset and answers `false` (leaving `out` as it was) on anything else, so the
/// caller falls back to the full parser: a raw control character, a bad escape or a lone surrogate in a
/// string, a backslash in a key; a repeated key in an object (the parser keeps the last value at the
/// first position); nesting deeper than the parser's limit; decimals that print longer than they were
/// written by more than the room kept for that (`1e6` prints `1000000.0`); any syntax error. Integers
/// are copied; other numbers print as Java's `Double.toString` (``JSONNumber/writeJavaDouble(into:)``).
package enum CompactJSON {
    static let maxDepth = 512
    /// Keys of one object compared one by one to find a repeated one; past them, by their hashes.
    static let linearKeys = 16
    /// Keys remembered at once over all open objects (a temporary buffer): 64 for a body under 4 KiB
    /// (1 KiB, on the stack), else 1,024; past it, the parser.
    static func keyStack(bodySize: Int) -> Int { bodySize < 4096 ? 64 : 1024 }

    /// Appends `body` without the whitespace between tokens, checking it on the way in one pass; `false`
    /// (with `out` as it was) when the body needs the parser.
    static func write(_ body: String, into out: inout RawByteBuffer) -> Bool {
        // Native strings are contiguous UTF-8 (others go to the parser).
        body.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let n = bytes.count
            // Key positions are kept in 32 bits (API Gateway's payloads stop at 10 MB).
            guard n > 0, n < Int32.max else { return false }
            // Room for the whole body and `slack` more: only decimals print longer than they were
            // written. Writing stays at most `slack - 8` bytes ahead of reading (a decimal that would
            // pass that sends the body to the parser), so 8-byte stores at the write position, made
            // only while 8 bytes remain to read, stay inside.
            let slack = n / 2 + 64
            let destination = out.reserve(n + slack)
            let written = withUnsafeTemporaryAllocation(of: Writer.Key.self, capacity: keyStack(bodySize: n)) { keys -> Int in
                var writer = Writer(
                    source: bytes.baseAddress!,
                    count: n,
                    destination: destination,
                    slack: slack,
                    keys: keys.baseAddress!,
                    keyCapacity: keys.count
                )
                return writer.document() ? writer.o : -1
            }
            guard written >= 0 else { return false }
            out.commit(written)
            return true
        } ?? false
    }

    struct Writer {
        let base: UnsafePointer<UInt8>
        let n: Int
        let dst: UnsafeMutablePointer<UInt8>
        /// How far writing may run ahead of reading (see ``CompactJSON/write(_:into:)``).
        let slack: Int
        /// Read and write positions.
        var i = 0
        var o = 0
        var depth = 0
        /// A key of an open object: where it starts, its length and its first bytes (up to 8). Sixteen
        /// bytes, so that 64 of them fit the 1 KiB Swift allocates on the stack without asking the
        /// runtime (which on Linux answers with the heap).
        typealias Key = (start: Int32, length: Int32, head: UInt64)
        /// The first ``CompactJSON/linearKeys`` keys of each object being read, innermost last; the
        /// first `keyCount` of `keyCapacity` are live.
        let keys: UnsafeMutablePointer<Key>
        let keyCapacity: Int
        var keyCount = 0

        init(
            source: UnsafePointer<UInt8>,
            count: Int,
            destination: UnsafeMutablePointer<UInt8>,
            slack: Int,
            keys: UnsafeMutablePointer<Key>,
            keyCapacity: Int
        ) {
            base = source
            n = count
            dst = destination
            self.slack = slack
            self.keys = keys
            self.keyCapacity = keyCapacity
        }

        @inline(__always) mutating func skipSpace() {
            // Space, tab, line feed and carriage return as bits of one word.
            while i < n {
                let b = base[i]
                guard b <= 0x20, (0x1_0000_2600 as UInt64) &>> UInt64(b) & 1 != 0 else { return }
                i &+= 1
            }
        }

        @inline(__always) mutating func put(_ b: UInt8) {
            dst[o] = b
            o += 1
        }

        /// Stores `v` little-endian at the write position (byte stores the compiler merges into one).
        @inline(__always) func storeWord(_ v: UInt64, at o: Int) {
            UnsafeMutableRawPointer(dst + o).storeBytes(of: v.littleEndian, as: UInt64.self)
        }

        mutating func document() -> Bool {
            // A UTF-8 byte order mark is skipped by the parser; leave that case to it.
            skipSpace()
            guard value() else { return false }
            skipSpace()
            return i == n
        }

        mutating func value() -> Bool {
            guard i < n else { return false }
            switch base[i] {
            case UInt8(ascii: "{"): return object()
            case UInt8(ascii: "["): return array()
            case UInt8(ascii: "\""): return string() >= 0
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard i + count <= n else { return false }
            for k in 0..<count where base[i + k] != word.utf8Start[k] { return false }
            for k in 0..<count { dst[o + k] = base[i + k] }
            i += count
            o += count
            return true
        }

        @inline(__always) func isDigit(_ k: Int) -> Bool { k < n && base[k] &- 0x30 < 10 }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`: an integer is copied, any other number
        /// printed as json-smart prints the double (Java's `Double.toString`).
        mutating func number() -> Bool {
            let start = i
            if base[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { return false }
            if base[i] == 0x30 {
                i += 1
            } else {
                while isDigit(i) { i += 1 }
            }
            var integer = true
            if i < n, base[i] == UInt8(ascii: ".") {
                integer = false
                i += 1
                guard isDigit(i) else { return false }
                while isDigit(i) { i += 1 }
            }
            if i < n, base[i] | 0x20 == UInt8(ascii: "e") {
                integer = false
                i += 1
                if i < n, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
                guard isDigit(i) else { return false }
                while isDigit(i) { i += 1 }
            }
            if integer {
                for k in start..<i { put(base[k]) }
                return true
            }
            // The longest text a double prints must fit the room left, and writing must stay within
            // `slack - 8` of reading afterwards.
            guard o + JavaDouble.maxLength <= n + slack else { return false }
            let written = JSONNumber.writeJavaDouble(lexeme: UnsafeBufferPointer(start: base + start, count: i - start), into: dst + o)
            o += written
            return o - i <= slack - 8
        }

        /// `\uXXXX`, upper-case, at `dst + o`. (Static, with `o` passed in: a nested function that
        /// captured the position would pay a dynamic exclusivity check per call.)
        static func putEscaped(_ c: UInt32, _ dst: UnsafeMutablePointer<UInt8>, _ o: inout Int) {
            let hex: StaticString = "0123456789ABCDEF"
            dst[o] = 0x5C
            dst[o &+ 1] = UInt8(ascii: "u")
            dst[o &+ 2] = hex.utf8Start[Int(c >> 12 & 15)]
            dst[o &+ 3] = hex.utf8Start[Int(c >> 8 & 15)]
            dst[o &+ 4] = hex.utf8Start[Int(c >> 4 & 15)]
            dst[o &+ 5] = hex.utf8Start[Int(c & 15)]
            o &+= 6
        }

        /// A character as json-smart writes it, at `dst + o`.
        static func putCharacter(_ c: UInt32, _ dst: UnsafeMutablePointer<UInt8>, _ o: inout Int) {
            if let letter = jsonSmartShortEscape(c) {
                dst[o] = 0x5C
                dst[o &+ 1] = letter
                o &+= 2
                return
            }
            if jsonSmartEscapesAsHex(c) { return putEscaped(c, dst, &o) }
            switch c {
            case 0..<0x80:
                dst[o] = UInt8(c)
                o &+= 1
            case 0..<0x800:
                dst[o] = UInt8(0xC0 | c >> 6)
                dst[o &+ 1] = UInt8(0x80 | c & 0x3F)
                o &+= 2
            case 0..<0x10000:
                dst[o] = UInt8(0xE0 | c >> 12)
                dst[o &+ 1] = UInt8(0x80 | c >> 6 & 0x3F)
                dst[o &+ 2] = UInt8(0x80 | c & 0x3F)
                o &+= 3
            default:
                dst[o] = UInt8(0xF0 | c >> 18)
                dst[o &+ 1] = UInt8(0x80 | c >> 12 & 0x3F)
                dst[o &+ 2] = UInt8(0x80 | c >> 6 & 0x3F)
                dst[o &+ 3] = UInt8(0x80 | c & 0x3F)
                o &+= 4
            }
        }

        /// A string, re-written as json-smart writes it (``writeJSONString(bytes:into:)``): escapes
        /// decoded (`\/` and `\u00e9` become the characters, a surrogate pair the character it
        /// encodes), then `"`, `\\`, controls, U+007F–U+009F and U+2000–U+20FF escaped again (upper-case
        /// hex), everything else as UTF-8. Returns where its content starts in the source, or -1: a raw
        /// control character, a bad escape or a lone surrogate (the parser's to judge), a backslash in a
        /// key (`isKey`: repeated keys are found by their source bytes), or escapes that would grow the
        /// output past the room kept.
        mutating func string(isKey: Bool = false) -> Int {
            let base = self.base
            let dst = self.dst
            let n = self.n
            dst[o] = 0x22
            var i = self.i &+ 1
            var o = self.o &+ 1
            let contentStart = i
            defer {
                self.i = i
                self.o = o
            }
            @inline(__always) func put(_ b: UInt8) {
                dst[o] = b
                o &+= 1
            }
            @inline(__always) func putEscaped(_ c: UInt32) { Self.putEscaped(c, dst, &o) }
            @inline(__always) func putCharacter(_ c: UInt32) { Self.putCharacter(c, dst, &o) }
            /// Four hex digits at `k`, or nil.
            func hex4(at k: Int) -> UInt32? {
                guard k &+ 4 <= n else { return nil }
                var v: UInt32 = 0
                for j in k..<(k &+ 4) {
                    let b = base[j]
                    let digit: UInt8
                    switch b {
                    case 0x30...0x39: digit = b &- 0x30
                    case 0x41...0x46: digit = b &- 0x37
                    case 0x61...0x66: digit = b &- 0x57
                    default: return nil
                    }
                    v = v << 4 | UInt32(digit)
                }
                return v
            }
            while true {
                // Sixteen, then eight plain ASCII bytes at a time (no quote, backslash, control, DEL or
                // non-ASCII byte), stored before they are tested: a rejected block is overwritten or
                // abandoned. Writing is at most `slack - 8` ahead of reading here (see `write`).
                while i &+ 8 <= n {
                    let v = unalignedWord(base + i)
                    storeWord(v, at: o)
                    let special = SWAR.plain(v)
                    if special == 0 {
                        i &+= 8
                        o &+= 8
                        // A long run: two words at a time, until a pair has a flagged byte.
                        while i &+ 16 <= n {
                            let v = unalignedWord(base + i)
                            let w = unalignedWord(base + (i &+ 8))
                            storeWord(v, at: o)
                            storeWord(w, at: o &+ 8)
                            guard SWAR.plain(v) | SWAR.plain(w) == 0 else { break }
                            i &+= 16
                            o &+= 16
                        }
                        continue
                    }
                    // The lowest flagged byte is exact (the bit tricks can only over-flag above it).
                    let k = special.trailingZeroBitCount &>> 3
                    i &+= k
                    o &+= k
                    break
                }
                // One byte that is not plain ASCII (or one of the last seven).
                guard i < n else { return -1 }
                let b = base[i]
                switch b {
                case 0x22:
                    put(0x22)
                    i &+= 1
                    return contentStart
                case 0x5C:
                    guard !isKey, i &+ 1 < n else { return -1 }
                    let e = base[i &+ 1]
                    i &+= 2
                    switch e {
                    case 0x22, 0x5C: putCharacter(UInt32(e))
                    case UInt8(ascii: "/"): put(e)
                    case UInt8(ascii: "b"): putCharacter(0x08)
                    case UInt8(ascii: "f"): putCharacter(0x0C)
                    case UInt8(ascii: "n"): putCharacter(0x0A)
                    case UInt8(ascii: "r"): putCharacter(0x0D)
                    case UInt8(ascii: "t"): putCharacter(0x09)
                    case UInt8(ascii: "u"):
                        guard var c = hex4(at: i) else { return -1 }
                        i &+= 4
                        if c >= 0xD800 && c <= 0xDFFF {
                            // A high surrogate and its low one, or the parser's to judge.
                            guard c <= 0xDBFF, i &+ 6 <= n, base[i] == 0x5C, base[i &+ 1] == UInt8(ascii: "u"),
                                let low = hex4(at: i &+ 2), low >= 0xDC00, low <= 0xDFFF
                            else { return -1 }
                            i &+= 6
                            c = 0x10000 + ((c - 0xD800) << 10 | (low - 0xDC00))
                        }
                        putCharacter(c)
                    default: return -1
                    }
                case 0..<0x20: return -1
                case 0x7F:
                    putEscaped(0x7F)
                    i &+= 1
                case 0xC2 where i &+ 1 < n && base[i &+ 1] <= 0x9F:
                    putEscaped(UInt32(base[i &+ 1]))
                    i &+= 2
                case 0xE2 where i &+ 2 < n && base[i &+ 1] >= 0x80 && base[i &+ 1] <= 0x83:
                    putEscaped(0x2000 | UInt32(base[i &+ 1] & 0x03) << 6 | UInt32(base[i &+ 2] & 0x3F))
                    i &+= 3
                default:
                    // A plain ASCII byte (near the end, past the word loop), or any other UTF-8
                    // sequence, copied whole (the body is a String: valid UTF-8, so a lead byte is
                    // followed by its continuation bytes).
                    let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                    for k in 0..<length { dst[o &+ k] = base[i &+ k] }
                    o &+= length
                    i &+= length
                }
                // Escapes may have grown the output: keep the word stores inside the room.
                guard o &- i <= slack &- 8 else { return -1 }
            }
        }

        /// Enters an array or object at its opening bracket: copies it and the space after it; false
        /// past the depth limit.
        @inline(__always) mutating func open(_ bracket: UInt8) -> Bool {
            depth += 1
            guard depth <= CompactJSON.maxDepth else { return false }
            i += 1
            put(bracket)
            skipSpace()
            return true
        }

        /// After a member: `,` (true, more follow) or `close` (false, `done` set); anything else fails.
        @inline(__always) mutating func next(_ close: UInt8, _ done: inout Bool) -> Bool {
            skipSpace()
            guard i < n else { return false }
            let b = base[i]
            i += 1
            put(b)
            if b == UInt8(ascii: ",") { return true }
            if b == close {
                depth -= 1
                done = true
            }
            return false
        }

        mutating func array() -> Bool {
            guard open(UInt8(ascii: "[")) else { return false }
            if i < n, base[i] == UInt8(ascii: "]") {
                i += 1
                put(UInt8(ascii: "]"))
                depth -= 1
                return true
            }
            var done = false
            repeat {
                skipSpace()
                guard value() else { return false }
            } while next(UInt8(ascii: "]"), &done)
            return done
        }

        /// A hash of the key whose bytes are at `start` for `length` (``hashBytes(_:)``).
        func hashKey(_ start: Int, _ length: Int) -> UInt64 {
            hashBytes(UnsafeBufferPointer(start: base + start, count: length))
        }

        /// The hashes of a wide object's keys: open addressing in a power-of-two table, 0 for empty.
        struct KeyHashes {
            var slots = [UInt64](repeating: 0, count: 64)
            var count = 0

            /// `false` when `hash` is there already.
            mutating func insert(_ hash: UInt64) -> Bool {
                let h = hash | 1
                if (count + 1) * 2 > slots.count {
                    let old = slots
                    slots = [UInt64](repeating: 0, count: old.count * 2)
                    count = 0
                    for s in old where s != 0 { _ = insert(s) }
                }
                let mask = slots.count - 1
                var k = Int(truncatingIfNeeded: h >> 7) & mask
                while slots[k] != 0 {
                    if slots[k] == h { return false }
                    k = (k + 1) & mask
                }
                slots[k] = h
                count += 1
                return true
            }
        }

        mutating func object() -> Bool {
            guard open(UInt8(ascii: "{")) else { return false }
            if i < n, base[i] == UInt8(ascii: "}") {
                i += 1
                put(UInt8(ascii: "}"))
                depth -= 1
                return true
            }
            // Keys seen in this object, to hand repeated keys to the parser (it keeps the last value at
            // the first position).
            let first = keyCount
            defer { keyCount = first }
            // Past the first keys, the hashes of all this object's keys: a repeated hash (a repeated
            // key, or rarely two keys that collide) goes to the parser.
            var hashes: KeyHashes? = nil
            var done = false
            repeat {
                skipSpace()
                guard i < n, base[i] == 0x22 else { return false }
                let start = string(isKey: true)
                guard start >= 0 else { return false }
                let length = i - 1 - start
                if hashes != nil {
                    guard hashes!.insert(hashKey(start, length)) else { return false }
                } else {
                    // The first bytes as one word: most keys differ in length or there.
                    var head: UInt64 = 0
                    if start + 8 <= n {
                        head = unalignedWord(base + start) & (length >= 8 ? ~0 : (1 << UInt64(length * 8)) &- 1)
                    } else {
                        for k in 0..<min(length, 8) { head |= UInt64(base[start + k]) << UInt64(8 * k) }
                    }
                    for j in first..<keyCount {
                        let seen = keys[j]
                        if seen.length == length, seen.head == head, bytesEqual(base + Int(seen.start), base + start, length) { return false }
                    }
                    if keyCount - first < CompactJSON.linearKeys {
                        guard keyCount < keyCapacity else { return false }
                        keys[keyCount] = (Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: length), head)
                        keyCount += 1
                    } else {
                        var seen = KeyHashes()
                        for j in first..<keyCount { _ = seen.insert(hashKey(Int(keys[j].start), Int(keys[j].length))) }
                        _ = seen.insert(hashKey(start, length))
                        hashes = seen
                    }
                }
                skipSpace()
                guard i < n, base[i] == UInt8(ascii: ":") else { return false }
                i += 1
                put(UInt8(ascii: ":"))
                skipSpace()
                guard value() else { return false }
            } while next(UInt8(ascii: "}"), &done)
            return done
        }
    }
}

extension CompactJSON {
    /// For the fuzzer (`make fuzz`): `false` when the byte-level path accepts `body` and writes
    /// something else than the general path (parse, then write as json-smart does), or when it
    /// refuses a body but changes the output; `true` otherwise.
    package static func agreesWithParser(_ body: String) -> Bool {
        var out = RawByteBuffer(capacity: 1)
        defer { out.release() }
        out.append(0x41)
        guard write(body, into: &out) else { return Array(out.bytes) == [0x41] }
        guard let parsed = try? JSONValue(parsing: body) else { return false }
        var expected: [UInt8] = [0x41]
        Renderer.writeJSON(parsed, into: &expected)
        return Array(out.bytes) == expected
    }
}
