public import CoreMetrics
import Foundation
import HTTPTypes
import TollgateAuth
import TollgateJSON
import TollgateJSONSchema
import TollgateJavaRegex
public import TollgateRateLimit
import TollgateVTL

/// API Gateway's request pipeline for one API and stage, compiled once: `handle` is what API Gateway does
/// to a request, pure apart from the integration call and the rate limiter.
///
/// ```swift
/// let api = try OpenAPILoader.load(contentsOf: "Fixtures/apis/orders-validation.json")
/// let gateway = try Gateway(api, stage: Stage(name: "prod"))
/// let result = await gateway.handle(GatewayRequest(method: .post, target: "/orders", body: …), context: …)
/// ```
public struct Gateway: Sendable {
    /// Everything compiled, behind one reference: each request's exchange holds the gateway, and a copy
    /// of a struct of a dozen references would retain and release each of them.
    let storage: GatewayStorage

    /// The definition the gateway serves.
    public var api: APIDefinition { storage.api }
    /// The stage the gateway serves.
    public var stage: Stage { storage.stage }
    var stageVariables: VTLParameters { storage.stageVariables }
    var backend: any IntegrationBackend { storage.backend }
    var router: Router { storage.router }
    var resources: [CompiledResource] { storage.resources }
    var gatewayResponses: [GatewayResponseType: CompiledGatewayResponse] { storage.gatewayResponses }
    var gatewayResponseHeaders: [GatewayResponseType: [(field: HTTPField.Name, source: MappingSource)]] { storage.gatewayResponseHeaders }
    var binaryMediaTypes: [String] { storage.binaryMediaTypes }
    var plans: [CompiledUsagePlan] { storage.plans }
    var planOfKey: [String: Int] { storage.planOfKey }
    var rateLimitStore: any RateLimitStore { storage.rateLimitStore }

    /// Compiles every schema, template and selection pattern of `api`; throws on the first that fails,
    /// with its location in the definition.
    /// Authorizers are checked here too: a method is never served without the authorization it declares.
    ///
    /// - Parameters:
    ///   - api: the definition, as `OpenAPILoader` or `CloudFormationLoader` reads it.
    ///   - stage: the stage served: its name, variables, throttling, usage plans and keys.
    ///   - backend: what integrations call (Lambda functions, HTTP, AWS services).
    ///   - access: what access control needs from outside: authorizer functions, Cognito keys, IAM
    ///     credentials.
    ///   - rateLimitStore: where throttling and quota state lives; by default a new in-memory
    ///     store of this gateway's own. Pass one store to gateways that should share limits (a reloaded
    ///     definition, several stages), or a shared one (`PostgresRateLimitStore`) to share them across
    ///     processes.
    ///   - strict: refuse a definition that API Gateway would import with warnings (a template that
    ///     does not parse, an operation key that is none) instead of serving it.
    ///   - metrics: where the gateway's CloudWatch metrics go (``GatewayMetricLabel``); by default the
    ///     factory the program bootstrapped (`MetricsSystem.bootstrap`) before making the gateway.
    public init(
        _ api: APIDefinition,
        stage: Stage = Stage(),
        backend: any IntegrationBackend = ClosureBackend(),
        access: AccessControl = AccessControl(),
        rateLimitStore: (any RateLimitStore)? = nil,
        strict: Bool = false,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) throws(DefinitionError) {
        storage = try GatewayStorage(
            api,
            stage: stage,
            backend: backend,
            access: access,
            rateLimitStore: rateLimitStore ?? InMemoryRateLimitStore(),
            strict: strict,
            metrics: metrics
        )
    }

    /// What the definition has that API Gateway would import but cannot serve as written (a mapping
    /// template that does not parse, an unknown operation key), each with its location. With
    /// `strict: true` the first of these is thrown instead.
    public var warnings: [DefinitionError] { storage.warnings }
}

