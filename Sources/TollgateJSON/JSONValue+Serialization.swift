extension JSONValue {
    /// Compact JSON, byte-identical to Jackson's default `ObjectMapper` output (what API
    /// Gateway's `$input.json` prints): no whitespace, `"` `\` and control characters escaped
    /// (`\b \t \n \f \r` short forms, others as `\u00XX` with upper-case hex), `/` and non-ASCII
    /// left as they are, numbers as their lexeme.
    ///
    /// Source followed: Jackson `CharTypes.sOutputEscapes128` and `JsonGenerator` defaults.
    public func serialized() -> String {
        var writer = JSONWriter(pretty: false)
        writer.write(self, depth: 0)
        return writer.finishString()
    }

    /// ``serialized()`` as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] {
        var writer = JSONWriter(pretty: false)
        writer.write(self, depth: 0)
        return writer.finishBytes()
    }

    /// Indented JSON for people: two spaces per level, `"key": value`, one member or element
    /// per line, `[]` and `{}` for empty containers.
    public func prettyPrinted() -> String {
        var writer = JSONWriter(pretty: true)
        writer.write(self, depth: 0)
        return writer.finishString()
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact serialization.
    public var description: String { serialized() }
}

extension JSONObject: CustomStringConvertible {
    /// The compact serialization.
    public var description: String { JSONValue.object(self).serialized() }
}

/// A growable byte buffer in raw memory: appends without Array's per-call checks.
struct ByteBuffer {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int

    /// `false` while `base` is memory lent by the caller.
    var ownsMemory = true

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// A buffer that starts in `memory` (not freed by the buffer) and moves to the heap when full.
    init(borrowing memory: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.capacity = capacity
        base = memory
        ownsMemory = false
    }

    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        if ownsMemory { base.deallocate() }
        base = newBase
        capacity = newCapacity
        ownsMemory = true
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { append($0) }
    }

    func release() {
        if ownsMemory { base.deallocate() }
    }
}

/// Appends JSON text to a byte buffer. Recursive: values built by the parser are at most
/// ``JSONParser/Options/maxDepth`` deep.
struct JSONWriter {
    var out = ByteBuffer(capacity: 4096)
    let pretty: Bool

    init(pretty: Bool) {
        self.pretty = pretty
    }

    /// The bytes written; frees the buffer.
    consuming func finishBytes() -> [UInt8] {
        let result = Array(UnsafeBufferPointer(start: out.base, count: out.count))
        out.release()
        return result
    }

    /// The text written; frees the buffer.
    consuming func finishString() -> String {
        let result = String(decoding: UnsafeBufferPointer(start: out.base, count: out.count), as: UTF8.self)
        out.release()
        return result
    }

    static let hex: StaticString = "0123456789ABCDEF"

    mutating func newline(_ depth: Int) {
        out.reserve(1 + 2 * depth)
        out.append(0x0A)
        for _ in 0..<depth {
            out.append(0x20)
            out.append(0x20)
        }
    }

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null: out.append("null")
        case .bool(true): out.append("true")
        case .bool(false): out.append("false")
        case .number(let n): writeNumber(n)
        case .string(let s): writeString(s)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            if elements.isEmpty {
                out.append(UInt8(ascii: "]"))
                return
            }
            var first = true
            for element in elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if pretty { newline(depth + 1) }
                write(element, depth: depth + 1)
            }
            if pretty { newline(depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            if object.isEmpty {
                out.append(UInt8(ascii: "}"))
                return
            }
            var first = true
            for member in object.entries {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if pretty { newline(depth + 1) }
                writeString(member.key)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                write(member.value, depth: depth + 1)
            }
            if pretty { newline(depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    mutating func writeNumber(_ n: JSONNumber) {
        switch n.storage {
        case .int(let i):
            if i >= 0 && i < 10 {
                out.append(UInt8(truncatingIfNeeded: i) &+ 0x30)
                return
            }
            out.reserve(20)
            var magnitude = i.magnitude
            var digits = 0
            var m = magnitude
            repeat {
                digits += 1
                m /= 10
            } while m != 0
            if i < 0 {
                out.base[out.count] = UInt8(ascii: "-")
                out.count += 1
            }
            var k = out.count + digits
            out.count = k
            repeat {
                k -= 1
                out.base[k] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            } while magnitude != 0
        case .lexeme(let s): out.append(s)
        case .packed(let low, let high):
            out.reserve(JSONNumber.packedCapacity)
            out.count += JSONNumber.unpack(low, high, into: out.base + out.count)
        case .double(let d):
            out.reserve(JavaDouble.maxLength)
            out.count += JavaDouble.write(d, into: out.base + out.count)
        }
    }

    @inline(__always)
    static func escapeMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        return ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & 0x8080_8080_8080_8080
    }

    mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            out.reserve(utf8.count + 2)
            out.base[out.count] = UInt8(ascii: "\"")
            out.count += 1
            guard let base = utf8.baseAddress else {
                out.append(UInt8(ascii: "\""))
                return
            }
            let n = utf8.count
            var runStart = 0
            var i = 0
            while i < n {
                if i + 8 <= n {
                    let m = Self.escapeMask(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    if m == 0 {
                        i += 8
                        continue
                    }
                    i += m.trailingZeroBitCount >> 3
                }
                let c = base[i]
                if c >= 0x20 && c != 0x22 && c != 0x5C {
                    i += 1
                    continue
                }
                out.append(UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                out.append(UInt8(ascii: "\\"))
                switch c {
                case 0x22, 0x5C: out.append(c)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append("u00")
                    out.append(Self.hex.utf8Start[Int(c >> 4)])
                    out.append(Self.hex.utf8Start[Int(c & 0xF)])
                }
                i += 1
                runStart = i
            }
            out.append(UnsafeBufferPointer(start: base + runStart, count: n - runStart))
            out.append(UInt8(ascii: "\""))
        }
    }
}
