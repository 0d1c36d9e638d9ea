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
        var sourceMap = SourceMap()
        sourceMap.map("", to: resources[apiId] != nil ? "/Resources/\(apiId)" : "/Resources", exact: false)
        if case .object(let definition)? = properties["DefinitionBody"] {
            body = definition
            if resources[apiId]?["Properties"]?["DefinitionBody"] != nil { sourceMap.map("", to: at + "/DefinitionBody") }
        } else if let uri = properties["DefinitionUri"] {
            // A local DefinitionUri is read as `sam deploy` would upload it (intrinsics in it are not
            // resolved, as SAM does not resolve them).
            let path = try resolver.localFile(uri, at: at + "/DefinitionUri")
            guard case .object(let definition) = try OpenAPILoader.parse(try OpenAPILoader.text(contentsOf: path)) else {
                throw DefinitionError(location: at + "/DefinitionUri", message: "\(path) is not an OpenAPI document")
            }
            body = definition
            sourceMap.map("", to: "", in: path)
        } else {
            body = JSONObject(uniqueKeysWithValues: [
                ("swagger", "2.0"), ("info", .object(["title": .string(apiId)])), ("paths", .object(JSONObject())),
            ])
        }
        var schemes = body["securityDefinitions"]?.objectValue ?? JSONObject()
        let auth = properties["Auth"]
        for (name, authorizer) in auth?["Authorizers"]?.objectValue ?? JSONObject() {
            schemes[name] = try samAuthorizer(authorizer, at: at + "/Auth/Authorizers/\(name)", resolver: resolver)
        }
        // Each event's operation, with its own Auth as markers the API's defaults then respect (SAM's
        // swagger editor: `NONE` for "no authorizer", `api_key_false` for "no key").
        var paths = body["paths"]?.objectValue ?? JSONObject()
        for event in events {
            let eventAt = "/Resources/\(event.function)/Properties/Events/\(event.name)/Properties"
            guard let path = event.properties["Path"]?.stringValue, let method = event.properties["Method"]?.stringValue?.lowercased() else {
                throw DefinitionError(location: eventAt, message: "an Api event needs Path and Method")
            }
            let key = method == "any" ? "x-amazon-apigateway-any-method" : method
            var item = paths[path]?.objectValue ?? JSONObject()
            if item[key] != nil { continue }  // the definition body's own operation stands
            sourceMap.map("/paths/\(JSONPointer.escape(path))/\(key)", to: eventAt, exact: false)
            var security: [JSONValue] = []
            var operation = JSONObject()
            let eventAuth = event.properties["Auth"]
            switch eventAuth?["Authorizer"]?.stringValue {
            case nil: break
            case "NONE"?: security.append(.object(["NONE": .array([])]))
            case "AWS_IAM"?: operation["x-amazon-apigateway-auth"] = .object(["type": "AWS_IAM"])
            case let name?:
                guard schemes[name] != nil else {
                    throw DefinitionError(
                        location: eventAt + "/Auth/Authorizer",
                        message: "no authorizer named \(name) in the API's Auth.Authorizers"
                    )
                }
                security.append(.object([name: eventAuth?["AuthorizationScopes"] ?? .array([])]))
            }
            switch eventAuth?["ApiKeyRequired"]?.boolValue {
            case true?: security.append(.object(["api_key": .array([])]))
            case false?: security.append(.object(["api_key_false": .array([])]))
            case nil: break
            }
            if !security.isEmpty { operation["security"] = .array(security) }
            operation["x-amazon-apigateway-integration"] = .object(
                JSONObject(uniqueKeysWithValues: [
                    ("type", "aws_proxy"), ("httpMethod", "POST"),
                    ("uri", .string(functionURI(event.function, resolver: resolver))),
                ])
            )
            item[key] = .object(operation)
            paths[path] = .object(item)
        }
        var policyStatements: [JSONValue] = []
        if let policy = auth?["ResourcePolicy"] {
            policyStatements += try resourcePolicyStatements(policy, resources: ["execute-api:/*"], at: at + "/Auth/ResourcePolicy")
        }
        for event in events {
            guard let policy = event.properties["Auth"]?["ResourcePolicy"], let path = event.properties["Path"]?.stringValue,
                let method = event.properties["Method"]?.stringValue?.uppercased()
            else { continue }
            // The method's ARN as SAM writes it: path parameters as `*`.
            let arnPath = path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix("{") ? "*" : String($0) }
                .joined(separator: "/")
            let resource = "execute-api:/*/\(method == "ANY" ? "*" : method)\(arnPath)"
            let eventAt = "/Resources/\(event.function)/Properties/Events/\(event.name)/Properties/Auth/ResourcePolicy"
            policyStatements += try resourcePolicyStatements(policy, resources: [resource], at: eventAt)
        }
        if !policyStatements.isEmpty {
            var policy = body["x-amazon-apigateway-policy"]?.objectValue ?? ["Version": "2012-10-17"]
            policy["Statement"] = .array((policy["Statement"]?.arrayValue ?? []) + policyStatements)
            body["x-amazon-apigateway-policy"] = .object(policy)
            sourceMap.map("/x-amazon-apigateway-policy", to: at + "/Auth/ResourcePolicy", exact: false)
        }
        if let cors = properties["Cors"] {
            for (path, item) in paths where item["options"] == nil {
                sourceMap.map("/paths/\(JSONPointer.escape(path))/options", to: at + "/Cors", exact: false)
            }
            try addCORS(cors, to: &paths, at: at + "/Cors")
        }
        try applyAuthDefaults(auth, schemes: schemes, to: &paths)
        if paths.values.contains(where: { item in
            item.objectValue?.values.contains { $0["security"]?.arrayValue?.contains { $0["api_key"] != nil } ?? false } ?? false
        }) {
            schemes["api_key"] = schemes["api_key"] ?? .object(["type": "apiKey", "name": "x-api-key", "in": "header"])
        }
        body["paths"] = .object(paths)
        if !schemes.isEmpty { body["securityDefinitions"] = .object(schemes) }
        if let media = properties["BinaryMediaTypes"]?.arrayValue {
            body["x-amazon-apigateway-binary-media-types"] = .array(
                media.map { $0.stringValue.map { .string(JSONPointer.unescape($0)) } ?? $0 }
            )
        }
        if let responses = properties["GatewayResponses"] {
            var all = body["x-amazon-apigateway-gateway-responses"]?.objectValue ?? JSONObject()
            for (type, response) in try gatewayResponses(responses, at: at + "/GatewayResponses") { all[type] = response }
            body["x-amazon-apigateway-gateway-responses"] = .object(all)
        }
        for unsupported in ["Domain", "CanarySetting"] where properties[unsupported] != nil {
            warnings.append(DefinitionError(location: at + "/" + unsupported, message: "\(unsupported) is not applied"))
        }
        var api = try readServed(.object(body), sourceMap: sourceMap)
        if api.title.isEmpty { api.title = apiId }
        let stageName = properties["StageName"]?.stringValue ?? (explicit.isEmpty ? "Prod" : nil)
        var stages: [DeclaredStage] = []
        if let stageName {
            stages.append(
                DeclaredStage(
                    name: stageName,
                    variables: variables(properties["Variables"]),
                    methodSettings: try methodSettings(properties["MethodSettings"], at: at + "/MethodSettings", warnings: &warnings),
                    settings: try stageSettings(.object(properties), at: at)
                )
            )
        }
        // Plain API Gateway resources beside the SAM ones (a UsagePlan naming the API) count too.
        var plans = try declaredUsagePlans(apiId: apiId, resources: resources, resolver: &resolver)
        if let usagePlan = auth?["UsagePlan"], let stageName {
            try addUsagePlan(usagePlan, apiId: apiId, stage: stageName, to: &plans, at: at + "/Auth/UsagePlan")
        }
        api.warnings += warnings
        return Template(api: api, stages: stages, usagePlans: plans, sourceMap: sourceMap)
    }
}
