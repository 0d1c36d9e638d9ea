import TollgateJSON

/// The fast path of `$input.json('$')`: re-writes a JSON body compactly straight from its bytes, for
/// bodies whose output would equal the general path's (parse, then write as json-smart does).
///
/// It accepts only a plain subset and answers `false` (leaving `out` as it was) on anything else, so the
/// caller falls back to the full parser: a string with a backslash escape, a control character or a
/// character json-smart escapes; a repeated key in an object (the parser keeps the last value at the
/// first position); nesting deeper than the parser's limit; decimals that print longer than they were
/// written by more than the room kept for that (`1e6` prints `1000000.0`); any syntax error. Integers
/// are copied; other numbers print as Java's `Double.toString` (``JSONNumber/writeJavaDouble(into:)``).
enum CompactJSON {
    static let maxDepth = 512
    /// Keys remembered per object to find a repeated one; an object with more goes to the parser.
    static let maxKeys = 64
    /// Keys remembered at once over all open objects (a stack buffer); past it, the parser.
    static let keyStack = 64

    /// Appends `body` without the whitespace between tokens, checking it on the way in one pass; `false`
    /// (with `out` as it was) when the body needs the parser.
    static func write(_ body: String, into out: inout ByteBuffer) -> Bool {
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
            let written = withUnsafeTemporaryAllocation(of: Writer.Key.self, capacity: keyStack) { keys -> Int in
                var writer = Writer(source: bytes.baseAddress!, count: n, destination: destination, slack: slack, keys: keys.baseAddress!)
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
        /// bytes, so that the stack of keys (``keyStack`` of them) fits the 1 KiB Swift allocates on the
        /// stack without asking the runtime (which on Linux answers with the heap).
        typealias Key = (start: Int32, length: Int32, head: UInt64)
        /// Keys of the objects being read, innermost last; the first `keyCount` are live.
        let keys: UnsafeMutablePointer<Key>
        var keyCount = 0

        init(source: UnsafePointer<UInt8>, count: Int, destination: UnsafeMutablePointer<UInt8>, slack: Int, keys: UnsafeMutablePointer<Key>) {
            base = source
            n = count
            dst = destination
            self.slack = slack
            self.keys = keys
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

        /// A string with nothing to unescape or re-escape, copied; returns where its content starts in
        /// the source (its length is `i - 1` minus that), or -1.
        mutating func string() -> Int {
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
            // Sixteen, then eight plain ASCII bytes at a time (no quote, backslash, control, DEL or
            // non-ASCII byte), stored before they are tested: a rejected block is overwritten or abandoned.
            while i &+ 8 <= n {
                let v = unalignedWord(base + i)
                storeWord(v, at: o)
                let special = SWAR.plain(v)
                if special == 0 {
                    i &+= 8
                    o &+= 8
                    // A long string: two words at a time, until a pair has a flagged byte.
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
                // The lowest flagged byte is exact (the bit tricks can only over-flag above it). A quote
                // there ends the string, already copied; anything else goes to the byte loop.
                let k = special.trailingZeroBitCount &>> 3
                i &+= k
                o &+= k
                if base[i] == 0x22 {
                    i &+= 1
                    o &+= 1
                    return contentStart
                }
                break
            }
            while i < n {
                let b = base[i]
                dst[o] = b
                i &+= 1
                o &+= 1
                if b == 0x22 { return contentStart }
                if b < 0x20 || b == 0x5C || b == 0x7F { return -1 }
                if b == 0xC2, i < n, base[i] <= 0x9F { return -1 }
                if b == 0xE2, i < n, base[i] >= 0x80, base[i] <= 0x83 { return -1 }
            }
            return -1
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
            var done = false
            repeat {
                skipSpace()
                guard i < n, base[i] == 0x22 else { return false }
                let start = string()
                guard start >= 0, keyCount - first < CompactJSON.maxKeys, keyCount < CompactJSON.keyStack else { return false }
                let length = i - 1 - start
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
                keys[keyCount] = (Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: length), head)
                keyCount += 1
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