/// The compiled parts of a ``Gateway``.
final class GatewayStorage: Sendable {
    let api: APIDefinition
    let stage: Stage
    /// ``Stage/variables`` as a template reads them, made once.
    let stageVariables: VTLParameters
    let backend: any IntegrationBackend
    let router: Router
    let resources: [CompiledResource]
    let gatewayResponses: [GatewayResponseType: CompiledGatewayResponse]
    /// Each response type's `gatewayresponse.header.X` mappings, parsed: its family's (DEFAULT_4XX or
    /// DEFAULT_5XX), then its own, which replace them.
    let gatewayResponseHeaders: [GatewayResponseType: [(field: HTTPField.Name, source: MappingSource)]]
    let binaryMediaTypes: [String]
    /// Usage plans with their limits, and which plan each key belongs to.
    let plans: [CompiledUsagePlan]
    let planOfKey: [String: Int]
    let rateLimitStore: any RateLimitStore
    /// Authorizers by name, compiled.
    let authorizers: [String: CompiledAuthorizer]
    /// The SigV4 check of `AWS_IAM` methods.
    let sigV4: SigV4Verifier
    /// `arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/`, what every method ARN starts with.
    let methodArnPrefix: String
    /// The API's resource policy, its `execute-api:/…` resources made ARNs of this API.
    let resourcePolicy: IAMPolicy?

    /// What loading noted (``Gateway/warnings``).
    let warnings: [DefinitionError]
    /// The metrics of requests no method matched.
    let unmatchedMetrics: MethodMetrics
    /// The stage's response cache, when it has one.
    let responseCache: ResponseCache?

    init(
        _ api: APIDefinition,
        stage: Stage,
        backend: any IntegrationBackend,
        access: AccessControl,
        rateLimitStore: any RateLimitStore,
        strict: Bool,
        metrics: any MetricsFactory
    ) throws(DefinitionError) {
        let report = LoadReport(strict: strict)
        if strict, let first = api.warnings.first { throw first }
        report.warnings = api.warnings
        self.api = api
        self.stage = stage
        stageVariables = VTLParameters(stage.variables)
        self.backend = backend
        self.rateLimitStore = rateLimitStore
        binaryMediaTypes = api.binaryMediaTypes.map { $0.lowercased() }
        for resource in api.resources {
            if let problem = Router.problem(in: resource.path) {
                throw DefinitionError(location: "/paths/\(JSONPointer.escape(resource.path))", message: problem)
            }
        }
        router = Router(paths: api.resources.map(\.path))
        unmatchedMetrics = MethodMetrics(factory: metrics, api: api.title, stage: stage.name, resource: "", method: "")
        if stage.cacheClusterEnabled {
            guard let bytes = CacheClusterSize.bytes(stage.cacheClusterSize) else {
                throw DefinitionError(
                    location: "stage \(stage.name)/cacheClusterSize",
                    message: "a cache size is one of \(CacheClusterSize.allowed.joined(separator: ", ")) (GB), found \(stage.cacheClusterSize)"
                )
            }
            responseCache = ResponseCache(capacity: bytes)
        } else {
            responseCache = nil
        }
        var authorizers: [String: CompiledAuthorizer] = [:]
        for (name, authorizer) in api.authorizers {
            var authorizer = authorizer
            authorizer.authorizerUri = DefinitionVariables.resolve(authorizer.authorizerUri, stage: stage).text
            authorizers[name] = try CompiledAuthorizer(authorizer, access: access)
        }
        self.authorizers = authorizers
        sigV4 = SigV4Verifier(credentials: access.iamCredentials, region: stage.region)
        methodArnPrefix = "arn:aws:execute-api:\(stage.region):\(stage.accountId):\(stage.apiId)/\(stage.name)/"
        resourcePolicy = try api.resourcePolicy.map { document throws(DefinitionError) in
            try Self.resourcePolicy(document, stage: stage)
        }
        // Fail closed: a method whose authorizer is not there does not load.
        for resource in api.resources {
            for (name, method) in resource.methods {
                if case .authorizer(let authorizer) = method.authorization, authorizers[authorizer] == nil {
                    throw DefinitionError(
                        location: method.location.isEmpty ? "/paths/\(JSONPointer.escape(resource.path))/\(name.lowercased())" : method.location,
                        message: "no authorizer named \(authorizer)"
                    )
                }
            }
        }
        let resolver = SchemaDocuments(models: api.models)
        var compiled: [CompiledResource] = []
        for resource in api.resources {
            var methods: [String: CompiledMethod] = [:]
            for (name, method) in resource.methods {
                methods[name] = try CompiledMethod(
                    method,
                    httpMethod: name,
                    resourcePath: resource.path,
                    document: api.document,
                    resolver: resolver,
                    stage: stage,
                    report: report,
                    metrics: metrics,
                    apiName: api.title
                )
            }
            compiled.append(CompiledResource(path: resource.path, methods: methods))
        }
        resources = compiled
        var responses: [GatewayResponseType: CompiledGatewayResponse] = [:]
        for (type, settings) in api.gatewayResponses {
            responses[type] = CompiledGatewayResponse(settings)
        }
        gatewayResponses = responses
        var headers: [GatewayResponseType: [(field: HTTPField.Name, source: MappingSource)]] = [:]
        for (type, settings) in api.gatewayResponses {
            // Checked once per configured type, where the definition holds it.
            _ = try ParameterMappings.headers(
                settings.responseParameters,
                prefix: "gatewayresponse.header.",
                requestSideOnly: true,
                at: "/x-amazon-apigateway-gateway-responses/\(type.rawValue)/responseParameters"
            )
        }
        for type in GatewayResponseType.allCases {
            let own = api.gatewayResponses[type]?.responseParameters ?? [:]
            let family = type.family.flatMap { api.gatewayResponses[$0]?.responseParameters } ?? [:]
            let merged = family.merging(own) { $1 }
            if !merged.isEmpty {
                headers[type] = try ParameterMappings.headers(merged, prefix: "gatewayresponse.header.", requestSideOnly: true, at: "")
            }
        }
        gatewayResponseHeaders = headers
        plans = try stage.usagePlans.map { (plan) throws(DefinitionError) in try CompiledUsagePlan(plan) }
        var planOfKey: [String: Int] = [:]
        for (index, plan) in stage.usagePlans.enumerated() {
            for key in plan.apiKeys.keys { planOfKey[key] = index }
        }
        self.planOfKey = planOfKey
        warnings = report.warnings
    }
}

