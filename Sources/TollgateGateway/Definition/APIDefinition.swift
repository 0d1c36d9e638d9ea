import Foundation
public import TollgateJSON

/// An API as API Gateway holds it: resources, methods, integrations, models, validators, gateway
/// responses. Plain data; ``Gateway`` compiles it (schemas, templates, patterns) once.
/// `TollgateOpenAPI` builds one from a Swagger 2.0 or OpenAPI 3.0 export.
public struct APIDefinition: Sendable {
    /// The API's name (`info.title`), the `ApiName` of its metrics.
    public var title: String
    /// The resources, each a path template with its methods.
    public var resources: [Resource]
    /// Request validators by name.
    public var validators: [String: RequestValidator]
    /// The document models' `$ref`s resolve in (`#/definitions/…`, `#/components/schemas/…`).
    public var document: JSONValue
    /// Models by name (for API Gateway model URLs in `$ref`).
    public var models: [String: JSONValue]
    /// Customised gateway responses by type (`x-amazon-apigateway-gateway-responses`).
    public var gatewayResponses: [GatewayResponseType: GatewayResponseSettings]
    /// `x-amazon-apigateway-binary-media-types`.
    public var binaryMediaTypes: [String]
    /// `x-amazon-apigateway-api-key-source`.
    public var apiKeySource: APIKeySource
    /// What the reader noted without refusing the definition (an unknown operation key, …), each
    /// with its location; ``Gateway`` reports them in its warnings, or throws the first when strict.
    public var warnings: [DefinitionError] = []
    /// Lambda and Cognito authorizers by name (the security schemes that declare
    /// `x-amazon-apigateway-authorizer`).
    public var authorizers: [String: Authorizer]
    /// The API's resource policy (`x-amazon-apigateway-policy`), an IAM policy document; its
    /// `execute-api:/…` resources name this API's methods. Nil: none, every caller may call.
    public var resourcePolicy: JSONValue?

    /// A definition with these parts; every part has a default.
    public init(
        title: String = "",
        resources: [Resource] = [],
        validators: [String: RequestValidator] = [:],
        document: JSONValue = .object(JSONObject()),
        models: [String: JSONValue] = [:],
        gatewayResponses: [GatewayResponseType: GatewayResponseSettings] = [:],
        binaryMediaTypes: [String] = [],
        apiKeySource: APIKeySource = .header,
        authorizers: [String: Authorizer] = [:]
    ) {
        self.title = title
        self.resources = resources
        self.validators = validators
        self.document = document
        self.models = models
        self.gatewayResponses = gatewayResponses
        self.binaryMediaTypes = binaryMediaTypes
        self.apiKeySource = apiKeySource
        self.authorizers = authorizers
    }
}

/// Where a method's API key is read (`x-amazon-apigateway-api-key-source`): the `x-api-key` header, or a Lambda authorizer's `usageIdentifierKey`.
public enum APIKeySource: String, Sendable {
    /// The `x-api-key` header.
    case header = "HEADER"
    /// The Lambda authorizer's `usageIdentifierKey`.
    case authorizer = "AUTHORIZER"
}

/// A path template (`/orders/{id}`, `/{proxy+}`) and its methods.
public struct Resource: Sendable {
    /// The path template, from `/`.
    public var path: String
    /// Methods by HTTP method name in upper case; `ANY` matches every method without its own entry.
    public var methods: [String: Method]

    /// A resource at `path` with `methods`.
    public init(path: String, methods: [String: Method] = [:]) {
        self.path = path
        self.methods = methods
    }
}

/// Where a method request parameter is.
public enum ParameterLocation: String, Sendable, Hashable, Comparable {
    /// `method.request.header.X`, `method.request.path.X` and `method.request.querystring.X`.
    case header, path, querystring

