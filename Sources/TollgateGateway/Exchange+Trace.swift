import HTTPTypes
import TollgateJSON

/// What happened to one request, for the variables only access logs have (`$context.status`,
/// `integrationLatency`, `authorizer.latency`, …) and for the metrics: timings in whole milliseconds,
/// statuses as API Gateway writes them.
struct ExchangeTrace {
    /// The failure that ended the pipeline with a gateway response.
    var failure: GatewayFailure?
    /// The integration call's milliseconds, when one was made.
    var integrationDuration: Double?
    /// The same in whole milliseconds, as logs write it.
    var integrationLatency: Int? { integrationDuration.map { Int($0) } }
    /// `$context.integration.status`: the backend's status (a Lambda proxy function's `statusCode`).
    var integrationStatus: String?
    /// `$context.integrationStatus`: the status the service answered with (AWS Lambda's, not the function's).
    var integrationServiceStatus: String?
    /// `$context.integration.error`.
    var integrationError: String?
    /// The whole authorization step (policy, signature, authorizer), when the method has one.
    var authorizeLatency: Int?
    /// The Lambda or Cognito authorizer, when one ran (or its cached result was used).
    var authorizer: AuthorizerTrace?
    /// Whether the stage cache answered (nil: the method does not cache, or no lookup was made).
    var cacheHit: Bool?
    /// A `Cache-Control: max-age=0` was ignored and the response says so.
    var cacheWarning = false

    struct AuthorizerTrace {
        var latency = 0
        /// `$context.authorizer.status`: 200 when it allowed, else the status of the refusal.
        var status: Int?
        /// The authorizer function's invocation (not made when the result was cached).
        var integrationLatency: Int?
        var integrationStatus: String?
        var error: String?
    }
}

extension Exchange {
    /// Milliseconds since `start`, with their fraction (what metrics record).
    static func elapsedMilliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    /// Whole milliseconds since `start`, as API Gateway's logs write latencies.
    static func milliseconds(since start: ContinuousClock.Instant) -> Int { Int(elapsedMilliseconds(since: start)) }

    /// Calls the integration, timing it (`$context.integrationLatency`) and turning its error into the
    /// gateway response it causes.
    func integrationCall<T>(_ call: () async throws(IntegrationError) -> T) async throws(GatewayFailure) -> T {
        let start = ContinuousClock.now
        do {
            let value = try await call()
            trace.integrationDuration = Self.elapsedMilliseconds(since: start)
            return value
        } catch {
            trace.integrationDuration = Self.elapsedMilliseconds(since: start)
            trace.integrationError = Self.integrationErrorText(error)
            throw failure(error)
        }
    }

    /// `$context.integration.error`: the reason an integration call failed.
    static func integrationErrorText(_ error: IntegrationError) -> String {
        switch error {
        case .timeout: "Execution failed due to a timeout error"
        case .failed(let reason): reason
        case .notConfigured(let reason): reason
        }
    }

    /// Records the integration's answer, with the execution log's line for it.
    func noteIntegrationStatus(_ status: Int, service: Int? = nil) {
        trace.integrationStatus = String(status)
        trace.integrationServiceStatus = String(service ?? status)
        note("Received response. Status: \(service ?? status), Integration latency: \(trace.integrationLatency ?? 0) ms")
    }

    /// The authorization step, timed (`$context.authorize.latency`, and the authorizer's outcome).
    func timedAuthorization(_ method: CompiledMethod) async throws(GatewayFailure) {
        if case .none = method.method.authorization, gateway.storage.resourcePolicy == nil { return }
        let start = ContinuousClock.now
        defer { trace.authorizeLatency = Self.milliseconds(since: start) }
        do {
            try await authorize(method)
            if trace.authorizer != nil {
                trace.authorizer!.latency = Self.milliseconds(since: start)
                trace.authorizer!.status = 200
            }
        } catch {
            if trace.authorizer != nil {
                trace.authorizer!.latency = Self.milliseconds(since: start)
                trace.authorizer!.status = statusFor(error.type)
                trace.authorizer!.error = error.message
            }
            throw error
        }
    }

    /// The access log entry for this request, answered with `response` after `latency` milliseconds.
    func accessLogEntry(_ format: AccessLogFormat, response: GatewayResponse, latency: Int) -> String {
        var context: JSONValue?
        return format.render { name in
            if let value = accessLogValue(name, response: response, latency: latency) { return value }
            if context == nil { context = .object(contextObject(method)) }
            return Self.text(at: name, in: context!)
        }
    }

    /// The value of a variable only access logs have ("Variables for access logging for API Gateway"),
    /// or nil for one of those without a value or for a variable templates see too.
    func accessLogValue(_ name: String, response: GatewayResponse, latency: Int) -> String? {
        let failure = trace.failure
        switch name {
        case "status": return String(response.status.code)
        case "responseLength": return String(response.body.count)
        case "responseLatency": return String(latency)
        case "integrationLatency", "integration.latency": return trace.integrationLatency.map(String.init)
        case "integrationStatus", "integration.integrationStatus": return trace.integrationServiceStatus
        case "integration.status": return trace.integrationStatus
        case "integration.error": return trace.integrationError
        case "error.message": return failure?.message
        case "error.messageString": return failure.map { "\"\($0.message ?? "")\"" }
        case "error.responseType": return failure?.type.rawValue
        case "error.validationErrorString": return failure.flatMap { $0.validationErrorString.isEmpty ? nil : $0.validationErrorString }
        case "authorize.latency": return trace.authorizeLatency.map(String.init)
        case "authorize.status":
            guard trace.authorizeLatency != nil else { return nil }
            return failure.map { String(statusFor($0.type)) } ?? "200"
        case "authorize.error": return trace.authorizeLatency != nil ? failure?.message : nil
        case "authorizer.latency": return trace.authorizer.map { String($0.latency) }
        case "authorizer.status": return trace.authorizer?.status.map(String.init)
        case "authorizer.integrationLatency": return trace.authorizer?.integrationLatency.map(String.init)
        case "authorizer.integrationStatus": return trace.authorizer?.integrationStatus
        case "authorizer.error": return trace.authorizer?.error
        default: return nil
        }
    }

    /// The text of the member at a dotted `path` (`identity.sourceIp`): strings as they are, numbers and
    /// booleans as written; nil for a missing member, null, an object or an array.
    static func text(at path: String, in value: JSONValue) -> String? {
        var current = value
        for name in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let object) = current, let member = object[String(name)] else { return nil }
            current = member
        }
        switch current {
        case .string(let text): return text
        case .number, .bool: return current.serialized()
        default: return nil
        }
    }
}
