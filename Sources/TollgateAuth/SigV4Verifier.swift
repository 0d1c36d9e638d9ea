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
        let days: Int64 = daysFromCivil(year, month, day)
        let minutes: Int64 = (days * 24 + hour) * 60 + minute
        return minutes * 60_000 + second * 1000
    }

    static func formatAMZDate(_ millis: Int64) -> String {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (y, m, d) = civilFromDays(days)
        let rest = seconds - days * 86_400
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)\(two(m))\(two(d))T\(two(rest / 3600))\(two(rest / 60 % 60))\(two(rest % 60))Z"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let shifted: Int64 = month > 2 ? month - 3 : month + 9
        let doy: Int64 = (153 * shifted + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
