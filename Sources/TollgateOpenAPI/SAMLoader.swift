import Foundation
import TollgateGateway
import TollgateJSON

/// AWS SAM templates (`Transform: AWS::Serverless-2016-10-31`): an `AWS::Serverless::Api` (its
/// `DefinitionBody`, `StageName`, `Variables`, `BinaryMediaTypes`, `Auth`) or the implicit API that SAM
/// makes from the functions' `Api` events, as `sam local start-api` does: each event an `aws_proxy`
/// integration of its function ("AWS::Serverless::Function Api event" and "AWS::Serverless::Api" in the
/// SAM developer guide). What the transform does and this does not is a warning naming the property.
extension CloudFormationLoader {
    static let samTransform = "AWS::Serverless-2016-10-31"

    static func isSAM(_ document: JSONValue) -> Bool {
        switch document["Transform"] {
        case .string(let name)?: name == samTransform
        case .array(let names)?: names.contains { $0.stringValue == samTransform }
        default: false
        }
    }

    static func loadSAM(_ document: JSONValue, resources: JSONObject, resolver: inout Resolver) throws(DefinitionError) -> Template {
        var warnings: [DefinitionError] = []
        let explicit = resources.filter { $0.value["Type"]?.stringValue == "AWS::Serverless::Api" }.map(\.key).sorted()
        // Functions' Api events, by the API they join (the implicit ServerlessRestApi when none is named).
        var events: [(function: String, name: String, api: String, properties: JSONValue)] = []
        for (function, resource) in resources.sorted(by: { $0.key < $1.key }) where resource["Type"]?.stringValue == "AWS::Serverless::Function" {
            for (name, event) in resource["Properties"]?["Events"]?.objectValue ?? JSONObject() where event["Type"]?.stringValue == "Api" {
                let at = "/Resources/\(function)/Properties/Events/\(name)/Properties"
                let properties = try resolver.resolve(event["Properties"] ?? .object(JSONObject()), at: at)
                let api = properties["RestApiId"]?.stringValue ?? "ServerlessRestApi"
                events.append((function, name, api, properties))
            }
        }
        let apis = Set(events.map(\.api)).union(explicit)
        guard apis.count == 1, let apiId = apis.first else {
            throw DefinitionError(
                location: "/Resources",
                message: apis.isEmpty
                    ? "no AWS::Serverless::Api and no function with an Api event"
                    : "more than one API (\(apis.sorted().joined(separator: ", "))): serve one per template"
            )
        }
        let at = "/Resources/\(apiId)/Properties"
        var properties = JSONObject()
        if case .object(let global) = try resolver.resolve(document["Globals"]?["Api"] ?? .null, at: "/Globals/Api") { properties = global }
        if let resource = resources[apiId], case .object(let own) = try resolver.resolve(resource["Properties"] ?? .object(JSONObject()), at: at) {
            for (key, value) in own { properties[key] = value }
        }
        var body: JSONObject
        if case .object(let definition)? = properties["DefinitionBody"] {
            body = definition
        } else {
            if properties["DefinitionUri"] != nil {
                warnings.append(
                    DefinitionError(location: at + "/DefinitionUri", message: "DefinitionUri is not read: inline the definition as DefinitionBody")
                )
            }
            body = JSONObject(uniqueKeysWithValues: [
                ("swagger", "2.0"), ("info", .object(["title": .string(apiId)])), ("paths", .object(JSONObject())),
            ])
        }
        var schemes = body["securityDefinitions"]?.objectValue ?? JSONObject()
        let auth = properties["Auth"]
        for (name, authorizer) in auth?["Authorizers"]?.objectValue ?? JSONObject() {
            schemes[name] = try samAuthorizer(authorizer, at: at + "/Auth/Authorizers/\(name)", resolver: resolver)
        }
        let apiKeyRequired = auth?["ApiKeyRequired"]?.boolValue ?? false
        if apiKeyRequired || events.contains(where: { $0.properties["Auth"]?["ApiKeyRequired"]?.boolValue == true }) {
            schemes["api_key"] = .object(JSONObject(uniqueKeysWithValues: [("type", "apiKey"), ("name", "x-api-key"), ("in", "header")]))
        }
        let defaultAuthorizer = auth?["DefaultAuthorizer"]?.stringValue
        var paths = body["paths"]?.objectValue ?? JSONObject()
        for event in events {
            let eventAt = "/Resources/\(event.function)/Properties/Events/\(event.name)/Properties"
            guard let path = event.properties["Path"]?.stringValue, let method = event.properties["Method"]?.stringValue?.lowercased() else {
                throw DefinitionError(location: eventAt, message: "an Api event needs Path and Method")
            }
            let key = method == "any" ? "x-amazon-apigateway-any-method" : method
            var item = paths[path]?.objectValue ?? JSONObject()
            if item[key] != nil { continue }  // the definition body's own operation stands
            var requirement = JSONObject()
            let authorizer = event.properties["Auth"]?["Authorizer"]?.stringValue ?? defaultAuthorizer
            if let authorizer, authorizer != "NONE", authorizer != "AWS_IAM" {
                guard schemes[authorizer] != nil else {
                    throw DefinitionError(
                        location: eventAt + "/Auth/Authorizer",
                        message: "no authorizer named \(authorizer) in the API's Auth.Authorizers"
                    )
                }
                requirement[authorizer] = event.properties["Auth"]?["AuthorizationScopes"] ?? .array([])
            }
            var operation = JSONObject()
            if authorizer == "AWS_IAM" { operation["x-amazon-apigateway-auth"] = .object(["type": "AWS_IAM"]) }
            if event.properties["Auth"]?["ApiKeyRequired"]?.boolValue ?? apiKeyRequired { requirement["api_key"] = .array([]) }
            if !requirement.isEmpty { operation["security"] = .array([.object(requirement)]) }
            operation["x-amazon-apigateway-integration"] = .object(
                JSONObject(uniqueKeysWithValues: [
                    ("type", "aws_proxy"), ("httpMethod", "POST"),
                    ("uri", .string(functionURI(event.function, resolver: resolver))),
                ])
            )
            item[key] = .object(operation)
            paths[path] = .object(item)
        }
        body["paths"] = .object(paths)
        if !schemes.isEmpty { body["securityDefinitions"] = .object(schemes) }
        if let media = properties["BinaryMediaTypes"] { body["x-amazon-apigateway-binary-media-types"] = media }
        for unsupported in ["Cors", "GatewayResponses", "MethodSettings", "Domain", "CacheClusterEnabled", "AccessLogSetting"]
        where properties[unsupported] != nil {
            warnings.append(
                DefinitionError(location: at + "/" + unsupported, message: "\(unsupported) is not applied (SAM's transform would apply it)")
            )
        }
        if auth?["UsagePlan"] != nil {
            warnings.append(
                DefinitionError(
                    location: at + "/Auth/UsagePlan",
                    message: "the usage plan is not created: give its plans and keys with --stage-config"
                )
            )
        }
        var api = try OpenAPILoader.load(document: .object(body))
        api.warnings += warnings
        if api.title.isEmpty { api.title = apiId }
        var template = Template(api: api, stageName: properties["StageName"]?.stringValue ?? (explicit.isEmpty ? "Prod" : nil), stageVariables: [])
        for (name, value) in properties["Variables"]?.objectValue ?? JSONObject() {
            template.stageVariables.append((name, value.stringValue ?? value.serialized()))
        }
        return template
    }