extension GatewayStorage {
    /// A resource policy as API Gateway stores it: `execute-api:/STAGE/METHOD/PATH` resources (the
    /// console's and OpenAPI's shorthand) become `arn:aws:execute-api:REGION:ACCOUNT:API_ID/…`, and
    /// `${AWS::Region}`/`${AWS::AccountId}`/`${AWS::Partition}` are replaced ("Create and attach an API
    /// Gateway resource policy to an API", "AWS variables for OpenAPI import" in the developer guide).
    /// A policy that does not parse refuses the definition: nothing is served past a policy unread.
    static func resourcePolicy(_ document: JSONValue, stage: Stage) throws(DefinitionError) -> IAMPolicy {
        func expand(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text):
                var out = DefinitionVariables.resolve(text, stage: stage).text
                if out.hasPrefix("execute-api:/") {
                    out = "arn:aws:execute-api:\(stage.region):\(stage.accountId):\(stage.apiId)/" + out.dropFirst("execute-api:/".count)
                }
                return .string(out)
            case .array(let items): return .array(items.map(expand))
            default: return value
            }
        }
        var statements = document["Statement"]?.arrayValue ?? document["Statement"].map { [$0] } ?? []
        for (index, statement) in statements.enumerated() {
            guard case .object(var members) = statement else { continue }
            for key in ["Resource", "NotResource"] { if let value = members[key] { members[key] = expand(value) } }
            statements[index] = .object(members)
        }
        var expanded = document.objectValue ?? JSONObject()
        expanded["Statement"] = .array(statements)
        do {
            return try IAMPolicy(parsing: .object(expanded))
        } catch {
            throw DefinitionError(location: "/x-amazon-apigateway-policy", message: "the resource policy is not one API Gateway accepts: \(error)")
        }
    }
}

