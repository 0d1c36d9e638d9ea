import Crypto
import Foundation

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
        var canonicalHeaders = ""
        for name in signedHeaders {
            let values = request.headers.compactMap { $0.name.lowercased() == name ? trimmedHeaderValue($0.value) : nil }
            canonicalHeaders += name + ":" + values.joined(separator: ",") + "\n"
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
        func hmac(_ key: some ContiguousBytes, _ text: String) -> HashedAuthenticationCode<SHA256> {
            HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key))
        }
        let kDate = hmac(Array(("AWS4" + secret).utf8), date)
        let kRegion = hmac(kDate, region)
        let kService = hmac(kRegion, service)
        let kSigning = hmac(kService, "aws4_request")
        return hex(hmac(kSigning, stringToSign))
    }

    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
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

    /// `yyyyMMdd'T'HHmmss'Z'` as epoch milliseconds.
    package static func parseAMZDate(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var n: Int64 = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int64(b[i] - 0x30)
            }
            return n
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (Int(year), Int(month), Int(day))
        (components.hour, components.minute, components.second) = (Int(hour), Int(minute), Int(second))
        guard let date = utc.date(from: components), utc.component(.day, from: date) == Int(day) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The Gregorian calendar in UTC, which `X-Amz-Date` is written in.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    package static func formatAMZDate(_ millis: Int64) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }
}
