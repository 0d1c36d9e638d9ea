import Foundation
public import TollgateGateway
public import TollgateJSON

/// Loads an API from a CloudFormation template ("AWS::ApiGateway resource type reference" in the
/// CloudFormation user guide): an `AWS::ApiGateway::RestApi` with a `Body` (an OpenAPI document), or one
/// built from `AWS::ApiGateway::Resource`, `Method`, `Model`, `RequestValidator`, `GatewayResponse` and
/// `Authorizer` resources, read as the Swagger export API Gateway would give for it. Intrinsic functions
/// (`Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If` with `Conditions`) are
/// resolved with the template's `Parameters` (defaults, then `parameters`) and the pseudo parameters.
/// `Fn::GetAtt Fn.Arn` of a Lambda function is an ARN whose function name is the logical id, so a
/// function is backed by `--function LogicalId=COMMAND`. The template's `AWS::ApiGateway::Stage` gives the
/// stage name and variables.
public enum CloudFormationLoader {
    /// What a template gives: the API, the stages it deploys, and its usage plans and API keys.
    public struct Template: Sendable {
        /// The API the template serves, its locations pointing into the template.
        public var api: APIDefinition
        /// The stages of the API, the first being the one served by default (none for an export).
        public var stages: [DeclaredStage]
        /// The template's usage plans, API keys and usage-plan keys, as ``StageConfiguration`` reads them
        /// (`usagePlans`, `apiKeys`, `usagePlanKeys`); see ``configuration(stage:apiKeyValues:)``.
        public var usagePlans: JSONValue
        /// The definition file (set by ``OpenAPILoader/loadTemplate(contentsOf:parameters:region:accountId:)``).
        public var path: String?
        /// Where the served document's parts come from.
        public var sourceMap: SourceMap

        /// A template's reading.
        public init(
            api: APIDefinition,
            stages: [DeclaredStage] = [],
            usagePlans: JSONValue = .object(JSONObject()),
            sourceMap: SourceMap = .identity
        ) {
            self.api = api
            self.stages = stages
            self.usagePlans = usagePlans
            self.sourceMap = sourceMap
        }

        /// `error`, from compiling or serving ``api`` (its location a pointer into the served document),
        /// with the file, the pointer in it and the line:column it came from. An error that already
        /// names its file is returned as it is.
        public func locate(_ error: DefinitionError) -> DefinitionError {
            guard error.file == nil, let path else { return error }
            return SourcePositions(read: { try? OpenAPILoader.text(contentsOf: $0) }).annotate(sourceMap.relocate(error), file: path)
        }

        /// The first declared stage's name.
        public var stageName: String? { stages.first?.name }
        /// The first declared stage's variables.
        public var stageVariables: [(String, String)] { stages.first?.variables ?? [] }
    }

    /// Whether `document` is a CloudFormation template (it has `Resources` with typed resources).
    public static func isTemplate(_ document: JSONValue) -> Bool {
        guard case .object(let resources)? = document["Resources"] else { return false }
        return document["AWSTemplateFormatVersion"] != nil || resources.values.contains { $0["Type"]?.stringValue != nil }
    }