/// A usage plan's limits as the rate-limit store is charged for them: the key's bucket (one per
/// overridden method) and its quota.
final class CompiledUsagePlan: Sendable {
    let plan: UsagePlan
    let throttle: RateLimitCharge?
    let methodThrottle: [String: RateLimitCharge]
    let quota: RateLimitCharge?

    init(_ plan: UsagePlan) throws(DefinitionError) {
        self.plan = plan
        let at = "usage plan \(plan.id)/throttle"
        throttle = try plan.throttle.map { (settings) throws(DefinitionError) in
            RateLimitCharge(layer: plan.throttleLayer(), limit: try settings.layer(at: at))
        }
        var methods: [String: RateLimitCharge] = [:]
        for (key, settings) in plan.methodThrottle {
            methods[key] = RateLimitCharge(layer: plan.throttleLayer(method: key), limit: try settings.layer(at: "\(at)/\(key)"))
        }
        methodThrottle = methods
        quota = plan.quota.map { RateLimitCharge(layer: plan.quotaLayer, limit: .quota($0)) }
    }
}

extension ThrottleSettings {
    /// The token bucket these settings describe; a rate that is not a non-negative decimal of at
    /// most nine places (or a negative burst) refuses the definition at `location`, rather than
    /// making a bucket that never refills.
    func layer(at location: String) throws(DefinitionError) -> RateLimitLayer {
        guard let rate = Rate(rateLimit) else {
            throw DefinitionError(
                location: location,
                message:
                    "rateLimit \(rateLimit) is not a rate Tollgate can keep exactly (a number of requests per second, 0 or more, with at most 9 decimals)"
            )
        }
        guard burstLimit >= 0 else { throw DefinitionError(location: location, message: "burstLimit \(burstLimit) is negative") }
        return .bucket(rate: rate, burst: UInt64(burstLimit))
    }
}

struct CompiledResource: Sendable {
    let path: String
    let methods: [String: CompiledMethod]
}

/// A method with everything compiled: models, templates, the response selector, its throttle bucket.
final class CompiledMethod: Sendable {
    let httpMethod: String
    let resourcePath: String
    /// `/path/METHOD`, the key of stage and usage-plan method throttles (made once, not per request).
    let throttleKey: String
    /// `$context.resourceId`: a stable id derived from the path.
    let resourceId: String
    let method: Method
    /// Required parameters in the order API Gateway reports them (header, path, querystring, then by
    /// name), each with where it is read (`method.request.{location}.{name}`, parsed once).
    let requiredParameters: [(name: String, source: MappingSource)]
    let models: [CompiledModel]
    let requestTemplates: [CompiledTemplate]
    let selector: IntegrationResponseSelector<CompiledIntegrationResponse>
    /// The stage's method throttle as the store is charged for it (one bucket per method, named by
    /// API, stage and method so that stages sharing a store stay apart).
    let throttle: RateLimitCharge?
    /// The integration's `requestParameters`, parsed.
    let requestParameters: [(target: IntegrationRequestTarget, source: MappingSource)]
    /// A stage variable the integration's URI names and the stage does not define (500 when the method runs).
    let missingStageVariable: String?
    /// A header `requestParameters` target that API Gateway refuses to set, if any (500 when the method runs).
    let refusedRequestHeader: String?
    /// The integration's endpoint URI, its placeholders found.
    let uri: URITemplate
    /// The AWS service an `aws` integration calls when it is not a Lambda function.
    let awsService: AWSServiceTarget?
    /// The method's CloudWatch metrics.
    let metrics: MethodMetrics
    /// How the method uses the stage cache; nil when it does not.
    let cache: CachePolicy?

