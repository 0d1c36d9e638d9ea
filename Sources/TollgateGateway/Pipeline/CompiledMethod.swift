import CoreMetrics
import Foundation
import HTTPTypes
import TollgateAuth
import TollgateJSON
import TollgateJSONSchema
import TollgateJavaRegex
import TollgateRateLimit
import TollgateVTL

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
