/// URL encoding as Java's `URLEncoder` and `URLDecoder` do it with UTF-8: what `$util.urlEncode` and
/// `$util.urlDecode` are, and what the gateway encodes query strings and decodes paths and queries
/// with (one implementation for both).
package enum URLEncoding {
    /// Java `URLEncoder.encode(s, UTF-8)`: `A-Z a-z 0-9 . - * _` stay, space is `+`, the rest `%XX` (docs/behaviour.md §2).
    package static func formEncode(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_"):
                out.append(b)
            case UInt8(ascii: " "): out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Java `URLDecoder.decode(s, UTF-8)`: `+` is a space, `%XX` a byte; nil for a malformed escape.
    package static func formDecode(_ s: String) -> String? {
        percentDecode(s[...], plusIsSpace: true, strict: true)
    }

    /// Percent-decoding, for `formDecode` and the gateway's query and path parsing: `%XX` is a byte, `+` a space
    /// when `plusIsSpace`; a malformed escape is nil when `strict`, else kept as written.
    package static func percentDecode(_ text: Substring, plusIsSpace: Bool, strict: Bool) -> String? {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else { return String(text) }
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - 55
            default: nil
            }
        }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                if i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                if strict { return nil }
            }
            out.append(plusIsSpace && b == UInt8(ascii: "+") ? 0x20 : b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