    init(
        _ method: Method,
        httpMethod: String,
        resourcePath: String,
        document: JSONValue,
        resolver: SchemaDocuments,
        stage: Stage,
        report: LoadReport,
        metrics: any MetricsFactory,
        apiName: String
    ) throws(DefinitionError) {
        self.httpMethod = httpMethod
        self.resourcePath = resourcePath
        throttleKey = "\(resourcePath)/\(httpMethod)"
        var hash: UInt32 = 2_166_136_261
        for b in resourcePath.utf8 { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        resourceId = String(String(hash, radix: 36).suffix(6))
        // Import and stage variables in the integration's URI, replaced once for this stage.
        var method = method
        let resolved = DefinitionVariables.resolve(method.integration.uri, stage: stage)
        method.integration.uri = resolved.text
        missingStageVariable = resolved.missing
        // Stage variables in `credentials` and `connectionId` too ("Amazon API Gateway stage variables
        // reference" in the developer guide).
        method.integration.credentials = method.integration.credentials.map { DefinitionVariables.resolve($0, stage: stage).text }
        method.integration.connectionId = method.integration.connectionId.map { DefinitionVariables.resolve($0, stage: stage).text }
        self.method = method
        requiredParameters = method.requiredParameters.sorted { ($0.location, $0.name) < ($1.location, $1.name) }.map {
            ($0.name, MappingSource("method.request.\($0.location.rawValue).\($0.name)"))
        }
        var models: [CompiledModel] = []
        for (contentType, schema) in method.requestModels.sorted(by: { $0.key < $1.key }) {
            do {
                models.append(
                    CompiledModel(
                        contentType: contentType.lowercased(),
                        schema: try JSONSchema(document: Self.embed(schema, in: document), at: JSONPointer("/$model"), resolver: resolver)
                    )
                )
            } catch {
                throw DefinitionError(location: method.location, message: "request model for \(contentType): \(error)")
            }
        }
        self.models = models
        let integration = method.integration
        requestTemplates = try CompiledTemplate.all(integration.requestTemplates, at: integration.location + "/requestTemplates/", report: report)
        uri = URITemplate(integration.uri)
        do {
            awsService = integration.type == .aws ? try AWSServiceTarget(integration.uri) : nil
        } catch {
            throw DefinitionError(location: integration.location + "/uri", message: error.message)
        }
        requestParameters = try ParameterMappings.request(integration.requestParameters, at: integration.location + "/requestParameters")
        refusedRequestHeader =
            requestParameters.lazy.compactMap { target, _ -> String? in
                guard case .header(let field) = target, ReservedHeaders.refusedRequestTargets.contains(field.canonicalName) else { return nil }
                return field.rawName
            }.first
        var rules: [(statusCode: String, selectionPattern: String?, response: CompiledIntegrationResponse)] = []
        for response in integration.responses {
            let declared = method.responses.isEmpty || method.responses[response.statusCode] != nil
            rules.append(
                (
                    response.statusCode, response.selectionPattern,
                    try CompiledIntegrationResponse(response, hasMethodResponse: declared, report: report)
                )
            )
        }
        do {
            selector = try IntegrationResponseSelector(rules)
        } catch {
            throw DefinitionError(location: integration.location + "/responses", message: error.description)
        }
        let settings = stage.methodThrottle[throttleKey] ?? stage.throttle
        let layer = "stage/\(stage.apiId)/\(stage.name)\(throttleKey)"
        let at =
            stage.methodThrottle[throttleKey] != nil
            ? "stage \(stage.name)/methodSettings/\(JSONPointer.escape(String(throttleKey.dropFirst())))/throttling"
            : "stage \(stage.name)/throttle"
        throttle = try settings.map { (settings) throws(DefinitionError) in RateLimitCharge(layer: layer, limit: try settings.layer(at: at)) }
        cache = try CachePolicy(
            stage: stage,
            httpMethod: httpMethod,
            methodKey: throttleKey,
            resourceId: resourceId,
            integration: integration,
            requestParameters: requestParameters
        )
        self.metrics = MethodMetrics(
            factory: metrics,
            api: apiName,
            stage: stage.name,
            resource: resourcePath,
            method: httpMethod,
            caches: cache != nil
        )
    }

    /// The definition document with `schema` added at `/$model`, so its local `$ref`s resolve.
    static func embed(_ schema: JSONValue, in document: JSONValue) -> JSONValue {
        guard case .object(var object) = document else { return .object(["$model": schema]) }
        object["$model"] = schema
        return .object(object)
    }
}

/// A mapping template for one media type (lower case, or `$default`); nil for an empty template. A
/// struct, not a tuple: copying a tuple element went through the runtime's generic tuple witnesses.
struct CompiledTemplate: Sendable {
    let contentType: String
    let template: VTLTemplate?
    /// Why the template does not parse, when it does not and the gateway is not strict: API Gateway
    /// imports such a template, and a request that selects it fails with 500 (docs/behaviour.md §7).
    let broken: String?

