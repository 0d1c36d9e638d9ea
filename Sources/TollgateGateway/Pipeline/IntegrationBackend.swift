public import HTTPTypes
import TollgateAuth

/// What a Lambda function answered.
public enum LambdaResult: Sendable {
    /// The function's payload (JSON text as bytes).
    case success([UInt8])
    /// The function failed: Lambda's error object (`errorMessage`, `errorType`, …) as bytes.
    case failure([UInt8])
}

/// The request an HTTP integration sends.
public struct IntegrationHTTPRequest: Sendable {
    /// The HTTP method (the integration's `httpMethod`, or the request's for `ANY`).
    public var method: String
    /// The endpoint URI with path parameters and the query string filled in.
    public var uri: String
    /// The headers after the integration request's mappings.
    public var headers: HTTPFields
    /// The body after the integration request's template (or passed through).
    public var body: [UInt8]
    /// How long the backend has to answer (the integration's `timeoutInMillis`).
    public var timeoutInMillis: Int

    /// A request to `uri`.
    public init(method: String, uri: String, headers: HTTPFields = [:], body: [UInt8] = [], timeoutInMillis: Int = 29_000) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.timeoutInMillis = timeoutInMillis
    }
}

/// The backend's answer to an HTTP integration.
public struct IntegrationHTTPResponse: Sendable {
    /// The status code, which selects the integration response.
    public var status: Int
    /// The backend's headers, for `integration.response.header.X` mappings.
    public var headers: HTTPFields
    /// The body, for the integration response's template.
    public var body: [UInt8]

