import Crypto
import Foundation

/// A request as its signer saw it: what AWS Signature Version 4 signs.
public struct SignedRequest: Sendable {
    public var method: String
    /// The path as sent (percent-encoding intact), without the query.
    public var path: String
    /// Query parameters, decoded.
    public var query: [(name: String, value: String)]
    /// Header fields in order; names in any case.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: [(name: String, value: String)], headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// Why a request's signature is refused, with API Gateway's answer for each.
public enum SigV4Failure: Error, Sendable, Hashable {
    /// No `Authorization` header: 403 MISSING_AUTHENTICATION_TOKEN.
    case missingAuthenticationToken
    /// An `Authorization` header that is not a complete SigV4 one (IncompleteSignatureException).
    case incompleteSignature(String)
    /// An access key (or session token) the gateway does not know (UnrecognizedClientException).
    case unrecognizedClient
    /// The signature, date or scope does not verify (INVALID_SIGNATURE); the message says which.
    case invalidSignature(String)
    /// The credential's session has ended (EXPIRED_TOKEN).
    case expiredToken

    /// The message API Gateway answers with.
    public var message: String {
        switch self {
        case .missingAuthenticationToken: "Missing Authentication Token"
        case .incompleteSignature(let message), .invalidSignature(let message): message
        case .unrecognizedClient: "The security token included in the request is invalid."
        case .expiredToken: "The security token included in the request is expired"
        }
    }

    /// The `x-amzn-ErrorType` API Gateway sends with it.
    public var errorType: String {
        switch self {
        case .missingAuthenticationToken: "MissingAuthenticationTokenException"
        case .incompleteSignature: "IncompleteSignatureException"
        case .unrecognizedClient: "UnrecognizedClientException"
        case .invalidSignature: "InvalidSignatureException"
        case .expiredToken: "ExpiredTokenException"
        }
    }
}

/// Verifies AWS Signature Version 4 (`AWS4-HMAC-SHA256` in the `Authorization` header) as the
/// `execute-api` service does, following "Create a signed AWS API request" and "Elements of an AWS
/// API request signature" in the IAM user guide: the canonical request (method, the path URI-encoded
/// once more, the sorted query, the signed headers with their values trimmed, the payload's SHA-256),
/// the string to sign over the credential scope, and the HMAC chain from the secret key. The request
/// time (`X-Amz-Date`) may be up to 5 minutes from the gateway's clock either way.
public struct SigV4Verifier: Sendable {
    /// The identities accepted, by access key id.
    public let credentials: [String: IAMCredential]
    /// The region the credential scope must name (the API's).
    public let region: String
    public let service: String

    /// How far the request time may be from the gateway's clock.
    public static let allowedSkewMillis: Int64 = 5 * 60 * 1000

    public init(credentials: [IAMCredential], region: String, service: String = "execute-api") {
        self.credentials = Dictionary(credentials.map { ($0.accessKeyId, $0) }, uniquingKeysWith: { $1 })
        self.region = region
        self.service = service
    }

