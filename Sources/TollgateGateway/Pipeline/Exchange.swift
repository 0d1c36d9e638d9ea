import HTTPTypes
import TollgateJSON
import TollgateJSONSchema
import TollgateRateLimit
import TollgateVTL

/// One request's way through the pipeline.
final class Exchange {
    let gateway: Gateway
    let request: GatewayRequest
    let context: InvocationContext
    /// The execution log, when asked for.
    let logBuffer: LogBuffer?
    /// When the exchange began, for `$context.responseLatency`.
    let started = ContinuousClock.now
    /// Timings and outcomes for access logs and metrics.
    var trace = ExchangeTrace()
    /// The request's key in the stage cache, when its method caches.
    var cacheKey: String?
    /// An authorized `Cache-Control: max-age=0`: the endpoint is called and its answer replaces the entry.
    var cacheRefresh = false
    var method: CompiledMethod?
    var pathParameters: [(String, String)] = []
    /// The route match, for the path parameters as sent (``rawPathParameters``).
    var match: Router.Match?
    /// The path parameters as sent (percent-encoding intact), made when a proxy integration needs them.
    lazy var rawPathParameters: [(String, String)] = match?.rawParameters ?? []
    var apiKey: (value: String, id: String)?
    /// The overrides the request template set: its request overrides are what the response template
    /// reads in `$context.requestOverride`, its response overrides apply unless the response template's replace them.
    var requestTemplateOverrides = VTLOverrides()
    /// What IAM or the method's authorizer established about the caller.
    var authorization: CallerAuthorization?
    var bodyText: String = ""
    /// The request body as JSON, for `method.request.body.X` mappings: parsed once, when first read.
    lazy var requestJSON: JSONValue? = try? JSONValue(parsing: request.body)
    /// The request's media type without parameters, lower case; `application/json` when absent (docs/behaviour.md §7).
    let requestContentType: String
    /// The first media type of `Accept`, or `application/json` (docs/behaviour.md §7).
    let acceptType: String
    let contentTypeHeader: String?

    /// `$input.params()`'s headers and query string for templates: the first value of each name, in
    /// order. Built once per request, for the request and the response template alike.
    lazy var templateParameters: (header: VTLParameters, query: VTLParameters, path: VTLParameters) = {
        let header = Self.firstOfEachName(mappableHeaders, name: \.name) { ($0.name.rawName, $0.value) }
        let query = Self.firstOfEachName(request.query, name: \.name) { ($0.name, $0.value) }
        return (VTLParameters(header), VTLParameters(query), VTLParameters(pathParameters))
    }()

    /// The first item of each name, in order, as a pair: names compared in a row for the usual few,
    /// found through a set past 16 (a request may carry thousands of parameters; hashing a dozen names
    /// cost more than comparing them).
    static func firstOfEachName<Items: RandomAccessCollection, Name: Hashable>(
        _ items: Items,
        name: (Items.Element) -> Name,
        pair: (Items.Element) -> (String, String)
    ) -> [(String, String)] {
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(items.count)
        if items.count <= 16 {
            for (i, item) in zip(items.indices, items) where !items[..<i].contains(where: { name($0) == name(item) }) {
                pairs.append(pair(item))
            }
        } else {
            var seen = Set<Name>()
            for item in items where seen.insert(name(item)).inserted { pairs.append(pair(item)) }
        }
        return pairs
    }

    /// The request's headers without those API Gateway drops on arrival (`Content-Length`, `Connection`,
    /// …, ``ReservedHeaders/droppedFromRequest``): what templates and parameter mappings can read.
    lazy var mappableHeaders: HTTPFields = ReservedHeaders.request(request.headers)

    /// The templates' bindings (see ``render(_:body:method:into:)``).
    var input: APIGatewayInput
    var inputHasParameters = false
    var inputHasContext = false

    init(gateway: Gateway, request: GatewayRequest, context: InvocationContext, logging: Bool) {
        self.gateway = gateway
        input = APIGatewayInput(stageVariables: gateway.stageVariables)
        self.request = request
        self.context = context
        contentTypeHeader = request.headers.value(.contentType)
        requestContentType = Self.mediaType(contentTypeHeader) ?? "application/json"
        acceptType = Self.mediaType(request.headers.value(.accept)) ?? "application/json"
        logBuffer = logging ? LogBuffer() : nil
    }

