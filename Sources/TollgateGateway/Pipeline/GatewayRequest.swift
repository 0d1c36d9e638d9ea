import Foundation
public import HTTPTypes
import TollgateVTL

/// A request as the client sent it.
public struct GatewayRequest: Sendable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path without the stage and without the query (`/orders/7`), percent-decoded per segment by the router.
    public var path: String
    /// Query parameters in order; a repeated name appears once per value.
    public var query: [(name: String, value: String)]
    /// The request's headers as sent.
    public var headers: HTTPFields
    /// The body's bytes (at most Gateway/maxPayloadBytes are served).
    public var body: [UInt8]
    /// The request's authority (HTTP/1's `Host`) when a server keeps it apart from the headers, as
    /// HTTPTypes does; what SigV4 signs as `host`.
    public var authority: String?

    /// A request for `path` (no query string: see `init(method:target:headers:body:)`).
    public init(
        method: HTTPRequest.Method,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: HTTPFields = [:],
        body: [UInt8] = [],
        authority: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.authority = authority
    }

    /// A request for a target as it came on the request line, such as `/orders?type=STOCK&x=a%20b`
    /// (`+` and `%XX` decoded in the query; the path's segments are decoded by the router). The
    /// server adapters build every request through this, so they read a query the same way.
    public init(
        method: HTTPRequest.Method,
        target: String,
        headers: HTTPFields = [:],
        body: [UInt8] = [],
        authority: String? = nil
    ) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [(name: String, value: String)] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((formDecode(kv[0]), kv.count == 2 ? formDecode(kv[1]) : ""))
            }
        }
        self.init(method: method, path: String(parts[0]), query: query, headers: headers, body: body, authority: authority)
    }
}

extension HTTPFields {
    /// Headers from a server's own header type, as name/value pairs in the order received. A name
    /// HTTP does not allow (which an HTTP/1 parser should have refused) is left out.
    public init(headerPairs: some Sequence<(name: String, value: String)>) {
        self.init()
        for (name, value) in headerPairs {
            if let field = HTTPField.Name(name) { append(HTTPField(name: field, value: value)) }
        }
    }
}

/// `application/x-www-form-urlencoded` decoding of a query component; a malformed escape stays as written.
func formDecode(_ text: Substring) -> String {
    percentDecode(text, plusIsSpace: true)
}

func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String {
    URLEncoding.percentDecode(text, plusIsSpace: plusIsSpace, strict: false) ?? String(text)
}

/// A response to send back to the client.
public struct GatewayResponse: Sendable {
    /// The status and reason phrase.
    public var status: HTTPResponse.Status
    /// The response's headers, `x-amzn-RequestId` among them.
    public var headers: HTTPFields
    /// The body's bytes.
    public var body: [UInt8]

    /// A response of `status`.
    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// What the gateway knows about a request beyond the request itself.
public struct InvocationContext: Sendable {
    /// `$context.requestId` (and `x-amzn-RequestId`).
    public var requestId: String
    /// The time the request arrived, in milliseconds since the epoch (`$context.requestTimeEpoch`).
    public var timeEpochMillis: Int64
    /// `$context.identity.sourceIp`.
    public var sourceIP: String
    /// Monotonic nanoseconds for the rate limiter (any origin, never going back).
    public var monotonicNanoseconds: Int64

    /// `$context.extendedRequestId`: an id of API Gateway's own, distinct from the (client-settable)
    /// request id; 16 base64 characters as AWS writes them (`LgVX2F3hoAMFvzQ=`), made from the request id.
    public var extendedRequestId: String {
        var a: UInt64 = 14_695_981_039_346_656_037
        var b: UInt64 = 1_099_511_628_211 &* 31
        for byte in requestId.utf8 {
            a = (a ^ UInt64(byte)) &* 1_099_511_628_211
            b = (b ^ UInt64(byte)) &* 14_029_467_366_897_019_727
        }
        var bytes: [UInt8] = []
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: a >> UInt64(shift))) }
        for shift in stride(from: 56, through: 40, by: -8) { bytes.append(UInt8(truncatingIfNeeded: b >> UInt64(shift))) }
        return Base64Coding.encode(bytes)
    }

    /// The context of a request that arrived at `timeEpochMillis` from `sourceIP`; the monotonic clock defaults to the epoch time.
    public init(requestId: String, timeEpochMillis: Int64, sourceIP: String = "127.0.0.1", monotonicNanoseconds: Int64? = nil) {
        self.requestId = requestId
        self.timeEpochMillis = timeEpochMillis
        self.sourceIP = sourceIP
        self.monotonicNanoseconds = monotonicNanoseconds ?? timeEpochMillis &* 1_000_000
    }
}

extension HTTPResponse.Status {
    /// A status with its standard reason phrase (RFC 9110 and the IANA registry), empty for unregistered codes.
    init(standardCode code: Int) {
        self.init(code: code, reasonPhrase: Self.reasonPhrases[code] ?? "")
    }

    static let reasonPhrases: [Int: String] = [
        100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
        204: "No Content", 205: "Reset Content", 206: "Partial Content", 300: "Multiple Choices", 301: "Moved Permanently", 302: "Found",
        303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
        402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
        407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required",
        412: "Precondition Failed", 413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
        417: "Expectation Failed", 418: "I'm a teapot", 421: "Misdirected Request", 422: "Unprocessable Content", 425: "Too Early",
        426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
        451: "Unavailable For Legal Reasons", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
        503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}