    init(contentType: String, template: VTLTemplate?) {
        self.contentType = contentType
        self.template = template
        broken = nil
    }

    /// Compiles `source`; a template that does not parse is a load error when `report` is strict, a
    /// warning (and a 500 for the requests that select it) otherwise.
    init(contentType: String, source: String, at location: String, report: LoadReport) throws(DefinitionError) {
        self.contentType = contentType.lowercased()
        do {
            template = source.isEmpty ? nil : try VTLTemplate(source)
            broken = nil
        } catch {
            let problem = DefinitionError(location: location, message: "template does not parse: \(error)")
            if report.strict { throw problem }
            report.warnings.append(problem)
            template = nil
            broken = "\(error)"
        }
    }
}

extension CompiledTemplate {
    /// A method's templates by media type, in definition order, each located at `prefix` + its media type.
    static func all(
        _ sources: [(contentType: String, template: String)],
        at prefix: String,
        report: LoadReport
    ) throws(DefinitionError)
        -> [CompiledTemplate]
    {
        var templates: [CompiledTemplate] = []
        for (contentType, source) in sources {
            templates.append(
                try CompiledTemplate(contentType: contentType, source: source, at: prefix + JSONPointer.escape(contentType), report: report)
            )
        }
        return templates
    }
}

/// What loading a definition noted without refusing it, and whether it refuses instead.
final class LoadReport {
    let strict: Bool
    var warnings: [DefinitionError] = []
    init(strict: Bool) { self.strict = strict }
}

/// A request model for one media type (lower case, or `$default`), compiled.
struct CompiledModel: Sendable {
    let contentType: String
    let schema: JSONSchema
}

/// An integration response with its templates compiled.
final class CompiledIntegrationResponse: Sendable {
    let response: IntegrationResponse
    let templates: [CompiledTemplate]
    /// `method.response.header.X` mappings, parsed.
    let responseHeaders: [(field: HTTPField.Name, source: MappingSource)]
    /// The status code as a number, nil unless 100–599 (docs/behaviour.md §8.2: otherwise a configuration error).
    let status: Int?
    /// Whether the method declares a response for the status code (or declares none).
    let hasMethodResponse: Bool
    /// A `responseParameters` header target API Gateway refuses to set, if any (500 when selected).
    let refusedHeader: String?

    init(_ response: IntegrationResponse, hasMethodResponse: Bool, report: LoadReport) throws(DefinitionError) {
        self.response = response
        status = Int(response.statusCode).flatMap { (100...599).contains($0) ? $0 : nil }
        self.hasMethodResponse = hasMethodResponse
        responseHeaders = try ParameterMappings.headers(
            response.responseParameters,
            prefix: "method.response.header.",
            requestSideOnly: false,
            at: response.location + "/responseParameters"
        )
        refusedHeader = responseHeaders.first { ReservedHeaders.refusedResponseTargets.contains($0.field.canonicalName) }?.field.rawName
        templates = try CompiledTemplate.all(response.responseTemplates, at: response.location + "/responseTemplates/", report: report)
    }
}

/// A customised gateway response, its templates parsed.
struct CompiledGatewayResponse: Sendable {
    let settings: GatewayResponseSettings
    let templates: [(contentType: String, template: GatewayResponseTemplate)]

    init(_ settings: GatewayResponseSettings) {
        self.settings = settings
        templates = settings.responseTemplates.map { ($0.contentType.lowercased(), GatewayResponseTemplate($0.template)) }
    }
}