    /// Loads `document`; `region`/`accountId` are the pseudo parameters, `parameters` override defaults,
    /// and local files the template names (`BodyS3Location`, `DefinitionUri`, `AWS::Include`) are read
    /// from `baseDirectory` (the template's directory; the current directory when nil).
    public static func load(
        document: JSONValue,
        parameters: [String: String] = [:],
        region: String = "us-east-1",
        accountId: String = "123456789012",
        baseDirectory: String? = nil
    ) throws(DefinitionError) -> Template {
        var resolver = Resolver(
            document: document,
            parameters: parameters,
            region: region,
            accountId: accountId,
            baseDirectory: baseDirectory
        )
        guard case .object(let resources)? = document["Resources"] else { throw DefinitionError(location: "/Resources", message: "no Resources") }
        if isSAM(document) { return try loadSAM(document, resources: resources, resolver: &resolver) }
        let apis = resources.filter { $0.value["Type"]?.stringValue == "AWS::ApiGateway::RestApi" }
        guard let (apiId, apiResource) = apis.first else {
            throw DefinitionError(location: "/Resources", message: "no AWS::ApiGateway::RestApi resource")
        }
        if apis.count > 1 {
            throw DefinitionError(
                location: "/Resources",
                message: "more than one AWS::ApiGateway::RestApi (\(apis.map(\.key).joined(separator: ", "))): serve one per template"
            )
        }
        let properties = try resolver.resolve(apiResource["Properties"] ?? .object(JSONObject()), at: "/Resources/\(apiId)/Properties")
        var sourceMap = SourceMap()
        let served: JSONValue
        if let body = properties["Body"] {
            served = body
            sourceMap.map("", to: "/Resources/\(apiId)/Properties/Body")
        } else if let location = properties["BodyS3Location"] {
            // `aws cloudformation package` uploads a local BodyS3Location file; before that it names the file.
            let path = try resolver.localFile(location, at: "/Resources/\(apiId)/Properties/BodyS3Location")
            served = try OpenAPILoader.parse(try OpenAPILoader.text(contentsOf: path))
            sourceMap.map("", to: "", in: path)
        } else {
            sourceMap.map("", to: "/Resources/\(apiId)", exact: false)
            served = try swagger(for: apiId, properties: properties, resources: resources, resolver: &resolver, sourceMap: &sourceMap)
        }
        var document = served
        if let policy = properties["Policy"], case .object(var members) = served {
            // "AWS::ApiGateway::RestApi Policy": the resource policy (an object or its JSON text).
            members["x-amazon-apigateway-policy"] = policy
            document = .object(members)
            sourceMap.map("/x-amazon-apigateway-policy", to: "/Resources/\(apiId)/Properties/Policy")
        }
        var api = try readServed(document, sourceMap: sourceMap)
        if let media = properties["BinaryMediaTypes"]?.arrayValue {
            api.binaryMediaTypes = media.compactMap(\.stringValue).map { JSONPointer.unescape($0) }
        }
        var warnings: [DefinitionError] = []
        let stages = try declaredStages(apiId: apiId, resources: resources, resolver: &resolver, warnings: &warnings)
        let plans = try declaredUsagePlans(apiId: apiId, resources: resources, resolver: &resolver)
        api.warnings += warnings
        return Template(api: api, stages: stages, usagePlans: plans, sourceMap: sourceMap)
    }

    /// Reads the document the template serves, its errors and warnings relocated to where they come from.
    static func readServed(_ document: JSONValue, sourceMap: SourceMap) throws(DefinitionError) -> APIDefinition {
        var api: APIDefinition
        do {
            var reader = DefinitionReader(document: document)
            api = try reader.read()
        } catch {
            throw sourceMap.relocate(error)
        }
        api.warnings = api.warnings.map(sourceMap.relocate)
        return api
    }

