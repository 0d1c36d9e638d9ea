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

    /// SAM's `Auth.UsagePlan` ("ApiUsagePlan" in the SAM developer guide): `PER_API` makes
    /// `<Api>UsagePlan` with the key `<Api>ApiKey`, `SHARED` makes `ServerlessUsagePlan` with
    /// `ServerlessApiKey`, `NONE` makes none. The key is enabled and its value is generated by AWS, so
    /// it has no value here until one is given.
    static func addUsagePlan(_ value: JSONValue, apiId: String, stage: String, to plans: inout JSONValue, at: String) throws(DefinitionError) {
        let prefix: String
        switch value["CreateUsagePlan"]?.stringValue?.uppercased() {
        case "PER_API"?: prefix = apiId
        case "SHARED"?: prefix = "Serverless"
        case "NONE"?: return
        default: throw DefinitionError(location: at + "/CreateUsagePlan", message: "CreateUsagePlan is PER_API, SHARED or NONE")
        }
        guard case .object(var document) = plans else { return }
        let planId = prefix + "UsagePlan"
        let keyId = prefix + "ApiKey"
        let stageEntry: JSONValue = .object(["apiId": .string(apiId), "stage": .string(stage)])
        var items = document["usagePlans"]?["items"]?.arrayValue ?? []
        items.append(usagePlan(id: planId, properties: value, apiStages: [stageEntry]))
        document["usagePlans"] = .object(["items": .array(items)])
        var keys = document["apiKeys"]?["items"]?.arrayValue ?? []
        keys.append(.object(["id": .string(keyId), "name": .string(keyId), "enabled": true]))
        document["apiKeys"] = .object(["items": .array(keys)])
        var planKeys = document["usagePlanKeys"]?.objectValue ?? JSONObject()
        planKeys[planId] = .object(["items": .array([.object(["id": .string(keyId), "type": "API_KEY"])])])
        document["usagePlanKeys"] = .object(planKeys)
        plans = .object(document)
    }

    /// SAM's `Cors` (a string origin, or `AllowOrigin`, `AllowHeaders`, `AllowMethods`, `MaxAge`,
    /// `AllowCredentials`): an `OPTIONS` mock method on every path that has none, answering the
    /// `Access-Control-Allow-*` headers. `AllowMethods` defaults to the path's methods and `OPTIONS`
    /// (every method for `ANY`), upper case and sorted; `Access-Control-Allow-Credentials` is sent only
    /// when true (SAM's swagger editor, after "Enabling CORS for a REST API resource" in the API Gateway
    /// developer guide).
    static func addCORS(_ cors: JSONValue, to paths: inout JSONObject, at: String) throws(DefinitionError) {
        func header(_ value: JSONValue?) -> JSONValue? {
            guard let value else { return nil }
            if case .number(let n) = value { return .string("'\(n)'") }
            return value
        }
        let origin = cors.stringValue.map(JSONValue.string) ?? cors["AllowOrigin"]
        guard let origin else { throw DefinitionError(location: at, message: "Cors needs AllowOrigin (a quoted origin such as \"'*'\")") }
        for (path, item) in paths {
            guard case .object(var operations) = item, operations["options"] == nil else { continue }
            var parameters: JSONObject = ["method.response.header.Access-Control-Allow-Origin": origin]
            var headers: JSONObject = ["Access-Control-Allow-Origin": .object(["type": "string"])]
            if let allowed = header(cors["AllowHeaders"]) {
                parameters["method.response.header.Access-Control-Allow-Headers"] = allowed
                headers["Access-Control-Allow-Headers"] = .object(["type": "string"])
            }
            var methods = header(cors["AllowMethods"])
            if methods == nil {
                let all = ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
                let names =
                    operations.keys.contains("x-amazon-apigateway-any-method")
                    ? all : operations.keys.filter { all.contains($0.uppercased()) }.map { $0.uppercased() } + ["OPTIONS"]
                methods = .string("'" + Set(names).sorted().joined(separator: ",") + "'")
            }
            if let methods {
                parameters["method.response.header.Access-Control-Allow-Methods"] = methods
                headers["Access-Control-Allow-Methods"] = .object(["type": "string"])
            }
            if let age = header(cors["MaxAge"]) {
                parameters["method.response.header.Access-Control-Max-Age"] = age
                headers["Access-Control-Max-Age"] = .object(["type": "integer"])
            }
            if cors["AllowCredentials"]?.boolValue == true {
                parameters["method.response.header.Access-Control-Allow-Credentials"] = "'true'"
                headers["Access-Control-Allow-Credentials"] = .object(["type": "string"])
            }
            operations["options"] = .object([
                "summary": "CORS support", "consumes": .array(["application/json"]), "produces": .array(["application/json"]),
                "x-amazon-apigateway-integration": .object([
                    "type": "mock",
                    "requestTemplates": .object(["application/json": "{\n  \"statusCode\" : 200\n}\n"]),
                    "responses": .object([
                        "default": .object([
                            "statusCode": "200", "responseParameters": .object(parameters),
                            "responseTemplates": .object(["application/json": "{}\n"]),
                        ])
                    ]),
                ]),
                "responses": .object(["200": .object(["description": "Default response for CORS method", "headers": .object(headers)])]),
            ])
            paths[path] = .object(operations)
        }
    }

    /// The API's `Auth.DefaultAuthorizer` and `Auth.ApiKeyRequired` on every method with an integration
    /// that does not say otherwise (the definition body's as well as the events'), including the CORS
    /// `OPTIONS` methods unless `AddDefaultAuthorizerToCorsPreflight` / `AddApiKeyRequiredToCorsPreflight`
    /// is false; then the markers are removed (SAM's swagger editor).
    static func applyAuthDefaults(_ auth: JSONValue?, schemes: JSONObject, to paths: inout JSONObject) throws(DefinitionError) {
        let defaultAuthorizer = auth?["DefaultAuthorizer"]?.stringValue
        let apiKeyRequired = auth?["ApiKeyRequired"]?.boolValue ?? false
        let authorizerOnPreflight = auth?["AddDefaultAuthorizerToCorsPreflight"]?.boolValue ?? true
        let apiKeyOnPreflight = auth?["AddApiKeyRequiredToCorsPreflight"]?.boolValue ?? true
        if let defaultAuthorizer, defaultAuthorizer != "AWS_IAM", schemes[defaultAuthorizer] == nil {
            throw DefinitionError(location: "/Auth/DefaultAuthorizer", message: "no authorizer named \(defaultAuthorizer) in Auth.Authorizers")
        }
        let authorizerNames = Set(auth?["Authorizers"]?.objectValue?.keys ?? [])
        for (path, item) in paths {
            guard case .object(var operations) = item else { continue }
            for (name, value) in operations where name != "parameters" {
                guard case .object(var operation) = value, operation["x-amazon-apigateway-integration"] != nil else { continue }
                var security = operation["security"]?.arrayValue ?? []
                let preflight = name == "options"
                let none = security.contains { $0["NONE"] != nil }
                let hasAuthorizer =
                    security.contains { requirement in requirement.objectValue?.keys.contains { authorizerNames.contains($0) } ?? false }
                    || operation["x-amazon-apigateway-auth"] != nil
                if let defaultAuthorizer, !none, !hasAuthorizer, authorizerOnPreflight || !preflight {
                    if defaultAuthorizer == "AWS_IAM" {
                        operation["x-amazon-apigateway-auth"] = .object(["type": "AWS_IAM"])
                    } else {
                        let scopes = auth?["Authorizers"]?[defaultAuthorizer]?["AuthorizationScopes"] ?? .array([])
                        security.append(.object([defaultAuthorizer: scopes]))
                    }
                }
                let keyOff = security.contains { $0["api_key_false"] != nil }
                if apiKeyRequired, !keyOff, !security.contains(where: { $0["api_key"] != nil }), apiKeyOnPreflight || !preflight {
                    security.append(.object(["api_key": .array([])]))
                }
                security.removeAll { $0["NONE"] != nil || $0["api_key_false"] != nil }
                if security.isEmpty { operation["security"] = nil } else { operation["security"] = .array(security) }
                operations[name] = .object(operation)
            }
            paths[path] = .object(operations)
        }
    }

    /// SAM's `Auth.ResourcePolicy` as resource-policy statements on `resources` ("ApiResourcePolicy" in
    /// the SAM developer guide): `CustomStatements` as written, and each allow or block list as an
    /// `Allow` for everyone with a `Deny` for the callers outside (or on) the list: `IpRange…` on
    /// `aws:SourceIp`, `SourceVpc…` on `aws:SourceVpc` (or `aws:SourceVpce` for a `vpce-` id),
    /// `AwsAccount…` as principals. Anything else is refused: a policy is never half applied.
    static func resourcePolicyStatements(_ value: JSONValue, resources: [String], at: String) throws(DefinitionError) -> [JSONValue] {
        guard case .object(let members) = value else { throw DefinitionError(location: at, message: "ResourcePolicy is an object") }
        let resource: JSONValue = .array(resources.map(JSONValue.string))
        func statement(_ effect: String, principal: JSONValue = "*", condition: JSONValue? = nil) -> JSONValue {
            var out: JSONObject = ["Effect": .string(effect), "Principal": principal, "Action": "execute-api:Invoke", "Resource": resource]
            if let condition { out["Condition"] = condition }
            return .object(out)
        }
        func list(_ name: String) throws(DefinitionError) -> [JSONValue] {
            guard let value = members[name] else { return [] }
            let items = value.arrayValue ?? [value]
            guard items.allSatisfy({ $0.stringValue != nil }) else { throw DefinitionError(location: at + "/" + name, message: "a list of strings") }
            return items
        }
        var out: [JSONValue] = []
        for (name, value) in members {
            switch name {
            case "CustomStatements": out += value.arrayValue ?? [value]
            case "IpRangeWhitelist", "IpRangeBlacklist":
                let allowList = name.hasSuffix("Whitelist")
                out.append(statement("Allow"))
                out.append(
                    statement(
                        "Deny",
                        condition: .object([(allowList ? "NotIpAddress" : "IpAddress"): .object(["aws:SourceIp": .array(try list(name))])])
                    )
                )
            case "SourceVpcWhitelist", "SourceVpcBlacklist", "IntrinsicVpcWhitelist", "IntrinsicVpcBlacklist",
                "IntrinsicVpceWhitelist", "IntrinsicVpceBlacklist":
                let allowList = name.hasSuffix("Whitelist")
                let ids = try list(name)
                let vpce = ids.filter { $0.stringValue!.hasPrefix("vpce-") }
                let vpc = ids.filter { !$0.stringValue!.hasPrefix("vpce-") }
                out.append(statement("Allow"))
                for (key, group) in [("aws:SourceVpce", vpce), ("aws:SourceVpc", vpc)] where !group.isEmpty {
                    out.append(
                        statement("Deny", condition: .object([(allowList ? "StringNotEquals" : "StringEquals"): .object([key: .array(group)])]))
                    )
                }
            case "AwsAccountWhitelist":
                out.append(statement("Allow", principal: .object(["AWS": .array(try list(name))])))
            case "AwsAccountBlacklist":
                out.append(statement("Allow"))
                out.append(statement("Deny", principal: .object(["AWS": .array(try list(name))])))
            default:
                throw DefinitionError(
                    location: at + "/" + name,
                    message: "\(name) is not applied, so the API is not served (a resource policy is never half applied)"
                )
            }
        }
        return out
    }

    /// SAM's `GatewayResponses` (`StatusCode`, `ResponseParameters` with `Headers`, `Paths` and
    /// `QueryStrings`, `ResponseTemplates`) as `x-amazon-apigateway-gateway-responses` entries.
    static func gatewayResponses(_ value: JSONValue, at: String) throws(DefinitionError) -> JSONObject {
        guard case .object(let responses) = value else { throw DefinitionError(location: at, message: "GatewayResponses is a map") }
        var out = JSONObject()
        for (type, response) in responses {
            var entry = JSONObject()
            if let code = response["StatusCode"] { entry["statusCode"] = .string(code.stringValue ?? code.serialized()) }
            var parameters = JSONObject()
            for (group, prefix) in [("Headers", "header"), ("Paths", "path"), ("QueryStrings", "querystring")] {
                for (name, value) in response["ResponseParameters"]?[group]?.objectValue ?? JSONObject() {
                    parameters["gatewayresponse.\(prefix).\(name)"] = value
                }
            }
            if !parameters.isEmpty { entry["responseParameters"] = .object(parameters) }
            if let templates = response["ResponseTemplates"] { entry["responseTemplates"] = templates }
            out[type] = .object(entry)
        }
        return out
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
