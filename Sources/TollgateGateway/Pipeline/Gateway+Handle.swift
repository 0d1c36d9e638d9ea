public import HTTPTypes
import TollgateJSON
import TollgateJSONSchema

/// The response to one request, its access log entry when the stage has a format, and the execution
/// log when it was asked for.
public struct GatewayResult: Sendable {
    /// What the client gets.
    public var response: GatewayResponse
    /// API Gateway's console test log (docs/behaviour.md §0 steps, before and after each transformation); empty unless requested.
    public var log: [String]
    /// The request's line in the access log (``Stage/accessLogFormat``), nil when the stage has no format.
    public var accessLog: String?

    /// A result of `response`, with its execution log and access log entry.
    public init(response: GatewayResponse, log: [String] = [], accessLog: String? = nil) {
        self.response = response
        self.log = log
        self.accessLog = accessLog
    }
}

extension Gateway {
    /// API Gateway's payload limit (docs/behaviour.md §1): larger requests get 413.
    public static let maxPayloadBytes = 10 * 1024 * 1024

    /// Runs `request` through the pipeline (docs/behaviour.md §0): route, API key, throttle, validation, integration
    /// request, integration, integration response; every failure becomes a gateway response (docs/behaviour.md §9).
    public func handle(_ request: GatewayRequest, context: InvocationContext, log: Bool = false) async -> GatewayResult {
        let exchange = Exchange(gateway: self, request: request, context: context, logging: log)
        var response = await exchange.run()
        if exchange.trace.cacheWarning {
            // Our wording: AWS's text for SUCCEED_WITH_RESPONSE_HEADER is not documented.
            response.headers.append(
                HTTPField(name: .warning, value: #"199 - "Cache-Control: max-age=0 ignored: the caller is not authorized to invalidate the cache""#)
            )
        }
        let latency = Exchange.elapsedMilliseconds(since: exchange.started)
        // The whole request's time, as the console's test shows it beside the log ("Latency").
        exchange.note("Latency: \(Int(latency)) ms")
        (exchange.method?.metrics ?? storage.unmatchedMetrics).record(
            status: response.status.code,
            latency: latency,
            integrationLatency: exchange.trace.integrationDuration,
            cacheHit: exchange.trace.cacheHit
        )
        let entry = stage.accessLogFormat.map { exchange.accessLogEntry($0, response: response, latency: Int(latency)) }
        return GatewayResult(response: response, log: exchange.logBuffer?.lines ?? [], accessLog: entry)
    }
}

/// A failure that ends the pipeline with a gateway response.
struct GatewayFailure: Error {
    let type: GatewayResponseType
    var message: String?
    /// What `$context.error.validationErrorString` says, worked out only when a gateway response reads it.
    var validation: ValidationDetail = .text("")
    /// `x-amzn-ErrorType` when it is not the type's own (SigV4's IncompleteSignatureException, …).
    var errorType: String?

    init(_ type: GatewayResponseType, _ message: String? = nil, validationErrorString: String = "", errorType: String? = nil) {
        self.type = type
        self.message = message ?? type.defaultMessage
        self.validation = .text(validationErrorString)
        self.errorType = errorType
    }

    init(_ type: GatewayResponseType, validation: ValidationDetail) {
        self.init(type)
        self.validation = validation
    }

    /// `$context.error.validationErrorString`.
    var validationErrorString: String { validation.text }
}

/// The messages of a body that failed its model, as text, or as the model and body to build them from
/// when asked: building fge's message for every failing element of a large body costs far more than
/// the verdict (a 9.4 MB array of numbers took seconds and gigabytes), and the default response
/// does not show them.
enum ValidationDetail {
    case text(String)
    case report(JSONSchema, body: [UInt8])

    var text: String {
        switch self {
        case .text(let text): text
        case .report(let schema, let body): (try? JSONValue(parsing: body)).map { schema.validate($0).validationErrorString } ?? "[]"
        }
    }
}

/// Lines of an execution log.
final class LogBuffer {
    var lines: [String] = []
}

extension Gateway {
    /// The 413 REQUEST_TOO_LARGE response for a request whose body a server stopped reading past
    /// ``maxPayloadBytes`` (docs/behaviour.md §1).
    public func tooLarge(_ request: GatewayRequest, context: InvocationContext) -> GatewayResponse {
        Exchange(gateway: self, request: request, context: context, logging: false).gatewayResponse(GatewayFailure(.requestTooLarge))
    }

    /// The answer to a body that cannot be read (a malformed chunked encoding, a connection closed
    /// mid-body): 400, before any API logic, as a front end answers a request it cannot parse. Only a
    /// body over the limit is ``tooLarge(_:context:)``.
    public static func unreadableBody() -> GatewayResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return GatewayResponse(status: .badRequest, headers: headers, body: Array(#"{"message":"Bad Request"}"#.utf8))
    }

    /// Whether a resource and method of this API match (what a middleware checks before taking a request).
    public func matches(method: HTTPRequest.Method, path: String) -> Bool {
        guard let match = router.match(path) else { return false }
        let methods = resources[match.resource].methods
        return methods[method.rawValue] != nil || methods["ANY"] != nil
    }

    /// `METHOD /path` for every method of every resource, sorted: what a server prints when it starts.
    public var routes: [String] {
        resources.flatMap { resource in resource.methods.keys.map { "\($0) \(resource.path)" } }.sorted()
    }
}