    /// An answer with `status`.
    public init(status: Int, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The request an `aws` integration sends to an AWS service other than Lambda (the `uri`'s
/// `arn:aws:apigateway:{region}:{service}:action/…` or `…:path/…`), before it has an endpoint and a
/// signature: the backend chooses the endpoint (``defaultHost`` on AWS), signs it with Signature
/// Version 4 for ``service`` and ``region``, and answers the service's status, headers and body.
public struct AWSServiceRequest: Sendable {
    /// The service as the URI names it (`dynamodb`, `states`, `sqs`, `s3`, …), which is also its
    /// endpoint prefix and signing name.
    public var service: String
    /// A subdomain before the service in the URI (`mybucket` in `mybucket.s3`), if any.
    public var subdomain: String?
    /// The region the URI names (what the request is signed for).
    public var region: String
    /// The action of an `action/` URI (also the query's first `Action` pair), nil for a `path/` URI.
    public var action: String?
    /// The HTTP method (the integration's `httpMethod`).
    public var method: String
    /// The path, percent-encoded, from `/`.
    public var path: String
    /// Query parameters, decoded, in order.
    public var query: [(name: String, value: String)]
    /// The headers after mapping, with `X-Amz-Target` and the protocol's content type where they apply.
    public var headers: HTTPFields
    /// The body after the integration request's template.
    public var body: [UInt8]
    /// How long the service has to answer (the integration's `timeoutInMillis`).
    public var timeoutInMillis: Int
    /// The integration's `credentials`: the role API Gateway would assume (Tollgate does not assume roles).
    public var credentials: String?

    /// A request to `service` in `region`.
    public init(
        service: String,
        subdomain: String? = nil,
        region: String,
        action: String? = nil,
        method: String,
        path: String = "/",
        query: [(name: String, value: String)] = [],
        headers: HTTPFields = [:],
        body: [UInt8] = [],
        timeoutInMillis: Int = 29_000,
        credentials: String? = nil
    ) {
        self.service = service
        self.subdomain = subdomain
        self.region = region
        self.action = action
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.timeoutInMillis = timeoutInMillis
        self.credentials = credentials
    }

    /// The service's public endpoint host for the region ("Service endpoints" in the AWS General
    /// Reference: `{service}.{region}.amazonaws.com`, `.amazonaws.com.cn` in China), the subdomain first.
    public var defaultHost: String {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return (subdomain.map { $0 + "." } ?? "") + "\(service).\(region).\(suffix)"
    }

    /// The query as sent: each name and value percent-encoded as Signature Version 4 encodes them.
    public var encodedQuery: String {
        query.map { SigV4.uriEncode($0.name, keepSlash: false) + "=" + SigV4.uriEncode($0.value, keepSlash: false) }.joined(separator: "&")
    }

    /// `https://{defaultHost}{path}?{query}`: where API Gateway sends it.
    public var defaultURI: String {
        "https://" + defaultHost + path + (query.isEmpty ? "" : "?" + encodedQuery)
    }
}

/// Why an integration call did not produce an answer.
public enum IntegrationError: Error, Sendable {
    /// The backend did not answer within `timeoutInMillis` (504 INTEGRATION_TIMEOUT).
    case timeout
    /// The backend could not be reached or broke the exchange (INTEGRATION_FAILURE).
    case failed(String)
    /// No backend is configured for this integration (500 API_CONFIGURATION_ERROR).
    case notConfigured(String)
}

/// The backends an embedding program provides: Lambda functions by name, and HTTP endpoints.
/// Mock integrations need none.
public protocol IntegrationBackend: Sendable {
    /// Invokes function `name` with `payload` (the mapped request, or the proxy event).
    func invokeLambda(_ name: String, payload: [UInt8], timeoutInMillis: Int) async throws(IntegrationError) -> LambdaResult
    /// Sends an HTTP integration request.
    func send(_ request: IntegrationHTTPRequest) async throws(IntegrationError) -> IntegrationHTTPResponse
    /// Calls an AWS service for an `aws` integration that is not a Lambda function. The default
    /// answers ``IntegrationError/notConfigured(_:)``.
    func callAWSService(_ request: AWSServiceRequest) async throws(IntegrationError) -> IntegrationHTTPResponse
}

extension IntegrationBackend {
    /// Fails with `notConfigured`: a backend that calls no AWS service.
    public func callAWSService(_ request: AWSServiceRequest) async throws(IntegrationError) -> IntegrationHTTPResponse {
        throw .notConfigured("no AWS service backend for \(request.service) \(request.action ?? request.path)")
    }
}

/// A backend made of Swift closures: functions by name, one HTTP handler and one AWS service handler.
public struct ClosureBackend: IntegrationBackend {
    /// A Lambda function: the event's bytes in, its result out.
    public typealias Function = @Sendable ([UInt8]) async throws(IntegrationError) -> LambdaResult
    /// An HTTP endpoint.
    public typealias HTTPHandler = @Sendable (IntegrationHTTPRequest) async throws(IntegrationError) -> IntegrationHTTPResponse
    /// The AWS services other than Lambda.
    public typealias AWSServiceHandler = @Sendable (AWSServiceRequest) async throws(IntegrationError) -> IntegrationHTTPResponse

    /// Functions by name (the name in an integration's or authorizer's URI).
    public var functions: [String: Function]
    /// What HTTP and HTTP_PROXY integrations call; nil answers them `notConfigured`.
    public var http: HTTPHandler?
    /// What AWS service integrations call; nil answers them `notConfigured`.
    public var aws: AWSServiceHandler?

    /// A backend of closures.
    public init(functions: [String: Function] = [:], http: HTTPHandler? = nil, aws: AWSServiceHandler? = nil) {
        self.functions = functions
        self.http = http
        self.aws = aws
    }

    /// Calls `aws`.
    public func callAWSService(_ request: AWSServiceRequest) async throws(IntegrationError) -> IntegrationHTTPResponse {
        guard let aws else { throw .notConfigured("no AWS service handler for \(request.service)") }
        return try await aws(request)
    }

    /// Calls the function named `name`; `notConfigured` when there is none.
    public func invokeLambda(_ name: String, payload: [UInt8], timeoutInMillis: Int) async throws(IntegrationError) -> LambdaResult {
        guard let function = functions[name] else { throw .notConfigured("no function named \(name)") }
        return try await function(payload)
    }

    /// Calls `http`.
    public func send(_ request: IntegrationHTTPRequest) async throws(IntegrationError) -> IntegrationHTTPResponse {
        guard let http else { throw .notConfigured("no HTTP backend for \(request.uri)") }
        return try await http(request)
    }
}
