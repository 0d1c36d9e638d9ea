import HTTPTypes

/// Headers API Gateway does not pass on as they are: hop-by-hop and framing headers a request loses
/// before any integration sees it, and integration response headers it drops or renames to
/// `x-amzn-Remapped-<name>` ("Amazon API Gateway important notes", REST APIs: the headers that "may be
/// remapped to `x-amzn-Remapped-HEADER` when sent to your integration endpoint or sent back by your
/// integration endpoint"; which ones, per integration type, as recorded on AWS in LocalStack's
/// test_apigateway_common and test_apigateway_http snapshots).
enum ReservedHeaders {
    /// Never reach an integration, proxy or not (nor the proxy event).
    static let droppedFromRequest: Set<String> = [
        "connection", "content-length", "content-md5", "expect", "max-forwards", "proxy-authenticate", "server", "te",
        "transfer-encoding", "trailer", "upgrade", "www-authenticate",
    ]

    /// Dropped from what a proxy integration answers.
    static let droppedFromProxyResponse: Set<String> = ["transfer-encoding"]
    /// HTTP_PROXY loses these too (the gateway re-encodes and re-routes the body).
    static let droppedFromHTTPProxyResponse: Set<String> = ["transfer-encoding", "content-encoding", "via"]

    /// Renamed `x-amzn-Remapped-<name>` in a proxy integration's answer.
    static let remappedFromResponse: [String] = ["Connection", "Content-Length", "Date", "Server"]

    /// Headers a parameter mapping may not set: a method whose `requestParameters` or `responseParameters`
    /// target one answers 500 when it runs (the definition still loads, as on AWS). Framing and
    /// hop-by-hop headers everywhere, `Authorization` on the response side. Which headers besides the
    /// framing ones is not documented; this list is the project's choice.
    static let refusedRequestTargets: Set<String> = [
        "connection", "content-length", "expect", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade",
    ]
    static let refusedResponseTargets: Set<String> = refusedRequestTargets.union(["authorization"])

    /// `fields` without the request headers no integration receives.
    static func request(_ fields: HTTPFields) -> HTTPFields {
        guard fields.contains(where: { droppedFromRequest.contains($0.name.canonicalName) }) else { return fields }
        return HTTPFields(fields.filter { !droppedFromRequest.contains($0.name.canonicalName) })
    }

    /// A proxy integration's response headers as the client gets them: some dropped, some remapped.
    static func response(_ fields: HTTPFields, httpProxy: Bool) -> HTTPFields {
        let dropped = httpProxy ? droppedFromHTTPProxyResponse : droppedFromProxyResponse
        var out = HTTPFields()
        out.reserveCapacity(fields.count)
        for field in fields {
            let name = field.name.canonicalName
            if dropped.contains(name) { continue }
            if let remapped = remappedFromResponse.first(where: { $0.lowercased() == name }),
                let renamed = HTTPField.Name("x-amzn-Remapped-" + remapped)
            {
                out.append(HTTPField(name: renamed, value: field.value))
            } else {
                out.append(field)
            }
        }
        return out
    }
}
