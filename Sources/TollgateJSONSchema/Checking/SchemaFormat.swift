@_spi(TollgateInternal) import TollgateJavaRegex

/// The draft-04 `format` attributes fge checks. Unknown formats are ignored (fge only warns).
enum SchemaFormat: String, Sendable {
    case dateTime = "date-time"
    case email
    case hostname
    case ipv4
    case ipv6
    case uri
    case regex

    /// fge's message for a string that fails this format.
    func message(_ s: String) -> String {
        switch self {
        case .dateTime:
            "string \"\(s)\" is invalid against requested date format(s) [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,12}Z]"
        case .email: "string \"\(s)\" is not a valid email address"
        case .hostname: "string \"\(s)\" is not a valid hostname"
        case .ipv4: "string \"\(s)\" is not a valid IPv4 address"
        case .ipv6: "string \"\(s)\" is not a valid IPv6 address"
        case .uri: "string \"\(s)\" is not a valid URI"
        case .regex: "string \"\(s)\" is not a valid ECMA 262 regular expression"
        }
    }

    func accepts(_ s: String) -> Bool {
        switch self {
        case .dateTime: Self.isDateTime(s)
        case .email: Self.isEmail(s)
        case .hostname: Self.isHostname(s)
        case .ipv4: Self.isIPv4(s)
        case .ipv6: Self.isIPv6(s)
        case .uri: Self.isURI(s)
        case .regex: (try? ECMAScriptRegex(s)) != nil
        }
    }

    static func digits(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(s)
    }

    /// RFC 3339 `date-time` (fge: `yyyy-MM-dd'T'HH:mm:ss[.S{1,12}](Z|±HH:mm)`).
    static func isDateTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] | 0x20 == UInt8(ascii: "t"), u[13] == 58, u[16] == 58 else { return false }
        func num(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= u.count else { return nil }
            var v = 0
            for k in from..<(from + length) {
                guard u[k] >= 48 && u[k] <= 57 else { return nil }
                v = v * 10 + Int(u[k] - 48)
            }
            return v
        }
        guard let year = num(0, 4), let month = num(5, 2), let day = num(8, 2), let hour = num(11, 2), let minute = num(14, 2),
            let second = num(17, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month, year), hour <= 23, minute <= 59, second <= 60 else { return false }
        var i = 19
        if u[i] == UInt8(ascii: ".") {
            let start = i + 1
            i = start
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            guard i > start, i - start <= 12 else { return false }
        }
        guard i < u.count else { return false }
        if u[i] | 0x20 == UInt8(ascii: "z") { return i + 1 == u.count }
        guard u[i] == 43 || u[i] == 45, i + 6 == u.count, u[i + 3] == 58, let oh = num(i + 1, 2), let om = num(i + 4, 2) else { return false }
        return oh <= 23 && om <= 59
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// An address `local@domain` with a non-empty local part and a domain (RFC 5322 addr-spec, dot-atom).
    static func isEmail(_ s: String) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at]
        let domain = s[s.index(after: at)...]
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        guard !local.isEmpty, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
            local.allSatisfy({ atext.contains($0) || $0 == "." })
        else { return false }
        return !domain.isEmpty && (isHostname(String(domain)) || (domain.hasPrefix("[") && domain.hasSuffix("]")))
    }

    /// RFC 1034 host names: labels of letters, digits and hyphens, 1–63 long, not starting or
    /// ending with a hyphen, 255 characters at most.
    static func isHostname(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 255 else { return false }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            guard label.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 45 }) else { return false }
        }
        return true
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { p in
            guard p.count <= 3, let v = digits(p), v <= 255 else { return false }
            return !(p.count > 1 && p.hasPrefix("0"))
        }
    }

    static func isIPv6(_ s: String) -> Bool {
        var text = Substring(s)
        var groupsNeeded = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
            groupsNeeded = 6
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: Substring) -> [Substring]? {
            if part.isEmpty { return [] }
            let g = part.split(separator: ":", omittingEmptySubsequences: false)
            guard g.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return nil }
            return g
        }
        if halves.count == 1 {
            guard let g = groups(halves[0]) else { return false }
            return g.count == groupsNeeded
        }
        guard let a = groups(halves[0]), let b = groups(halves[1]) else { return false }
        return a.count + b.count < groupsNeeded
    }

    /// An absolute URI (RFC 3986: a scheme, then characters URIs allow; fge uses `java.net.URI`
    /// and requires it to be absolute).
    static func isURI(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), let first = s.first, first.isASCII, first.isLetter else { return false }
        guard s[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
        let rest = s[s.index(after: colon)...]
        guard !rest.isEmpty, rest.allSatisfy({ allowed.contains($0) || !$0.isASCII }) else { return false }
        var i = rest.startIndex
        while let p = rest[i...].firstIndex(of: "%") {
            let h1 = rest.index(after: p)
            guard h1 < rest.endIndex, rest[h1].isHexDigit else { return false }
            let h2 = rest.index(after: h1)
            guard h2 < rest.endIndex, rest[h2].isHexDigit else { return false }
            i = rest.index(after: h2)
        }
        return true
    }
}

extension Substring {
    func components(separatedBy separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = self
        while let range = rest.firstRange(of: separator) {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}