    /// The invocation URI of a function of the template (its name is its logical id).
    static func functionURI(_ function: String, resolver: Resolver) -> String {
        "arn:aws:apigateway:\(resolver.region):lambda:path/2015-03-31/functions/arn:aws:lambda:\(resolver.region):\(resolver.accountId):function:\(function)/invocations"
    }

    /// A SAM `Auth.Authorizers` entry as a security scheme with `x-amazon-apigateway-authorizer`.
    static func samAuthorizer(_ value: JSONValue, at: String, resolver: Resolver) throws(DefinitionError) -> JSONValue {
        var authorizer = JSONObject()
        let identity = value["Identity"]
        if let pool = value["UserPoolArn"] {
            authorizer["type"] = "cognito_user_pools"
            authorizer["providerARNs"] = pool.arrayValue.map(JSONValue.array) ?? .array([pool])
            if let header = identity?["Header"]?.stringValue { authorizer["identitySource"] = .string("method.request.header.\(header)") }
        } else if let arn = value["FunctionArn"]?.stringValue {
            let request = value["FunctionPayloadType"]?.stringValue?.uppercased() == "REQUEST"
            authorizer["type"] = request ? "request" : "token"
            authorizer["authorizerUri"] = .string("arn:aws:apigateway:\(resolver.region):lambda:path/2015-03-31/functions/\(arn)/invocations")
            var sources: [String] = []
            if request {
                for header in identity?["Headers"]?.arrayValue ?? [] {
                    if let h = header.stringValue { sources.append("method.request.header.\(h)") }
                }
                for query in identity?["QueryStrings"]?.arrayValue ?? [] {
                    if let q = query.stringValue { sources.append("method.request.querystring.\(q)") }
                }
                for variable in identity?["StageVariables"]?.arrayValue ?? [] {
                    if let v = variable.stringValue { sources.append("stageVariables.\(v)") }
                }
                for context in identity?["Context"]?.arrayValue ?? [] { if let c = context.stringValue { sources.append("context.\(c)") } }
            } else {
                sources.append("method.request.header.\(identity?["Header"]?.stringValue ?? "Authorization")")
            }
            authorizer["identitySource"] = .string(sources.joined(separator: ", "))
            if let expression = identity?["ValidationExpression"] { authorizer["identityValidationExpression"] = expression }
        } else {
            throw DefinitionError(location: at, message: "an authorizer needs FunctionArn (Lambda) or UserPoolArn (Cognito)")
        }
        if let ttl = identity?["ReauthorizeEvery"] { authorizer["authorizerResultTtlInSeconds"] = ttl }
        return .object(
            JSONObject(uniqueKeysWithValues: [
                ("type", "apiKey"), ("name", "Authorization"), ("in", "header"),
                ("x-amazon-apigateway-authtype", .string(authorizer["type"]?.stringValue == "cognito_user_pools" ? "cognito_user_pools" : "custom")),
                ("x-amazon-apigateway-authorizer", .object(authorizer)),
            ])
        )
    }
}