    /// The identity that signed `request`, or why it is refused; `nowMillis` is the gateway's clock.
    public func verify(_ request: SignedRequest, nowMillis: Int64) -> Result<IAMCredential, SigV4Failure> {
        func header(_ name: String) -> [String] {
            request.headers.compactMap { $0.name.lowercased() == name ? $0.value : nil }
        }
        guard let authorization = header("authorization").first else { return .failure(.missingAuthenticationToken) }
        let amzDate = header("x-amz-date").first
        // Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=…
        var fields: [String: String] = [:]
        let scheme = "AWS4-HMAC-SHA256"
        if authorization.hasPrefix(scheme + " ") {
            for part in authorization.dropFirst(scheme.count + 1).split(separator: ",") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                guard let equals = pair.firstIndex(of: "=") else { continue }
                fields[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
        }
        var incomplete: [String] = []
        for name in ["Credential", "Signature", "SignedHeaders"] where fields[name] == nil {
            incomplete.append("Authorization header requires '\(name)' parameter.")
        }
        if amzDate == nil { incomplete.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.") }
        if !incomplete.isEmpty {
            return .failure(.incompleteSignature(incomplete.joined(separator: " ") + " Authorization=" + authorization))
        }
        let credential = fields["Credential"]!.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard credential.count == 5, credential[4] == "aws4_request" else {
            return .failure(.incompleteSignature("Credential should be scoped to a valid region, service and aws4_request terminator."))
        }
        let (accessKeyId, scopeDate, scopeRegion, scopeService) = (credential[0], credential[1], credential[2], credential[3])
        guard let identity = credentials[accessKeyId] else { return .failure(.unrecognizedClient) }
        if let token = identity.sessionToken, header("x-amz-security-token").first != token { return .failure(.unrecognizedClient) }
        if let end = identity.expiresAtMillis, nowMillis >= end { return .failure(.expiredToken) }

        guard let amzDate, let signedAt = Self.parseAMZDate(amzDate) else {
            return .failure(.incompleteSignature("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""))
        }
        if scopeDate != String(amzDate.prefix(8)) {
            return .failure(
                .invalidSignature(
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scopeDate)' != '\(amzDate.prefix(8))', from '\(amzDate)'."
                )
            )
        }
        if scopeRegion != region { return .failure(.invalidSignature("Credential should be scoped to a valid region, not '\(scopeRegion)'. ")) }
        if scopeService != service { return .failure(.invalidSignature("Credential should be scoped to correct service: '\(service)'. ")) }
        if signedAt < nowMillis - Self.allowedSkewMillis {
            return .failure(
                .invalidSignature(
                    "Signature expired: \(amzDate) is now earlier than \(Self.formatAMZDate(nowMillis - Self.allowedSkewMillis)) (\(Self.formatAMZDate(nowMillis)) - 5 min.)"
                )
            )
        }
        if signedAt > nowMillis + Self.allowedSkewMillis {
            return .failure(
                .invalidSignature(
                    "Signature not yet current: \(amzDate) is still later than \(Self.formatAMZDate(nowMillis + Self.allowedSkewMillis)) (\(Self.formatAMZDate(nowMillis)) + 5 min.)"
                )
            )
        }

        let signedHeaders = fields["SignedHeaders"]!.split(separator: ";").map { $0.lowercased() }
        guard signedHeaders.contains("host") else {
            return .failure(.invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."))
        }
        var canonicalHeaders = ""
        for name in signedHeaders {
            let values = header(name).map(Self.trimmedHeaderValue)
            canonicalHeaders += name + ":" + values.joined(separator: ",") + "\n"
        }
        let payloadHash = header("x-amz-content-sha256").first ?? Self.hex(SHA256.hash(data: request.body))
        let canonicalRequest = [
            request.method,
            Self.canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(scopeDate)/\(scopeRegion)/\(scopeService)/aws4_request"
        let stringToSign = "\(scheme)\n\(amzDate)\n\(scope)\n\(Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))))"
        let signature = Self.signature(
            secret: identity.secretAccessKey,
            date: scopeDate,
            region: scopeRegion,
            service: scopeService,
            stringToSign: stringToSign
        )
        guard Self.constantTimeEqual(signature, fields["Signature"]!) else {
            return .failure(
                .invalidSignature(
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'\(canonicalRequest)'\n\nThe String-to-Sign should have been\n'\(stringToSign)'\n"
                )
            )
        }
        return .success(identity)
    }

    /// The signature's hex: HMAC-SHA256 of the string to sign with the key derived from the secret.
    static func signature(secret: String, date: String, region: String, service: String, stringToSign: String) -> String {
        func hmac(_ key: some ContiguousBytes, _ text: String) -> HashedAuthenticationCode<SHA256> {
            HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key))
        }
        let kDate = hmac(Array(("AWS4" + secret).utf8), date)
        let kRegion = hmac(kDate, region)
        let kService = hmac(kRegion, service)
        let kSigning = hmac(kService, "aws4_request")
        return hex(hmac(kSigning, stringToSign))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }

    /// A header value as signed: leading and trailing blanks removed, runs of blanks made one space.
    static func trimmedHeaderValue(_ value: String) -> String {
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
    static func uriEncode(_ text: String, keepSlash: Bool) -> String {
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
    /// (already encoded) path encoded once more, `/` kept.
    static func canonicalURI(_ path: String) -> String {
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
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        var pairs: [(name: String, value: String)] = []
        for (name, value) in query { pairs.append((uriEncode(name, keepSlash: false), uriEncode(value, keepSlash: false))) }
        pairs.sort { a, b in a.name == b.name ? a.value < b.value : a.name < b.name }
        var parts: [String] = []
        for pair in pairs { parts.append(pair.name + "=" + pair.value) }
        return parts.joined(separator: "&")
    }

    /// `yyyyMMdd'T'HHmmss'Z'` as epoch milliseconds.
    static func parseAMZDate(_ text: String) -> Int64? {
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

    static func formatAMZDate(_ millis: Int64) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }
}
