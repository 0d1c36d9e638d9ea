import Crypto
import Foundation

/// A request as its signer saw it: what AWS Signature Version 4 signs.
public struct SignedRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The path as sent (percent-encoding intact), without the query.
    public var path: String
    /// Query parameters, decoded.
    public var query: [(name: String, value: String)]
    /// Header fields in order; names in any case.
    public var headers: [(name: String, value: String)]
    /// The body, whose SHA-256 the signature covers.
    public var body: [UInt8]

    /// A request as it was sent.
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
/// `execute-api` service does: the signature recomputed as ``SigV4`` defines it, with the
/// messages API Gateway answers for each way a signature fails. The request
/// time (`X-Amz-Date`) may be up to 5 minutes from the gateway's clock either way.
public struct SigV4Verifier: Sendable {
    /// The identities accepted, by access key id.
    public let credentials: [String: IAMCredential]
    /// The region the credential scope must name (the API's).
    public let region: String
    /// The service the credential scope must name (`execute-api` for API Gateway).
    public let service: String

    /// How far the request time may be from the gateway's clock.
    public static let allowedSkewMillis: Int64 = 5 * 60 * 1000

    /// A verifier accepting `credentials` for `service` in `region`.
    public init(credentials: [IAMCredential], region: String, service: String = "execute-api") {
        self.credentials = Dictionary(credentials.map { ($0.accessKeyId, $0) }, uniquingKeysWith: { $1 })
        self.region = region
        self.service = service
    }

    /// The identity that signed `request`, or why it is refused; `nowMillis` is the gateway's clock.
    public func verify(_ request: SignedRequest, nowMillis: Int64) -> Result<IAMCredential, SigV4Failure> {
        // Names lower-cased once; the parsing below is over bytes (Character-wise splitting and
        // Foundation's trimming were most of a verification's time).
        let lowered = request.headers.map { (name: $0.name.lowercased(), value: $0.value) }
        func header(_ name: String) -> [String] {
            lowered.compactMap { $0.name == name ? $0.value : nil }
        }
        guard let authorization = header("authorization").first else { return .failure(.missingAuthenticationToken) }
        let amzDate = header("x-amz-date").first
        // Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=…
        var fields: [String: String] = [:]
        let scheme = SigV4.algorithm
        if authorization.utf8.starts(with: (scheme + " ").utf8) {
            for part in authorization.utf8.dropFirst(scheme.utf8.count + 1).split(separator: UInt8(ascii: ",")) {
                let pair = SigV4.blankTrimmed(part)
                guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
                fields[String(Substring(pair[..<equals]))] = String(Substring(pair[pair.index(after: equals)...]))
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
        let credential = fields["Credential"]!.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
        guard credential.count == 5, credential[4] == "aws4_request" else {
            return .failure(.incompleteSignature("Credential should be scoped to a valid region, service and aws4_request terminator."))
        }
        let (accessKeyId, scopeDate, scopeRegion, scopeService) = (credential[0], credential[1], credential[2], credential[3])
        guard let identity = credentials[accessKeyId] else { return .failure(.unrecognizedClient) }
        if let token = identity.sessionToken, header("x-amz-security-token").first != token { return .failure(.unrecognizedClient) }
        if let end = identity.expiresAtMillis, nowMillis >= end { return .failure(.expiredToken) }

        guard let amzDate, let signedAt = SigV4.parseAMZDate(amzDate) else {
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
                    "Signature expired: \(amzDate) is now earlier than \(SigV4.formatAMZDate(nowMillis - Self.allowedSkewMillis)) (\(SigV4.formatAMZDate(nowMillis)) - 5 min.)"
                )
            )
        }
        if signedAt > nowMillis + Self.allowedSkewMillis {
            return .failure(
                .invalidSignature(
                    "Signature not yet current: \(amzDate) is still later than \(SigV4.formatAMZDate(nowMillis + Self.allowedSkewMillis)) (\(SigV4.formatAMZDate(nowMillis)) + 5 min.)"
                )
            )
        }

        let signedHeaders = fields["SignedHeaders"]!.utf8.split(separator: UInt8(ascii: ";")).map { String(Substring($0)).lowercased() }
        guard signedHeaders.contains("host") else {
            return .failure(.invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."))
        }
        let payloadHash = header("x-amz-content-sha256").first ?? SigV4.hex(SHA256.hash(data: request.body))
        let canonicalRequest = SigV4.canonicalRequest(
            request,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash,
            normalizePath: service != "s3"
        )
        let scope = "\(scopeDate)/\(scopeRegion)/\(scopeService)/aws4_request"
        let stringToSign = SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonicalRequest)
        let signature = SigV4.signature(
            secret: identity.secretAccessKey,
            date: scopeDate,
            region: scopeRegion,
            service: scopeService,
            stringToSign: stringToSign
        )
        guard SigV4.constantTimeEqual(signature, fields["Signature"]!) else {
            return .failure(
                .invalidSignature(
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'\(canonicalRequest)'\n\nThe String-to-Sign should have been\n'\(stringToSign)'\n"
                )
            )
        }
        return .success(identity)
    }
}
