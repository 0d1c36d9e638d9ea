import ExtrasBase64

/// `$util`'s text functions.
enum Util {
    /// Commons Lang 2.6 `StringEscapeUtils.escapeJavaScript` (spec §2): `'` → `\'`, `"` → `\"`, `\` → `\\`,
    /// `/` → `\/`, `\b \t \n \f \r`, other controls as `\u00XX`, every UTF-16 unit above 0x7F as `\uXXXX`.
    static func escapeJavaScript(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b < 0x20 || b >= 0x80 || b == 0x22 || b == 0x27 || b == 0x2F || b == 0x5C {
            needs = true
            break
        }
        if !needs { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        func append(_ text: StaticString) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }
        let hex = Array("0123456789ABCDEF".utf8)
        for u in s.utf16 {
            switch u {
            case 0x08: append("\\b")
            case 0x09: append("\\t")
            case 0x0A: append("\\n")
            case 0x0C: append("\\f")
            case 0x0D: append("\\r")
            case 0x22: append("\\\"")
            case 0x27: append("\\'")
            case 0x2F: append("\\/")
            case 0x5C: append("\\\\")
            case 0..<0x20, 0x80...:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "u"))
                out.append(hex[Int(u >> 12)])
                out.append(hex[Int(u >> 8 & 15)])
                out.append(hex[Int(u >> 4 & 15)])
                out.append(hex[Int(u & 15)])
            default: out.append(UInt8(u))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Java `URLEncoder.encode(s, UTF-8)`: `A-Z a-z 0-9 . - * _` stay, space is `+`, the rest `%XX` (spec §2).
    static func urlEncode(_ s: String) -> String {
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
    static func urlDecode(_ s: String) -> String? {
        var out: [UInt8] = []
        let bytes = Array(s.utf8)
        var i = 0
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - 55
            default: nil
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
                i += 1
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2])
                else { return nil }
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func base64Encode(_ s: String) -> String {
        Base64.encodeToString(bytes: Array(s.utf8))
    }

    static func base64Decode(_ s: String) -> String? {
        guard let bytes = try? Base64.decode(string: s) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
