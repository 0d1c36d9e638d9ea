import Crypto
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AWS Signature Version 4, the part signing and verifying share, as "Create a signed AWS API request"
/// and "Elements of an AWS API request signature" in the IAM user guide give it: the canonical request
/// (method, the path URI-encoded once more, the sorted query, the signed headers with their values
/// trimmed, the payload's SHA-256), the string to sign over the credential scope, and the HMAC chain
/// from the secret key. ``SigV4Signer`` and ``SigV4Verifier`` are its two users.
public enum SigV4 {
    /// The `Authorization` scheme and string-to-sign algorithm.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The canonical request of `request` over `signedHeaders` (lower case, in the order signed).
    /// `normalizePath` is false for S3, which signs the path as sent.
    package static func canonicalRequest(
        _ request: SignedRequest,
        signedHeaders: [String],
        payloadHash: String,
        normalizePath: Bool = true
    ) -> String {
        // Each name lower-cased once, not once per signed header.
        let lowered = request.headers.map { (name: $0.name.lowercased(), value: $0.value) }
        var canonicalHeaders = ""
        for name in signedHeaders {
            canonicalHeaders += name
            canonicalHeaders += ":"
            var first = true
            for header in lowered where header.name == name {
                if !first { canonicalHeaders += "," }
                canonicalHeaders += trimmedHeaderValue(header.value)
                first = false
            }
            canonicalHeaders += "\n"
        }
        return [
            request.method,
            canonicalURI(request.path, normalize: normalizePath),
            canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
    }

    /// `AWS4-HMAC-SHA256`, the request time, the scope and the canonical request's SHA-256, a line each.
    package static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        "\(algorithm)\n\(amzDate)\n\(scope)\n\(hex(SHA256.hash(data: Array(canonicalRequest.utf8))))"
    }

    /// The signature's hex: HMAC-SHA256 of the string to sign with the key derived from the secret.
    package static func signature(secret: String, date: String, region: String, service: String, stringToSign: String) -> String {
        hex(
            HMAC<SHA256>.authenticationCode(
                for: Array(stringToSign.utf8),
                using: signingKeys.key(secret: secret, date: date, region: region, service: service)
            )
        )
    }

    /// The signing key: HMAC-SHA256 of the date, region, service and `aws4_request` in turn, from
    /// `AWS4` + the secret.
    static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        func hmac(_ key: some ContiguousBytes, _ text: String) -> HashedAuthenticationCode<SHA256> {
            HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key))
        }
        let kDate = hmac(Array(("AWS4" + secret).utf8), date)
        let kRegion = hmac(kDate, region)
        let kService = hmac(kRegion, service)
        return SymmetricKey(data: hmac(kService, "aws4_request"))
    }

    /// The signing keys in use, derived once a day per credential, region and service (as the AWS
    /// SDKs keep them: the key depends on nothing else).
    static let signingKeys = SigningKeyCache()

    /// A few derived signing keys, by what they are derived from; cleared when full.
    final class SigningKeyCache: Sendable {
        private let keys = Mutex<[String: SymmetricKey]>([:])
        static let capacity = 64

        func key(secret: String, date: String, region: String, service: String) -> SymmetricKey {
            let name = secret + "\u{0}" + date + "\u{0}" + region + "\u{0}" + service
            if let key = keys.withLock({ $0[name] }) { return key }
            let key = SigV4.signingKey(secret: secret, date: date, region: region, service: service)
            keys.withLock { keys in
                if keys.count >= Self.capacity { keys.removeAll(keepingCapacity: true) }
                keys[name] = key
            }
            return key
        }
    }

    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(64)
        digits.withUTF8Buffer { digits in
            for b in bytes {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }

    /// A header value as signed: leading and trailing blanks removed, runs of blanks made one space.
    package static func trimmedHeaderValue(_ value: String) -> String {
        // Most values have no blank to remove.
        var previousBlank = true
        var clean = true
        for b in value.utf8 {
            let blank = b == 0x20 || b == 0x09
            if blank && previousBlank || b == 0x09 {
                clean = false
                break
            }
            previousBlank = blank
        }
        if clean && !previousBlank || value.isEmpty { return value }
        var out = ""
        var pendingSpace = false
        for c in value.unicodeScalars {
            if c == " " || c == "\t" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters (and `/` when kept).
    package static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        if text.utf8.allSatisfy({ unreserved($0) || keepSlash && $0 == UInt8(ascii: "/") }) { return text }
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: "/") where keepSlash: out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` without the spaces and tabs at either end.
    static func blankTrimmed(_ text: Substring.UTF8View) -> Substring.UTF8View {
        let blank = { (b: UInt8) in b == 0x20 || b == 0x09 }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }

    static func unreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// The path as signed for every service but S3: dot segments and empty segments removed, then the
    /// (already encoded) path encoded once more, `/` kept. S3 signs the path as sent (`normalize` false).
    package static func canonicalURI(_ path: String, normalize: Bool = true) -> String {
        guard normalize else { return path.isEmpty ? "/" : path }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var normalized = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), !segments.isEmpty { normalized += "/" }
        return uriEncode(normalized, keepSlash: true)
    }

    /// The query as signed: each name and value encoded, sorted by name then value.
    package static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        var pairs: [(name: String, value: String)] = []
        for (name, value) in query { pairs.append((uriEncode(name, keepSlash: false), uriEncode(value, keepSlash: false))) }
        pairs.sort { a, b in a.name == b.name ? a.value < b.value : a.name < b.name }
        var parts: [String] = []
        for pair in pairs { parts.append(pair.name + "=" + pair.value) }
        return parts.joined(separator: "&")
    }

    /// `yyyyMMdd'T'HHmmss'Z'` as epoch milliseconds (UTC, through libc's `timegm`).
    package static func parseAMZDate(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var n: Int32 = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int32(b[i] - 0x30)
            }
            return n
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
        let seconds = timegm(&parts)
        // timegm normalises 31 February to 3 March: such a date is refused.
        guard parts.tm_mday == day, parts.tm_mon == month - 1 else { return nil }
        return Int64(seconds) * 1000
    }

    /// Epoch milliseconds as `yyyyMMdd'T'HHmmss'Z'` (UTC, through libc's `gmtime_r`).
    package static func formatAMZDate(_ millis: Int64) -> String {
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        func digits(_ value: Int32, _ count: Int) {
            var divisor: Int32 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(truncatingIfNeeded: 0x30 + value / divisor % 10))
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        digits(parts.tm_mon + 1, 2)
        digits(parts.tm_mday, 2)
        out.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        digits(parts.tm_min, 2)
        digits(parts.tm_sec, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}
