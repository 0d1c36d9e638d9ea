import TollgateJSON

// Java's `toString`, `equals` and ordering for the values a template sees (Velocity 1.7 renders `toString()`).
extension Value {
    /// `String.valueOf(value)`: what `$value` renders (null renders as `null` only inside collections).
    var javaString: String {
        switch self {
        case .string(let s): return s.string
        default:
            var out: [UInt8] = []
            appendJava(to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `toString()` as UTF-8, written straight into `out`.
    func appendJava<Sink: ByteSink & ~Copyable>(to out: inout Sink) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let v): out.appendDecimal(Int64(v))
        case .long(let v): out.appendDecimal(v)
        case .bigInteger(let v): out.append(utf8: String(v.value))
        case .double(let v): out.appendJava(double: v)
        case .string(let s): out.append(contentsOf: s.bytes)
        case .list(let list):
            if list.json {
                appendJSON(to: &out)
            } else if list.array {
                // Java arrays print their type and identity hash.
                out.append("[Ljava.lang.String;@")
                out.append(utf8: String(list.identityHash, radix: 16))
            } else {
                out.append("[")
                for (i, item) in list.items.enumerated() {
                    if i > 0 { out.append(", ") }
                    item.appendJava(to: &out)
                }
                out.append("]")
            }
        case .map(let map):
            // AbstractMap.toString: {k=v, k2=v2}.
            out.append("{")
            for i in map.keys.indices {
                if i > 0 { out.append(", ") }
                map.keys[i].appendJava(to: &out)
                out.append("=")
                map.values[i].appendJava(to: &out)
            }
            out.append("}")
        case .entry(let entry):
            entry.key.appendJava(to: &out)
            out.append("=")
            entry.value.appendJava(to: &out)
        case .block: break
        case .object(let object):
            switch object {
            case .input: out.append("$input")
            case .util: out.append("$util")
            case .loop: out.append("$foreach")
            case .context: out.append("$context")
            }
        }
    }

    /// json-smart's `toJSONString` (how a `JSONArray` from `$input.path` prints): compact, strings escaped
    /// with json-smart's default style (`/` is not escaped; U+007F–U+009F and U+2000–U+20FF are).
    func appendJSON<Sink: ByteSink & ~Copyable>(to out: inout Sink) {
        switch self {
        case .null: out.append("null")
        case .string(let s): writeJSONString(bytes: s.bytes, into: &out)
        case .list(let list):
            out.append("[")
            for (i, item) in list.items.enumerated() {
                if i > 0 { out.append(",") }
                item.appendJSON(to: &out)
            }
            out.append("]")
        case .map(let map):
            out.append("{")
            for i in map.keys.indices {
                if i > 0 { out.append(",") }
                if case .string(let key) = map.keys[i] {
                    writeJSONString(bytes: key.bytes, into: &out)
                } else {
                    writeJSONString(map.keys[i].javaString, into: &out)
                }
                out.append(":")
                map.values[i].appendJSON(to: &out)
            }
            out.append("}")
        case .entry, .object, .block: writeJSONString(javaString, into: &out)
        default: appendJava(to: &out)
        }
    }

    /// Java `equals` (the same class and value; `Integer 1` is not `Long 1`).
    func javaEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.long(let a), .long(let b)): return a == b
        case (.bigInteger(let a), .bigInteger(let b)): return a.value == b.value
        case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern || (a == b && a != 0)
        case (.string(let a), .string(let b)): return a.equals(b)
        case (.list(let a), .list(let b)):
            if a === b { return true }
            if a.array || b.array { return false }
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.javaEquals($1) }
        case (.map(let a), .map(let b)):
            if a === b { return true }
            guard a.count == b.count else { return false }
            for i in a.keys.indices {
                guard let j = b.index(of: a.keys[i]), a.values[i].javaEquals(b.values[j]) else { return false }
            }
            return true
        case (.entry(let a), .entry(let b)): return a.key.javaEquals(b.key) && a.value.javaEquals(b.value)
        default: return false
        }
    }
}

/// Writes `s` as a JSON string, escaped as json-smart's default style does: `"`, `\`, `\b \f \n \r \t`,
/// and `\uXXXX` for other controls, U+007F–U+009F and U+2000–U+20FF; `/` stays.
func writeJSONString<Sink: ByteSink & ~Copyable>(_ s: String, into out: inout Sink) {
    var s = s
    s.withUTF8 { writeJSONString(bytes: $0, into: &out) }
}

/// ``writeJSONString(_:into:)`` of UTF-8 bytes.
func writeJSONString<Sink: ByteSink & ~Copyable>(bytes: UnsafeBufferPointer<UInt8>, into out: inout Sink) {
    out.append(0x22)
    do {
        var run = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var escape: UInt16? = nil
            var width = 1
            if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F {
                escape = UInt16(b)
            } else if b == 0xC2, i + 1 < n, bytes[i + 1] <= 0x9F {
                escape = UInt16(bytes[i + 1])
                width = 2
            } else if b == 0xE2, i + 2 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x83 {
                escape = 0x2000 | UInt16(bytes[i + 1] & 0x03) << 6 | UInt16(bytes[i + 2] & 0x3F)
                width = 3
            }
            guard let e = escape else {
                i += 1
                continue
            }
            if i > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
            if let letter = jsonSmartShortEscape(UInt32(e)) {
                out.append(0x5C)
                out.append(letter)
            } else {
                out.append(utf8: "\\u" + hex4(e))
            }
            i += width
            run = i
        }
        if n > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<n])) }
    }
    out.append(0x22)
}

/// The letter json-smart writes after a backslash for `"`, `\\` and the five controls with short
/// escapes (`\b \f \n \r \t`); nil for every other character.
@inline(__always)
func jsonSmartShortEscape(_ c: UInt32) -> UInt8? {
    switch c {
    case 0x22: 0x22
    case 0x5C: 0x5C
    case 0x08: UInt8(ascii: "b")
    case 0x0C: UInt8(ascii: "f")
    case 0x0A: UInt8(ascii: "n")
    case 0x0D: UInt8(ascii: "r")
    case 0x09: UInt8(ascii: "t")
    default: nil
    }
}

/// `true` for the characters json-smart writes as `\\uXXXX`: the other controls, U+007F–U+009F and
/// U+2000–U+20FF.
@inline(__always)
func jsonSmartEscapesAsHex(_ c: UInt32) -> Bool {
    c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x2000 && c <= 0x20FF)
}

/// Four upper-case hex digits.
func hex4(_ v: UInt16) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(v >> 12)], digits[Int(v >> 8 & 15)], digits[Int(v >> 4 & 15)], digits[Int(v & 15)]], as: UTF8.self)
}
