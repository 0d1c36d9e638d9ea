/// The line escaping the differential oracles in `Tests/Oracles/` read and write: `\\`, `\t`, `\n`, `\r`,
/// printable ASCII as itself, every other UTF-16 unit as `\uXXXX`. For tests only; not a product.
public enum OracleEscaping {
    public static func escape(_ s: String) -> String {
        let hex = Array("0123456789abcdef".unicodeScalars)
        var out = ""
        for u in s.utf16 {
            switch u {
            case 0x5C: out += "\\\\"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(u)!)
            default:
                out += "\\u"
                for shift in [12, 8, 4, 0] { out.unicodeScalars.append(hex[Int(u >> UInt16(shift)) & 15]) }
            }
        }
        return out
    }

    public static func unescape(_ s: some StringProtocol) -> String {
        var units: [UInt16] = []
        var it = s.utf16.makeIterator()
        while let u = it.next() {
            guard u == 0x5C, let e = it.next() else {
                units.append(u)
                continue
            }
            switch e {
            case UInt16(UInt8(ascii: "t")): units.append(0x09)
            case UInt16(UInt8(ascii: "n")): units.append(0x0A)
            case UInt16(UInt8(ascii: "r")): units.append(0x0D)
            case UInt16(UInt8(ascii: "u")):
                var value: UInt16 = 0
                for _ in 0..<4 {
                    let digit = it.next() ?? 0x30
                    value = value << 4 | UInt16(digit <= 0x39 ? digit - 0x30 : (digit | 0x20) - 0x61 + 10)
                }
                units.append(value)
            default: units.append(e)
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}