    /// The Swagger 2.0 export of an API built from its `Resource`/`Method`/… resources.
    static func swagger(
        for apiId: String,
        properties: JSONValue,
        resources: JSONObject,
        resolver: inout Resolver,
        sourceMap: inout SourceMap
    ) throws(DefinitionError)
        -> JSONValue
    {
        func props(_ id: String) throws(DefinitionError) -> JSONValue {
            try resolver.resolve(resources[id]?["Properties"] ?? .object(JSONObject()), at: "/Resources/\(id)/Properties")
        }
        func ofType(_ type: String) -> [String] {
            resources.compactMap { $0.value["Type"]?.stringValue == type ? $0.key : nil }.sorted()
        }
        // Resource paths: the RestApi's root is `/`; each resource is its parent's path plus its PathPart.
        var parents: [String: (parent: String, part: String)] = [:]
        for id in ofType("AWS::ApiGateway::Resource") {
            let p = try props(id)
            guard let parent = p["ParentId"]?.stringValue, let part = p["PathPart"]?.stringValue else {
                throw DefinitionError(location: "/Resources/\(id)/Properties", message: "a Resource needs ParentId and PathPart")
            }
            parents[id] = (parent, part)
        }
        func path(_ id: String, depth: Int = 0) throws(DefinitionError) -> String {
            if id == Resolver.rootResource(apiId) { return "/" }
            guard depth < 64, let (parent, part) = parents[id] else {
                throw DefinitionError(location: "/Resources/\(id)", message: "not a Resource of \(apiId) (or its parents form a loop)")
            }
            let above = try path(parent, depth: depth + 1)
            return (above == "/" ? "" : above) + "/" + part
        }
        var models = JSONObject()
        var modelNames: [String: String] = [:]
        for id in ofType("AWS::ApiGateway::Model") {
            let p = try props(id)
            let name = p["Name"]?.stringValue ?? id
            modelNames[id] = name
            sourceMap.map("/definitions/\(JSONPointer.escape(name))", to: "/Resources/\(id)/Properties/Schema")
            var schema = p["Schema"] ?? .object(JSONObject())
            if case .string(let text) = schema, let parsed = try? JSONValue(parsing: text) { schema = parsed }
            models[name] = schema
        }
        var validators = JSONObject()
        var validatorNames: [String: String] = [:]
        for id in ofType("AWS::ApiGateway::RequestValidator") {
            let p = try props(id)
            let name = p["Name"]?.stringValue ?? id
            validatorNames[id] = name
            validators[name] = .object(
                JSONObject(uniqueKeysWithValues: [
                    ("validateRequestBody", .bool(p["ValidateRequestBody"]?.boolValue ?? false)),
                    ("validateRequestParameters", .bool(p["ValidateRequestParameters"]?.boolValue ?? false)),
                ])
            )
        }
        var schemes = JSONObject()
        schemes["api_key"] = .object(JSONObject(uniqueKeysWithValues: [("type", "apiKey"), ("name", "x-api-key"), ("in", "header")]))
        for id in ofType("AWS::ApiGateway::Authorizer") {
            let p = try props(id)
            var authorizer = JSONObject()
            authorizer["type"] = .string((p["Type"]?.stringValue ?? "TOKEN").lowercased())
            if let uri = p["AuthorizerUri"] { authorizer["authorizerUri"] = uri }
            if let source = p["IdentitySource"] { authorizer["identitySource"] = source }
            if let expression = p["IdentityValidationExpression"] { authorizer["identityValidationExpression"] = expression }
            if let ttl = p["AuthorizerResultTtlInSeconds"] { authorizer["authorizerResultTtlInSeconds"] = ttl }
            if let arns = p["ProviderARNs"] { authorizer["providerARNs"] = arns }
            sourceMap.map("/securityDefinitions/\(JSONPointer.escape(id))", to: "/Resources/\(id)/Properties", exact: false)
            schemes[id] = .object(
                JSONObject(uniqueKeysWithValues: [
                    ("type", "apiKey"), ("name", "Authorization"), ("in", "header"),
                    (
                        "x-amazon-apigateway-authtype",
                        .string(authorizer["type"]?.stringValue == "cognito_user_pools" ? "cognito_user_pools" : "custom")
                    ),
                    ("x-amazon-apigateway-authorizer", .object(authorizer)),
                ])
            )
        }
        var paths = JSONObject()
        for id in ofType("AWS::ApiGateway::Method") {
            let at = "/Resources/\(id)/Properties"
            let p = try props(id)
            guard let verb = p["HttpMethod"]?.stringValue?.lowercased() else {
                throw DefinitionError(location: at, message: "a Method needs HttpMethod")
            }
            guard let resource = p["ResourceId"]?.stringValue else { throw DefinitionError(location: at, message: "a Method needs ResourceId") }
            let route = try path(resource)
            var operation = JSONObject()
            var parameters: [JSONValue] = []
            for (name, required) in p["RequestParameters"]?.objectValue ?? JSONObject() {
                let parts = name.split(separator: ".", maxSplits: 3).map(String.init)
                guard parts.count == 4 else { continue }
                let location = parts[2] == "querystring" ? "query" : parts[2]
                parameters.append(
                    .object(
                        JSONObject(uniqueKeysWithValues: [
                            ("name", .string(parts[3])), ("in", .string(location)), ("required", .bool(required.boolValue ?? false)),
                        ])
                    )
                )
            }
            for (type, model) in p["RequestModels"]?.objectValue ?? JSONObject() {
                let name = model.stringValue.map { modelNames[$0] ?? $0 } ?? ""
                operation["consumes"] = .array([.string(type)])
                parameters.append(
                    .object(
                        JSONObject(uniqueKeysWithValues: [
                            ("in", "body"), ("name", "body"), ("schema", .object(["$ref": .string("#/definitions/\(name)")])),
                        ])
                    )
                )
            }
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if let validator = p["RequestValidatorId"]?.stringValue {
                operation["x-amazon-apigateway-request-validator"] = .string(validatorNames[validator] ?? validator)
            }
            var security: [JSONValue] = []
            switch p["AuthorizationType"]?.stringValue?.uppercased() ?? "NONE" {
            case "NONE": break
            case "AWS_IAM": operation["x-amazon-apigateway-auth"] = .object(JSONObject(uniqueKeysWithValues: [("type", "AWS_IAM")]))
            case "CUSTOM", "COGNITO_USER_POOLS":
                guard let authorizer = p["AuthorizerId"]?.stringValue, schemes[authorizer] != nil else {
                    throw DefinitionError(
                        location: at + "/AuthorizerId",
                        message: "the method's authorizer is not an AWS::ApiGateway::Authorizer of this template"
                    )
                }
                security.append(.object(JSONObject(uniqueKeysWithValues: [(authorizer, p["AuthorizationScopes"] ?? .array([]))])))
            case let other: throw DefinitionError(location: at + "/AuthorizationType", message: "unknown AuthorizationType \(other)")
            }
            if p["ApiKeyRequired"]?.boolValue == true { security.append(.object(JSONObject(uniqueKeysWithValues: [("api_key", .array([]))]))) }
            if !security.isEmpty {
                // One requirement naming every scheme (they all apply).
                var all = JSONObject()
                for requirement in security { for (name, scopes) in requirement.objectValue ?? JSONObject() { all[name] = scopes } }
                operation["security"] = .array([.object(all)])
            }
            var responses = JSONObject()
            for response in p["MethodResponses"]?.arrayValue ?? [] {
                guard let code = response["StatusCode"].map({ $0.stringValue ?? $0.serialized() }) else { continue }
                var headers = JSONObject()
                for (name, _) in response["ResponseParameters"]?.objectValue ?? JSONObject() where name.hasPrefix("method.response.header.") {
                    headers[String(name.dropFirst("method.response.header.".count))] = .object(JSONObject(uniqueKeysWithValues: [("type", "string")]))
                }
                responses[code] = .object(JSONObject(uniqueKeysWithValues: [("description", .string(code)), ("headers", .object(headers))]))
            }
            operation["responses"] = .object(responses)
            if let integration = p["Integration"] {
                operation["x-amazon-apigateway-integration"] = integrationExtension(integration)
            }
            let key = verb == "any" ? "x-amazon-apigateway-any-method" : verb
            sourceMap.map(
                "/paths/\(JSONPointer.escape(route))/\(key)",
                to: "/Resources/\(id)/Properties",
                exact: false,
                properties: methodProperties
            )
            var item = paths[route]?.objectValue ?? JSONObject()
            item[key] = .object(operation)
            paths[route] = .object(item)
        }
        var gatewayResponses = JSONObject()
        for id in ofType("AWS::ApiGateway::GatewayResponse") {
            let p = try props(id)
            guard let type = p["ResponseType"]?.stringValue else { continue }
            sourceMap.map("/x-amazon-apigateway-gateway-responses/\(type)", to: "/Resources/\(id)/Properties", exact: false)
            var response = JSONObject()
            if let code = p["StatusCode"] { response["statusCode"] = code }
            if let parameters = p["ResponseParameters"] { response["responseParameters"] = parameters }
            if let templates = p["ResponseTemplates"] { response["responseTemplates"] = templates }
            gatewayResponses[type] = .object(response)
        }
        var document = JSONObject()
        document["swagger"] = "2.0"
        document["info"] = .object(JSONObject(uniqueKeysWithValues: [("title", properties["Name"] ?? .string(apiId))]))
        document["paths"] = .object(paths)
        document["definitions"] = .object(models)
        document["securityDefinitions"] = .object(schemes)
        if !validators.isEmpty { document["x-amazon-apigateway-request-validators"] = .object(validators) }
        if !gatewayResponses.isEmpty { document["x-amazon-apigateway-gateway-responses"] = .object(gatewayResponses) }
        if let source = properties["ApiKeySourceType"] { document["x-amazon-apigateway-api-key-source"] = source }
        return .object(document)
    }

