public import HTTPTypes

/// A request as the client sent it.
public struct GatewayRequest: Sendable {
    public var method: HTTPRequest.Method
    /// The path without the stage and without the query (`/orders/7`), percent-decoded per segment by the router.
    public var path: String
    /// Query parameters in order; a repeated name appears once per value.
    public var query: [(name: String, value: String)]
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(method: HTTPRequest.Method, path: String, query: [(name: String, value: String)] = [], headers: HTTPFields = [:], body: [UInt8] = [])
    {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A request for a target such as `/orders?type=STOCK&x=a%20b` (`+` and `%XX` decoded in the query).
    public init(method: HTTPRequest.Method, target: String, headers: HTTPFields = [:], body: [UInt8] = []) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [(name: String, value: String)] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((formDecode(kv[0]), kv.count == 2 ? formDecode(kv[1]) : ""))
            }
        }
        self.init(method: method, path: String(parts[0]), query: query, headers: headers, body: body)
    }
}

/// `application/x-www-form-urlencoded` decoding of a query component; a malformed escape stays as written.
func formDecode(_ text: Substring) -> String {
    percentDecode(text, plusIsSpace: true)
}

func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else { return String(text) }
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    var i = 0
    func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - 55
        default: nil
        }
    }
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
            out.append(h << 4 | l)
            i += 3
        } else {
            out.append(plusIsSpace && bytes[i] == UInt8(ascii: "+") ? 0x20 : bytes[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// A response to send back to the client.
public struct GatewayResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// What the gateway knows about a request beyond the request itself.
public struct RequestContext: Sendable {
    /// `$context.requestId` (and `x-amzn-RequestId`).
    public var requestId: String
    /// The time the request arrived, in milliseconds since the epoch (`$context.requestTimeEpoch`).
    public var timeEpochMillis: Int64
    /// `$context.identity.sourceIp`.
    public var sourceIP: String
    /// Monotonic nanoseconds for the rate limiter (any origin, never going back).
    public var monotonicNanoseconds: Int64

    public init(requestId: String, timeEpochMillis: Int64, sourceIP: String = "127.0.0.1", monotonicNanoseconds: Int64? = nil) {
        self.requestId = requestId
        self.timeEpochMillis = timeEpochMillis
        self.sourceIP = sourceIP
        self.monotonicNanoseconds = monotonicNanoseconds ?? timeEpochMillis &* 1_000_000
    }
}