    /// The integration's role and VPC link in the execution log (neither changes where the request goes).
    func noteConnection(_ integration: Integration) {
        if let credentials = integration.credentials { note("Integration credentials: \(credentials) (not assumed locally)") }
        if integration.connectionType == "VPC_LINK" { note("Sending through VPC link \(integration.connectionId ?? "")") }
    }

    func note(_ line: @autoclosure () -> String) {
        logBuffer?.lines.append(ExecutionLogFormat.timestamp(context.timeEpochMillis) + " : " + line())
    }

    func run() async -> GatewayResponse {
        do {
            return try await pipeline()
        } catch {
            trace.failure = error
            note("Gateway response type: \(error.type.rawValue) with status code: \(statusFor(error.type))")
            let response = gatewayResponse(error)
            note("Method completed with status: \(response.status.code)")
            return response
        }
    }

    func pipeline() async throws(GatewayFailure) -> GatewayResponse {
        note("Starting execution for request: \(context.requestId)")
        // Spec §1: payloads are limited to 10 MB.
        if request.body.count > Gateway.maxPayloadBytes { throw GatewayFailure(.requestTooLarge) }
        // Spec §0 step 1: route; no resource or method is 403 Missing Authentication Token.
        guard let match = gateway.router.match(request.path) else { throw GatewayFailure(.missingAuthenticationToken) }
        let resource = gateway.resources[match.resource]
        guard let method = resource.methods[request.method.rawValue] ?? resource.methods["ANY"] else {
            throw GatewayFailure(.missingAuthenticationToken)
        }
        self.method = method
        pathParameters = match.parameters
        self.match = match
        bodyText = Self.text(request.body, binary: gateway.isBinary(contentTypeHeader))
        note("HTTP Method: \(request.method.rawValue), Resource Path: \(method.resourcePath)")
        note("Method request path: \(ExecutionLogFormat.map(pathParameters))")
        note("Method request query string: \(ExecutionLogFormat.map(request.query.map { ($0.name, $0.value) }))")
        note("Method request headers: \(ExecutionLogFormat.map(request.headers.map { ($0.name.rawName, $0.value) }))")
        note("Method request body before transformations: \(bodyText)")

        // Spec §0 step 2: the authorizer, before the API key and throttling ("Control and manage access to
        // REST APIs": IAM, Lambda and Cognito authorization run before usage plans meter the key).
        try await timedAuthorization(method)

        // Spec §10: API key; usage-plan throttle and quota; then the stage's method throttle ("Throttle
        // requests to your REST APIs": the usage plan's per-client limits, then the stage's). The store
        // takes every layer's token or none.
        var charges: [RateLimitCharge] = []
        if method.method.apiKeyRequired {
            // `apiKeySource: AUTHORIZER`: the key is the Lambda authorizer's usageIdentifierKey ("Choose an
            // API key source"); with no authorizer to give one, the method answers 403.
            let key = gateway.api.apiKeySource == .authorizer ? authorization?.usageIdentifierKey : request.headers.value(.apiKey)
            guard let value = key else { throw GatewayFailure(.invalidAPIKey) }
            if let index = gateway.planOfKey[value] {
                let plan = gateway.plans[index]
                apiKey = (value, plan.plan.apiKeys[value] ?? value)
                if var charge = plan.methodThrottle[method.throttleKey] ?? plan.throttle {
                    charge.key = value
                    charges.append(charge)
                }
                if var charge = plan.quota {
                    charge.key = value
                    charges.append(charge)
                }
            } else if let id = gateway.stage.apiKeys[value] {
                apiKey = (value, id)
            } else {
                throw GatewayFailure(.invalidAPIKey)
            }
        }
        if let charge = method.throttle { charges.append(charge) }
        if !charges.isEmpty { try await takeRateLimits(charges) }
        try validate(method)

        let integration = method.method.integration
        // A method that cannot run as configured answers 500 before anything is mapped or called.
        if let missing = method.missingStageVariable {
            note("Execution failed due to configuration error: Invalid stage variable value: the stage defines no \(missing)")
            throw GatewayFailure(.apiConfigurationError)
        }
        if let refused = method.refusedRequestHeader {
            note("Execution failed due to configuration error: Invalid mapping expression: the header \(refused) cannot be set")
            throw GatewayFailure(.apiConfigurationError)
        }
        try prepareCache(method)
        switch integration.type {
        case .awsProxy: return try await lambdaProxy(method)
        case .httpProxy: return try await httpProxy(method)
        case .mock, .aws, .http: return try await mapped(method)
        }
    }

    // MARK: Validation (docs/behaviour.md §6)

    static let emptyBody = Array("{}".utf8)

