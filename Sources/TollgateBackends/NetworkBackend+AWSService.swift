import Foundation
import HTTPTypes
import TollgateAuth
public import TollgateGateway

extension NetworkBackend {
    /// Sends `request` to its service's endpoint (``AWSServiceAccess/endpoint(for:)``, else the public one),
    /// signed with Signature Version 4 for the service and the URI's region, and answers what the service
    /// answered. On an endpoint of its own, a virtual-hosted S3 subdomain (`bucket.s3`) goes path-style.
    public func callAWSService(_ request: AWSServiceRequest) async throws(IntegrationError) -> IntegrationHTTPResponse {
        try await send(try signedRequest(request, nowMillis: Int64((Date().timeIntervalSince1970 * 1000).rounded())))
    }

    /// The HTTP request ``callAWSService(_:)`` sends for `request` at `nowMillis`: its endpoint URL and
    /// `Host`, and the Signature Version 4 headers. No network.
    public func signedRequest(_ request: AWSServiceRequest, nowMillis: Int64) throws(IntegrationError) -> IntegrationHTTPRequest {
        let credential: IAMCredential
        switch aws.credentials {
        case .success(let found): credential = found
        case .failure(let problem): throw .notConfigured(problem.description)
        }
        let base: String
        var path = request.path
        if let endpoint = aws.endpoint(for: request.service) {
            base = endpoint
            if request.service == "s3", let bucket = request.subdomain { path = "/" + bucket + path }
        } else {
            base = "https://" + request.defaultHost
        }
        guard let (scheme, authority, basePath) = Self.split(base) else {
            throw .notConfigured("the endpoint for \(request.service) is not an http(s) URL: \(base)")
        }
        path = basePath + path
        var headers: [(name: String, value: String)] = [("Host", authority)]
        for field in request.headers where field.name.canonicalName != "host" { headers.append((field.name.rawName, field.value)) }
        let signed = SignedRequest(method: request.method, path: path, query: request.query, headers: headers, body: request.body)
        let signer = SigV4Signer(credential: credential, region: request.region, service: Self.signingName(request.service))
        headers += signer.sign(signed, nowMillis: nowMillis)
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let query = request.query.isEmpty ? "" : "?" + request.encodedQuery
        return IntegrationHTTPRequest(
            method: request.method,
            uri: "\(scheme)://\(authority)\(path)\(query)",
            headers: fields,
            body: request.body,
            timeoutInMillis: request.timeoutInMillis
        )
    }

    /// `scheme://authority/path` as its scheme (http or https), authority and path (without a final
    /// `/`); nil for anything else. By hand: Foundation's URL parsing cost more than the signature.
    static func split(_ url: String) -> (scheme: String, authority: String, path: String)? {
        let scheme: String
        if url.hasPrefix("http://") {
            scheme = "http"
        } else if url.hasPrefix("https://") {
            scheme = "https"
        } else {
            return nil
        }
        let rest = url.dropFirst(scheme.count + 3)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<slash])
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        guard !authority.isEmpty, !authority.contains(where: { $0 == "?" || $0 == "#" || $0 == " " || $0 == "@" }) else { return nil }
        return (scheme, authority, path)
    }

    /// The name a service signs with, where it differs from its name in the URI.
    static func signingName(_ service: String) -> String {
        service == "appsync-api" ? "appsync" : service
    }
}
