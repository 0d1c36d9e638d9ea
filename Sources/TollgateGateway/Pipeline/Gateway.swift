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
