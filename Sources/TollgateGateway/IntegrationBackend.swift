public import HTTPTypes

/// What a Lambda function answered.
public enum LambdaResult: Sendable {
    /// The function's payload (JSON text as bytes).
    case success([UInt8])
    /// The function failed: Lambda's error object (`errorMessage`, `errorType`, …) as bytes.
    case failure([UInt8])
}

/// The request an HTTP integration sends.
public struct IntegrationHTTPRequest: Sendable {
    public var method: String
    /// The endpoint URI with path parameters and the query string filled in.
    public var uri: String
    public var headers: HTTPFields
    public var body: [UInt8]
    public var timeoutInMillis: Int

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
    public var status: Int
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(status: Int, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
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
}

/// A backend made of Swift closures: functions by name and one HTTP handler.
public struct ClosureBackend: IntegrationBackend {
    public typealias Function = @Sendable ([UInt8]) async throws(IntegrationError) -> LambdaResult
    public typealias HTTPHandler = @Sendable (IntegrationHTTPRequest) async throws(IntegrationError) -> IntegrationHTTPResponse

    public var functions: [String: Function]
    public var http: HTTPHandler?

    public init(functions: [String: Function] = [:], http: HTTPHandler? = nil) {
        self.functions = functions
        self.http = http
    }

    public func invokeLambda(_ name: String, payload: [UInt8], timeoutInMillis: Int) async throws(IntegrationError) -> LambdaResult {
        guard let function = functions[name] else { throw .notConfigured("no function named \(name)") }
        return try await function(payload)
    }

    public func send(_ request: IntegrationHTTPRequest) async throws(IntegrationError) -> IntegrationHTTPResponse {
        guard let http else { throw .notConfigured("no HTTP backend for \(request.uri)") }
        return try await http(request)
    }
}
