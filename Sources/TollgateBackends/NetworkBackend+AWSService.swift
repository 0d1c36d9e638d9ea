import Foundation
import HTTPTypes
import TollgateAuth
public import TollgateGateway

extension NetworkBackend {
    /// Sends `request` to its service's endpoint (``AWSServiceAccess/endpoint(for:)``, else the public one),
    /// signed with Signature Version 4 for the service and the URI's region, and answers what the service
    /// answered. On an endpoint of its own, a virtual-hosted S3 subdomain (`bucket.s3`) goes path-style.
    public func callAWSService(_ request: AWSServiceRequest) async throws(IntegrationError) -> IntegrationHTTPResponse {
        let credential: IAMCredential
        switch aws.credentials {
        case .success(let found): credential = found
        case .failure(let problem): throw .notConfigured(problem.description)
        }
        let base: String
        var path = request.path
        if let endpoint = aws.endpoint(for: request.service) {
            base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            if request.service == "s3", let bucket = request.subdomain { path = "/" + bucket + path }
        } else {
            base = "https://" + request.defaultHost
        }
        guard let url = URLComponents(string: base), let scheme = url.scheme, let host = url.host, scheme == "http" || scheme == "https"
        else { throw .notConfigured("the endpoint for \(request.service) is not an http(s) URL: \(base)") }
        let authority = url.port.map { "\(host):\($0)" } ?? host
        path = url.percentEncodedPath + path
        var headers: [(name: String, value: String)] = [("Host", authority)]
        for field in request.headers where field.name.canonicalName != "host" { headers.append((field.name.rawName, field.value)) }
        let signed = SignedRequest(method: request.method, path: path, query: request.query, headers: headers, body: request.body)
        let signer = SigV4Signer(credential: credential, region: request.region, service: Self.signingName(request.service))
        headers += signer.sign(signed, nowMillis: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let query = request.query.isEmpty ? "" : "?" + request.encodedQuery
        return try await send(
            IntegrationHTTPRequest(
                method: request.method,
                uri: "\(scheme)://\(authority)\(path)\(query)",
                headers: fields,
                body: request.body,
                timeoutInMillis: request.timeoutInMillis
            )
        )
    }

    /// The name a service signs with, where it differs from its name in the URI.
    static func signingName(_ service: String) -> String {
        service == "appsync-api" ? "appsync" : service
    }
}
