public import TollgateJSON

/// What API Gateway binds in a mapping template: the request (`$input`), `$context` and `$stageVariables`.
/// `$util` is always there. The caller fills this in; the interpreter knows nothing of HTTP.
public struct APIGatewayInput: Sendable {
    /// The raw request (or integration response) body. Empty renders as `{}` in `$input.body` (docs/behaviour.md §1, observed).
    public var body: String
    /// Path parameters, query string parameters and headers, in the order received.
    public var path: VTLParameters
    /// Query string parameters, in the order received.
    public var querystring: VTLParameters
    /// Headers, in the order received.
    public var header: VTLParameters
    /// `$context`: `httpMethod`, `requestId`, `identity` … as JSON (docs/behaviour.md §3). `requestOverride` and
    /// `responseOverride` are added, writable once per name.
    public var context: JSONObject
    /// `$stageVariables`.
    public var stageVariables: VTLParameters

    /// Bindings of these values; every one has a default.
    public init(
        body: String = "",
        path: VTLParameters = VTLParameters(),
        querystring: VTLParameters = VTLParameters(),
        header: VTLParameters = VTLParameters(),
        context: JSONObject = JSONObject(),
        stageVariables: VTLParameters = VTLParameters()
    ) {
        self.body = body
        self.path = path
        self.querystring = querystring
        self.header = header
        self.context = context
        self.stageVariables = stageVariables
    }
}

/// The overrides a template set with `#set($context.requestOverride…)` / `responseOverride…` (docs/behaviour.md §3).
public struct VTLOverrides: Sendable, Hashable {
    /// `requestOverride.header.X`.
    public var requestHeaders = [String: String]()
    /// `requestOverride.path.X`.
    public var requestPath = [String: String]()
    /// `requestOverride.querystring.X`.
    public var requestQuerystring = [String: String]()
    /// `responseOverride.status` when it is an integer in 100…599 (API Gateway ignores other values).
    public var responseStatus: Int?
    /// `responseOverride.header.X`.
    public var responseHeaders = [String: String]()

    /// No overrides.
    public init() {}

    /// Whether the template set none.
    public var isEmpty: Bool {
        requestHeaders.isEmpty && requestPath.isEmpty && requestQuerystring.isEmpty && responseStatus == nil && responseHeaders.isEmpty
    }
}

/// Per-render state of the API Gateway bindings: the body parsed once, the override maps.
final class GatewayState {
    /// The render's input, read in place (it outlives the render).
    let input: UnsafePointer<APIGatewayInput>
    @exclusivity(unchecked) private var parsed = false
    @exclusivity(unchecked) private var parsedBody: JSONValue?
    var requestOverride: (header: MapRef, path: MapRef, querystring: MapRef)?
    var responseOverride: (status: MapRef, header: MapRef)?
    @exclusivity(unchecked) var paths: [String: JSONPath] = [:]

    init(_ input: UnsafePointer<APIGatewayInput>) {
        self.input = input
    }

    @exclusivity(unchecked) private var tapeParsed = false
    @exclusivity(unchecked) private var parsedTape: Result<JSONTape, JSONTape.ParseError>?

    /// The body laid out as a tape (`$input.path` reads it without building a `JSONValue`): nil
    /// when it is not JSON; ``JSONTape/ParseError/tooLarge(_:)`` past the tape's limits (then the
    /// caller goes through ``json()``). An empty body is `{}`.
    func tape() -> Result<JSONTape, JSONTape.ParseError> {
        if tapeParsed, let parsedTape { return parsedTape }
        tapeParsed = true
        let body = input.pointee.body
        let result = Result { () throws(JSONTape.ParseError) in try JSONTape(parsing: body.isEmpty ? "{}" : body) }
        parsedTape = result
        return result
    }

    /// The body as JSON, or nil when it is not JSON. An empty body is `{}`.
    func json() -> JSONValue? {
        if parsed { return parsedBody }
        parsed = true
        parsedBody = input.pointee.body.isEmpty ? .object(JSONObject()) : try? JSONValue(parsing: input.pointee.body)
        return parsedBody
    }
}
