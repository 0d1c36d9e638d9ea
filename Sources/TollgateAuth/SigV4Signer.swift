import Crypto

/// Signs requests with AWS Signature Version 4 (``SigV4``), as the AWS SDKs do for a service call:
/// every header the request carries is signed but those a proxy may change (`User-Agent`, `Expect`,
/// `X-Amzn-Trace-Id`, `Content-Length`, `Transfer-Encoding`), with `X-Amz-Date`, the session token
/// (`X-Amz-Security-Token`) and, for S3, `X-Amz-Content-SHA256` added ("Authenticating Requests:
/// Using the Authorization Header" in the S3 API reference requires it and signs the path as sent).
public struct SigV4Signer: Sendable {
    /// Who signs.
    public var credential: IAMCredential
    /// The region of the credential scope.
    public var region: String
    /// The signing name: the service's name in its endpoint (`dynamodb`, `states`, `s3`, …).
    public var service: String

    /// A signer for `service` in `region` with `credential`.
    public init(credential: IAMCredential, region: String, service: String) {
        self.credential = credential
        self.region = region
        self.service = service
    }

    /// Headers not signed: those a hop may add or change.
    static let unsigned: Set<String> = ["user-agent", "expect", "x-amzn-trace-id", "content-length", "transfer-encoding", "authorization"]

    /// Headers the signer sets.
    static let owned: Set<String> = ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]

    /// The headers to add to `request` (whose headers must include `Host`, and not the ones the signer
    /// sets) to sign it at `nowMillis`:
    /// `X-Amz-Date`, `X-Amz-Security-Token` with temporary credentials, `X-Amz-Content-SHA256` for S3,
    /// and `Authorization`.
    public func sign(_ request: SignedRequest, nowMillis: Int64) -> [(name: String, value: String)] {
        let amzDate = SigV4.formatAMZDate(nowMillis)
        var added: [(name: String, value: String)] = [("X-Amz-Date", amzDate)]
        if let token = credential.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        let payloadHash = SigV4.hex(SHA256.hash(data: request.body))
        if service == "s3" { added.append(("X-Amz-Content-SHA256", payloadHash)) }
        var signing = request
        // The signer owns these: a stale copy would be signed beside the new one.
        signing.headers.removeAll { Self.owned.contains($0.name.lowercased()) }
        signing.headers += added
        let signedHeaders = Set(signing.headers.map { $0.name.lowercased() }).subtracting(Self.unsigned).sorted()
        let canonicalRequest = SigV4.canonicalRequest(signing, signedHeaders: signedHeaders, payloadHash: payloadHash, normalizePath: service != "s3")
        let date = String(amzDate.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let signature = SigV4.signature(
            secret: credential.secretAccessKey,
            date: date,
            region: region,
            service: service,
            stringToSign: SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonicalRequest)
        )
        added.append(
            (
                "Authorization",
                "\(SigV4.algorithm) Credential=\(credential.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
            )
        )
        return added
    }
}