    /// Orders locations by name (how API Gateway lists missing parameters).
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A method: what it requires, how it is validated, its integration and its responses.
public struct Method: Sendable {
    /// Required parameters (`method.request.{location}.{name}: true`).
    public var requiredParameters: [(location: ParameterLocation, name: String)]
    /// The request validator that applies (already resolved from the operation or the API default).
    public var validator: RequestValidator?
    /// Request models by content type (`$default` for any); each a schema (usually a `$ref`).
    public var requestModels: [String: JSONValue]
    /// Whether the caller must send an API key of a usage plan of the stage.
    public var apiKeyRequired: Bool
    /// Who may call the method: anyone, IAM (SigV4) callers, or an authorizer's verdict.
    public var authorization: MethodAuthorization
    /// OAuth scopes a Cognito user-pool authorizer requires of the access token (the security
    /// requirement's list); empty for ID tokens.
    public var authorizationScopes: [String]
    /// What the method calls (`x-amazon-apigateway-integration`).
    public var integration: Integration
    /// Method responses by status code, with the headers each declares.
    public var responses: [String: MethodResponse]
    /// Where the method is in the definition (a JSON Pointer), for errors and logs.
    public var location: String

    /// A method with these settings; only the integration has no default.
    public init(
        requiredParameters: [(location: ParameterLocation, name: String)] = [],
        validator: RequestValidator? = nil,
        requestModels: [String: JSONValue] = [:],
        apiKeyRequired: Bool = false,
        authorization: MethodAuthorization = .none,
        authorizationScopes: [String] = [],
        integration: Integration,
        responses: [String: MethodResponse] = [:],
        location: String = ""
    ) {
        self.requiredParameters = requiredParameters
        self.validator = validator
        self.requestModels = requestModels
        self.apiKeyRequired = apiKeyRequired
        self.authorization = authorization
        self.authorizationScopes = authorizationScopes
        self.integration = integration
        self.responses = responses
        self.location = location
    }
}

/// A method response: the headers it declares (`method.response.header.X`), which mappings may set.
public struct MethodResponse: Sendable {
    /// The declared header names.
    public var headers: [String]
    /// A method response declaring `headers`.
    public init(headers: [String] = []) { self.headers = headers }
}

/// A request validator (`x-amazon-apigateway-request-validators`): what it checks.
public struct RequestValidator: Sendable, Hashable {
    /// Whether the body must match the method's model for its content type.
    public var validateRequestBody: Bool
    /// Whether the required parameters must be present.
    public var validateRequestParameters: Bool
    /// A validator checking the body, the parameters, both or neither.
    public init(validateRequestBody: Bool, validateRequestParameters: Bool) {
        self.validateRequestBody = validateRequestBody
        self.validateRequestParameters = validateRequestParameters
    }
}

/// An integration's type: what API Gateway calls and how.
public enum IntegrationType: String, Sendable {
    /// `mock`: no backend; `aws`: a Lambda function or another AWS service, with mapping.
    case mock, aws
    /// A Lambda function, with the proxy event and response.
    case awsProxy = "aws_proxy"
    /// An HTTP endpoint, with mapping.
    case http
    /// An HTTP endpoint, the request passed through.
    case httpProxy = "http_proxy"
}

/// What a non-proxy integration does with a body no request template matches (`passthroughBehavior`).
public enum PassthroughBehavior: String, Sendable {
    /// A body no template matches passes through as it is.
    case whenNoMatch = "when_no_match"
    /// A body passes through only when the integration has no templates at all; else 415.
    case whenNoTemplates = "when_no_templates"
    /// A body with no matching template gets 415.
    case never
}

/// How a body is converted between text and binary on its way (`contentHandling`).
public enum ContentHandling: String, Sendable {
    /// Binary bodies become base64 text.
    case convertToText = "CONVERT_TO_TEXT"
    /// Base64 text becomes binary.
    case convertToBinary = "CONVERT_TO_BINARY"
}

/// `x-amazon-apigateway-integration`.
public struct Integration: Sendable {
    /// `http`, `http_proxy`, `aws`, `aws_proxy` or `mock`.
    public var type: IntegrationType
    /// The endpoint: a URL, a Lambda invocation URI, or an `arn:aws:apigateway:…` service URI.
    public var uri: String
    /// The method the integration request uses (POST for Lambda); nil for the request's own.
    public var httpMethod: String?
    /// `integration.request.{path|querystring|header}.X` → source expression.
    public var requestParameters: [String: String]
    /// Templates by content type, in definition order.
    public var requestTemplates: [(contentType: String, template: String)]
    /// What happens to a body no request template matches.
    public var passthroughBehavior: PassthroughBehavior
    /// The request body's conversion, if any.
    public var contentHandling: ContentHandling?
    /// 50…29,000 ms; default 29,000.
    public var timeoutInMillis: Int
    /// The integration responses, in definition order.
    public var responses: [IntegrationResponse]
    /// Where the integration is in the definition (a JSON Pointer), for errors and logs.
    public var location: String
    /// `credentials`: the IAM role API Gateway assumes to call the integration (noted in the execution
    /// log; Tollgate does not assume roles).
    public var credentials: String?
    /// `connectionType` (`INTERNET` or `VPC_LINK`) and `connectionId`, the VPC link a private
    /// integration goes through (noted; the request goes to the URI as for `INTERNET`).
    public var connectionType: String?
    /// The VPC link's id when `connectionType` is `VPC_LINK`.
    public var connectionId: String?
    /// `cacheKeyParameters`: the request parameters (`method.request.querystring.type`,
    /// `integration.request.header.x-tenant`) whose values tell cached responses apart.
    public var cacheKeyParameters: [String] = []
    /// `cacheNamespace`: methods with the same namespace share cache entries (default: the resource's id).
    public var cacheNamespace: String?