    /// Charges the store at the request's time (`$context.requestTimeEpoch`, in milliseconds). A store
    /// that cannot decide fails closed here: the request is throttled and the reason noted (a store that
    /// should let requests through when its server is away, as `PostgresRateLimitStore` does by default,
    /// answers `.allowed` itself).
    func takeRateLimits(_ charges: [RateLimitCharge]) async throws(GatewayFailure) {
        let decision: RateLimitDecision
        do {
            decision = try await gateway.rateLimitStore.take(charges, at: context.timeEpochMillis &* 1_000_000)
        } catch {
            note("Execution failed: the rate-limit store could not decide: \(error)")
            throw GatewayFailure(.throttled)
        }
        switch decision {
        case .allowed: return
        case .throttled: throw GatewayFailure(.throttled)
        case .quotaExceeded: throw GatewayFailure(.quotaExceeded)
        }
    }

    func validate(_ method: CompiledMethod) throws(GatewayFailure) {
        guard let validator = method.method.validator else { return }
        if validator.validateRequestParameters {
            var missing: [String] = []
            for (name, source) in method.requiredParameters {
                let value = requestValue(source)
                if value == nil || value!.allSatisfy({ $0 == " " || $0 == "\t" }) { missing.append(name) }
            }
            if !missing.isEmpty {
                note("Request validation failed: Missing required request parameters: [\(missing.joined(separator: ", "))]")
                throw GatewayFailure(.badRequestParameters, "Missing required request parameters: [\(missing.joined(separator: ", "))]")
            }
        }
        if validator.validateRequestBody {
            let contentType = requestContentType
            guard
                let model = method.models.first(where: { $0.contentType == contentType })
                    ?? method.models.first(where: { $0.contentType == "$default" })
            else { return }
            // An empty body is validated as `{}` (docs/behaviour.md §6, observed); a body that is not JSON fails.
            // The verdict comes from a tape parsed straight from the bytes; the messages of a
            // body that fails, from its value.
            let body = request.body.isEmpty ? Self.emptyBody : request.body
            var tapeVerdictFailed = false
            do {
                if model.schema.isValid(try JSONTape(parsing: body)) { return }
                tapeVerdictFailed = true
            } catch {
                if case .invalidJSON(let error) = error {
                    let detail = "[Invalid JSON: \(error)]"
                    note("Request body does not match model schema for content type \(contentType): \(detail)")
                    throw GatewayFailure(.badRequestBody, validationErrorString: detail)
                }
                // Too large for a tape: the value decides alone, below.
            }
            let detail = ValidationDetail.report(model.schema, body: body)
            if tapeVerdictFailed {
                // The tape said no: the messages only if the log asks for them now, or a response later.
                note("Request body does not match model schema for content type \(contentType): \(detail.text)")
                throw GatewayFailure(.badRequestBody, validation: detail)
            }
            guard let instance = try? JSONValue(parsing: body) else { return }
            if model.schema.isValid(instance) { return }
            note("Request body does not match model schema for content type \(contentType): \(detail.text)")
            throw GatewayFailure(.badRequestBody, validation: detail)
        }
    }

    /// The first media type of a `Content-Type` or `Accept` value: up to the first `;` or `,`, without
    /// blanks, in lower case; nil when empty.
    static func mediaType(_ header: String?) -> String? {
        guard let header else { return nil }
        var start = header.utf8.startIndex
        var end = start
        var sawUpper = false
        var i = start
        var begun = false
        for b in header.utf8 {
            if b == UInt8(ascii: ";") || b == UInt8(ascii: ",") { break }
            if b != 0x20 && b != 0x09 {
                if !begun {
                    start = i
                    begun = true
                }
                end = header.utf8.index(after: i)
                if b >= 0x41 && b <= 0x5A { sawUpper = true }
            }
            i = header.utf8.index(after: i)
        }
        guard begun else { return nil }
        let type = String(header[start..<end])
        return sawUpper ? type.lowercased() : type
    }

    /// Body bytes as template text: UTF-8, or base64 for a binary payload (docs/behaviour.md §8.6).
    /// Whether `bytes` are well-formed UTF-8 (checked without a `String`).
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        (try? UTF8Span(validating: bytes.span)) != nil
    }

    static func text(_ body: [UInt8], binary: Bool) -> String {
        // Checked through `UTF8Span` (non-generic), then copied: `String(validating:as:)` is generic over the collection.
        if !binary, let text = try? UTF8Span(validating: body.span) { return String(copying: text) }
        return Base64Coding.encode(body)
    }
}
