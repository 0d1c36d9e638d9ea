import HTTPTypes
import TollgateAuth
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
        return format.entry { name, variable in
            if variable != .context { return accessLogValue(variable, response: response, latency: latency) }
            if context == nil { context = .object(contextObject(method)) }
            return Self.text(at: name, in: context!)
        }
    }

    /// The value of a variable only access logs have ("Variables for access logging for API Gateway"),
    /// or of a `$context` variable every preset writes; nil for one without a value.
    func accessLogValue(_ variable: AccessLogVariable, response: GatewayResponse, latency: Int) -> String? {
        let failure = trace.failure
        switch variable {
        case .status: return String(response.status.code)
        case .responseLength: return String(response.body.count)
        case .responseLatency: return String(latency)
        case .integrationLatency: return trace.integrationLatency.map(String.init)
        case .integrationServiceStatus: return trace.integrationServiceStatus
        case .integrationStatus: return trace.integrationStatus
        case .integrationError: return trace.integrationError
        case .errorMessage: return failure?.message
        case .errorMessageString: return failure.map { "\"\($0.message ?? "")\"" }
        case .errorResponseType: return failure?.type.rawValue
        case .errorValidationErrorString: return failure.flatMap { $0.validationErrorString.isEmpty ? nil : $0.validationErrorString }
        case .authorizeLatency: return trace.authorizeLatency.map(String.init)
        case .authorizeStatus:
            guard trace.authorizeLatency != nil else { return nil }
            return failure.map { String(statusFor($0.type)) } ?? "200"
        case .authorizeError: return trace.authorizeLatency != nil ? failure?.message : nil
        case .authorizerLatency: return trace.authorizer.map { String($0.latency) }
        case .authorizerStatus: return trace.authorizer?.status.map(String.init)
        case .authorizerIntegrationLatency: return trace.authorizer?.integrationLatency.map(String.init)
        case .authorizerIntegrationStatus: return trace.authorizer?.integrationStatus
        case .authorizerError: return trace.authorizer?.error
        // The same values `contextObject` gives templates, without building it.
        case .requestId: return context.requestId
        case .extendedRequestId: return context.extendedRequestId
        case .requestTime: return ExecutionLogFormat.clf(context.timeEpochMillis)
        case .requestTimeEpoch: return String(context.timeEpochMillis)
        case .httpMethod: return request.method.rawValue
        case .resourcePath: return method?.resourcePath
        case .protocolName: return "HTTP/1.1"
        case .stage: return gateway.stage.name
        case .sourceIp: return context.sourceIP
        case .caller, .user: return authorization?.iam?.principalId
        case .context: return nil
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
