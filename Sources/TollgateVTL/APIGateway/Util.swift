import ExtrasBase64
import TollgateJSON

/// `$util`'s text functions.
package enum Util {
    /// Commons Lang 2.6 `StringEscapeUtils.escapeJavaScript` (docs/behaviour.md §2): `'` → `\'`, `"` → `\"`, `\` → `\\`,
    /// `/` → `\/`, `\b \t \n \f \r`, other controls as `\u00XX`, every UTF-16 unit above 0x7F as `\uXXXX`.
    static func escapeJavaScript(_ s: String) -> String {
        var out: [UInt8] = []
        escapeJavaScript(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func escapeJavaScript<Sink: ByteSink & ~Copyable>(_ s: String, into out: inout Sink) {
        var s = s
        s.withUTF8 { escapeJavaScript(bytes: $0, into: &out) }
    }

    static func escapeJavaScript<Sink: ByteSink & ~Copyable>(bytes: UnsafeBufferPointer<UInt8>, into out: inout Sink) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        // Bytes from `run` up to `i` need no escaping and are copied in one go before an escape.
        var run = 0
        var i = 0
        while i < n {
            // Eight bytes at a time while none needs escaping (a control, non-ASCII, `"`, `'`, `/`, `\`).
            while i &+ 8 <= n {
                let v = unalignedWord(base + i)
                let special =
                    SWAR.hasLess(v, 0x20) | (v & SWAR.high) | SWAR.hasByte(v, 0x22) | SWAR.hasByte(v, 0x27) | SWAR.hasByte(v, 0x2F)
                    | SWAR.hasByte(v, 0x5C)
                if special != 0 {
                    i &+= special.trailingZeroBitCount &>> 3
                    break
                }
                i &+= 8
            }
            guard i < n else { break }
            let b = base[i]
            if b >= 0x20 && b < 0x80 && b != 0x22 && b != 0x27 && b != 0x2F && b != 0x5C {
                i &+= 1
                continue
            }
            if i > run { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i &- run)) }
            if b < 0x80 {
                switch b {
                case 0x22, 0x27, 0x2F, 0x5C:
                    out.append(0x5C)
                    out.append(b)
                case 0x08: out.append(#"\b"#)
                case 0x09: out.append(#"\t"#)
                case 0x0A: out.append(#"\n"#)
                case 0x0C: out.append(#"\f"#)
                case 0x0D: out.append(#"\r"#)
                default: unicodeEscape(UInt16(b), into: &out)
                }
                i &+= 1
            } else {
                // Decode one scalar; escape each of its UTF-16 units.
                var scalar: UInt32
                var width: Int
                if b < 0xE0 {
                    scalar = UInt32(b & 0x1F)
                    width = 2
                } else if b < 0xF0 {
                    scalar = UInt32(b & 0x0F)
                    width = 3
                } else {
                    scalar = UInt32(b & 0x07)
                    width = 4
                }
                for k in 1..<width where i + k < n { scalar = scalar << 6 | UInt32(base[i + k] & 0x3F) }
                if scalar >= 0x10000 {
                    let v = scalar - 0x10000
                    unicodeEscape(UInt16(0xD800 + (v >> 10)), into: &out)
                    unicodeEscape(UInt16(0xDC00 + (v & 0x3FF)), into: &out)
                } else {
                    unicodeEscape(UInt16(scalar), into: &out)
                }
                i += width
            }
            run = i
        }
        if n > run { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: n &- run)) }
    }

    /// `\uXXXX` with upper-case hex digits, as Commons Lang writes it.
    private static func unicodeEscape<Sink: ByteSink & ~Copyable>(_ u: UInt16, into out: inout Sink) {
        let h: StaticString = "0123456789ABCDEF"
        let hex = h.utf8Start
        out.append(0x5C)
        out.append(UInt8(ascii: "u"))
        out.append(hex[Int(u >> 12)])
        out.append(hex[Int(u >> 8 & 15)])
        out.append(hex[Int(u >> 4 & 15)])
        out.append(hex[Int(u & 15)])
    }

    static func base64Encode(_ s: String) -> String {
        Base64Coding.encode(s.utf8)
    }

    static func base64Decode(_ s: String) -> String? {
        Base64Coding.decode(s.utf8).map { String(decoding: $0, as: UTF8.self) }
    }
}
