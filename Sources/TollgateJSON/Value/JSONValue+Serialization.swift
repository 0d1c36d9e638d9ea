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

/// Appends JSON text to a byte buffer. Recursive: values built by the parser are at most
/// ``JSONParser/Options/maxDepth`` deep.
struct JSONWriter {
    var out = RawByteBuffer(capacity: 4096)
    let pretty: Bool

    init(pretty: Bool) {
        self.pretty = pretty
    }

    /// The bytes written; frees the buffer.
    consuming func finishBytes() -> [UInt8] {
        let result = Array(out.bytes)
        out.release()
        return result
    }

    /// The text written; frees the buffer.
    consuming func finishString() -> String {
        let result = String(decoding: out.bytes, as: UTF8.self)
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
            var p = out.reserve(20)
            var magnitude = i.magnitude
            var digits = 0
            var m = magnitude
            repeat {
                digits += 1
                m /= 10
            } while m != 0
            if i < 0 {
                p.pointee = UInt8(ascii: "-")
                p += 1
                out.commit(1)
            }
            out.commit(digits)
            var k = digits
            repeat {
                k -= 1
                p[k] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            } while magnitude != 0
        case .lexeme(let s): out.append(utf8: s)
        case .packed(let low, let high):
            out.commit(JSONNumber.unpack(low, high, into: out.reserve(JSONNumber.packedCapacity)))
        case .double(let d):
            out.commit(JavaDouble.write(d, into: out.reserve(JavaDouble.maxLength)))
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
            out.reserve(utf8.count + 2).pointee = UInt8(ascii: "\"")
            out.commit(1)
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
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
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
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: n - runStart))
            out.append(UInt8(ascii: "\""))
        }
    }
}