    /// `Integration`'s properties and the `x-amazon-apigateway-integration` members they become.
    static let integrationNames: [(String, String)] = [
        ("Type", "type"), ("Uri", "uri"), ("IntegrationHttpMethod", "httpMethod"), ("RequestParameters", "requestParameters"),
        ("RequestTemplates", "requestTemplates"), ("PassthroughBehavior", "passthroughBehavior"), ("ContentHandling", "contentHandling"),
        ("TimeoutInMillis", "timeoutInMillis"), ("Credentials", "credentials"),
    ]

    /// Where a built operation's parts sit in its Method resource, for error positions.
    static let methodProperties: [String: String] = {
        var names = [
            "x-amazon-apigateway-integration": "Integration", "x-amazon-apigateway-integration/responses": "Integration/IntegrationResponses",
        ]
        for (property, member) in integrationNames { names["x-amazon-apigateway-integration/\(member)"] = "Integration/\(property)" }
        names["parameters"] = "RequestParameters"
        names["security"] = "AuthorizationType"
        names["responses"] = "MethodResponses"
        return names
    }()

    /// `AWS::ApiGateway::Method`'s `Integration` as `x-amazon-apigateway-integration`.
    static func integrationExtension(_ integration: JSONValue) -> JSONValue {
        var out = JSONObject()
        for (from, to) in integrationNames { if let value = integration[from] { out[to] = value } }
        var responses = JSONObject()
        for response in integration["IntegrationResponses"]?.arrayValue ?? [] {
            let pattern = response["SelectionPattern"]?.stringValue ?? ""
            var entry = JSONObject()
            entry["statusCode"] = response["StatusCode"].map { .string($0.stringValue ?? $0.serialized()) } ?? "200"
            if let parameters = response["ResponseParameters"] { entry["responseParameters"] = parameters }
            if let templates = response["ResponseTemplates"] { entry["responseTemplates"] = templates }
            if let handling = response["ContentHandling"] { entry["contentHandling"] = handling }
            responses[pattern.isEmpty ? "default" : pattern] = .object(entry)
        }
        if !responses.isEmpty { out["responses"] = .object(responses) }
        return .object(out)
    }
}