    /// An integration of `type` calling `uri`.
    public init(
        type: IntegrationType,
        uri: String = "",
        httpMethod: String? = nil,
        requestParameters: [String: String] = [:],
        requestTemplates: [(contentType: String, template: String)] = [],
        passthroughBehavior: PassthroughBehavior = .whenNoMatch,
        contentHandling: ContentHandling? = nil,
        timeoutInMillis: Int = 29_000,
        responses: [IntegrationResponse] = [],
        location: String = ""
    ) {
        self.type = type
        self.uri = uri
        self.httpMethod = httpMethod
        self.requestParameters = requestParameters
        self.requestTemplates = requestTemplates
        self.passthroughBehavior = passthroughBehavior
        self.contentHandling = contentHandling
        self.timeoutInMillis = timeoutInMillis
        self.responses = responses
        self.location = location
    }

    /// The Lambda function name in an `arn:aws:apigateway:…:lambda:path/2015-03-31/functions/ARN/invocations` URI
    /// (or a bare function ARN or name).
    public var functionName: String? { lambdaFunctionName(uri) }
}

/// The Lambda function name in an `arn:aws:apigateway:…:lambda:path/2015-03-31/functions/ARN/invocations`
/// URI (or a bare function ARN or name); nil when there is none.
func lambdaFunctionName(_ uri: String) -> String? {
    var arn = uri
    if let range = arn.range(of: "/functions/") {
        arn = String(arn[range.upperBound...])
        if let end = arn.range(of: "/invocations") { arn = String(arn[..<end.lowerBound]) }
    }
    guard !arn.isEmpty else { return nil }
    // arn:aws:lambda:region:account:function:NAME[:qualifier]
    let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
    if parts.count >= 7, parts[5] == "function" { return String(parts[6]) }
    return arn
}

/// One entry of `x-amazon-apigateway-integration.responses`.
public struct IntegrationResponse: Sendable {
    /// nil for `default`.
    public var selectionPattern: String?
    /// The method response's status code this response gives.
    public var statusCode: String
    /// `method.response.header.X` → source expression.
    public var responseParameters: [String: String]
    /// Templates by content type, in definition order (with no match for `Accept`, the first applies).
    public var responseTemplates: [(contentType: String, template: String)]
    /// The response body's conversion, if any.
    public var contentHandling: ContentHandling?
    /// Where the response is in the definition (a JSON Pointer).
    public var location: String

    /// An integration response selected by `selectionPattern` (nil: the default).
    public init(
        selectionPattern: String?,
        statusCode: String,
        responseParameters: [String: String] = [:],
        responseTemplates: [(contentType: String, template: String)] = [],
        contentHandling: ContentHandling? = nil,
        location: String = ""
    ) {
        self.selectionPattern = selectionPattern
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
        self.contentHandling = contentHandling
        self.location = location
    }
}

/// A customised gateway response.
public struct GatewayResponseSettings: Sendable {
    /// The status code (nil: the type's own).
    public var statusCode: Int?
    /// `gatewayresponse.header.X` → source.
    public var responseParameters: [String: String]
    /// Templates by content type (not VTL: only `$context`, `$stageVariables` and `$method.request` are replaced).
    public var responseTemplates: [(contentType: String, template: String)]

    /// A customisation with these settings.
    public init(statusCode: Int? = nil, responseParameters: [String: String] = [:], responseTemplates: [(contentType: String, template: String)] = [])
    {
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
    }
}
