import Foundation
import TollgateGateway
import TollgateJSON

/// Security schemes and each method's security requirements: nothing a definition protects is served open.
extension DefinitionReader {
    /// What a security scheme makes a method require.
    enum SecurityScheme {
        /// An API key (`type: apiKey` with no API Gateway extension): `apiKeyRequired`.
        case apiKey
        /// `x-amazon-apigateway-authtype: awsSigv4`: IAM authorization.
        case iam
        /// A scheme with `x-amazon-apigateway-authorizer`: that authorizer.
        case authorizer
        /// A scheme nothing enforces: an error where a method names it (why, and where the scheme is).
        case unenforced(DefinitionError)
    }

    /// The document's security schemes and the authorizers they declare. A scheme Tollgate cannot
    /// enforce is an error where a method names it, so that no such method is ever served open.
    func securitySchemes() throws(DefinitionError) -> ([String: SecurityScheme], [String: Authorizer]) {
        let pointer = isOpenAPI3 ? ["components", "securitySchemes"] : ["securityDefinitions"]
        let declared = isOpenAPI3 ? document["components"]?["securitySchemes"] : document["securityDefinitions"]
        var schemes: [String: SecurityScheme] = [:]
        var authorizers: [String: Authorizer] = [:]
        for (name, raw) in try object(declared, pointer) ?? JSONObject() {
            let schemePointer = pointer + [name]
            let scheme = try resolve(raw, schemePointer)
            guard case .object = scheme else { throw fail(schemePointer, "a security scheme is an object") }
            let authType = try string(scheme["x-amazon-apigateway-authtype"], schemePointer + ["x-amazon-apigateway-authtype"])
            if let value = scheme["x-amazon-apigateway-authorizer"] {
                authorizers[name] = try authorizer(name, value, scheme: scheme, schemePointer + ["x-amazon-apigateway-authorizer"])
                schemes[name] = .authorizer
            } else if let authType {
                // "x-amazon-apigateway-authtype property": awsSigv4 is reserved for IAM; any other value
                // names a Lambda authorizer's scheme, which needs x-amazon-apigateway-authorizer.
                guard authType.lowercased() == "awssigv4" else {
                    schemes[name] = .unenforced(
                        fail(
                            schemePointer + ["x-amazon-apigateway-authtype"],
                            "authtype \(authType) is not enforced: IAM is awsSigv4, a Lambda or Cognito authorizer needs x-amazon-apigateway-authorizer"
                        )
                    )
                    continue
                }
                schemes[name] = .iam
            } else if scheme["type"]?.stringValue == "apiKey" {
                schemes[name] = .apiKey
            } else {
                // OAuth 2, OpenID Connect and HTTP schemes without an API Gateway authorizer: API Gateway
                // has nothing to enforce them with, and neither has Tollgate.
                let type = scheme["type"]?.stringValue ?? "none"
                schemes[name] = .unenforced(
                    fail(schemePointer, "a security scheme of type \(type) without x-amazon-apigateway-authorizer is not enforced by API Gateway")
                )
            }
        }
        return (schemes, authorizers)
    }

    /// `x-amazon-apigateway-authorizer` ("x-amazon-apigateway-authorizer object" in the developer guide).
    func authorizer(_ name: String, _ value: JSONValue, scheme: JSONValue, _ pointer: [String]) throws(DefinitionError) -> Authorizer {
        guard case .object = value else { throw fail(pointer, "x-amazon-apigateway-authorizer is an object") }
        guard let typeName = try string(value["type"], pointer + ["type"]) else { throw fail(pointer, "the authorizer has no type") }
        let kind: Authorizer.Kind
        switch typeName.lowercased() {
        case "token": kind = .token
        case "request": kind = .request
        case "cognito_user_pools": kind = .cognitoUserPools
        default: throw fail(pointer + ["type"], "unknown authorizer type \(typeName) (expected token, request or cognito_user_pools)")
        }
        var authorizer = Authorizer(name: name, kind: kind, location: location(pointer))
        authorizer.authorizerUri = try string(value["authorizerUri"], pointer + ["authorizerUri"]) ?? ""
        authorizer.authorizerCredentials = try string(value["authorizerCredentials"], pointer + ["authorizerCredentials"])
        // A TOKEN or Cognito authorizer reads the header the scheme names (Authorization by default).
        let header = scheme["in"]?.stringValue == "header" ? scheme["name"]?.stringValue : nil
        if let source = try string(value["identitySource"], pointer + ["identitySource"]) {
            authorizer.identitySource = source.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else if kind == .request {
            authorizer.identitySource = []
        } else {
            authorizer.identitySource = ["method.request.header.\(header ?? "Authorization")"]
        }
        authorizer.identityValidationExpression = try string(
            value["identityValidationExpression"],
            pointer + ["identityValidationExpression"]
        )
        if let ttl = value["authorizerResultTtlInSeconds"] {
            guard let seconds = ttl.numberValue?.int64Value ?? ttl.stringValue.flatMap({ Int64($0) }), (0...3600).contains(seconds) else {
                throw fail(pointer + ["authorizerResultTtlInSeconds"], "authorizerResultTtlInSeconds is 0 to 3600")
            }
            authorizer.resultTtlInSeconds = Int(seconds)
        }
        if let arns = value["providerARNs"] {
            guard case .array(let items) = arns, let strings = Optional(items.compactMap(\.stringValue)), strings.count == items.count else {
                throw fail(pointer + ["providerARNs"], "providerARNs is an array of user pool ARNs")
            }
            authorizer.providerARNs = strings
        }
        return authorizer
    }

    /// A method's security requirements: whether it needs an API key, and its one authorization (API
    /// Gateway gives a method one `authorizationType`). A scheme not declared, or two different
    /// authorizations, are errors: a method is never served with less than it asks for.
    func security(
        _ operation: JSONValue,
        pointer: [String],
        schemes: [String: SecurityScheme]
    ) throws(DefinitionError) -> (apiKeyRequired: Bool, authorization: MethodAuthorization, scopes: [String]) {
        var apiKeyRequired = false
        var authorization = MethodAuthorization.none
        var scopes: [String] = []
        func set(_ new: MethodAuthorization, at at: [String]) throws(DefinitionError) {
            if authorization != .none, authorization != new {
                throw fail(at, "a method has one authorization in API Gateway; this one names \(authorization) and \(new)")
            }
            authorization = new
        }
        // `x-amazon-apigateway-auth` ("x-amazon-apigateway-auth object"): AWS_IAM or NONE on an operation.
        if let auth = operation["x-amazon-apigateway-auth"] {
            let at = pointer + ["x-amazon-apigateway-auth", "type"]
            switch try string(auth["type"], at)?.uppercased() {
            case "AWS_IAM"?: try set(.iam, at: at)
            case "NONE"?: break
            default: throw fail(at, "x-amazon-apigateway-auth type is AWS_IAM or NONE")
            }
        }
        guard let security = operation["security"] else { return (apiKeyRequired, authorization, scopes) }
        guard case .array(let requirements) = security else { throw fail(pointer + ["security"], "security is an array of requirements") }
        for (index, requirement) in requirements.enumerated() {
            let at = pointer + ["security", String(index)]
            guard case .object(let names) = requirement else { throw fail(at, "a security requirement is an object") }
            for (name, value) in names {
                guard let scheme = schemes[name] else { throw fail(at + [name], "no security scheme named \(name)") }
                switch scheme {
                case .unenforced(let error):
                    throw DefinitionError(location: error.location, message: "\(error.message) (named at \(location(at + [name])))")
                case .apiKey: apiKeyRequired = true
                case .iam: try set(.iam, at: at + [name])
                case .authorizer:
                    try set(.authorizer(name), at: at + [name])
                    for scope in value.arrayValue ?? [] {
                        if let scope = scope.stringValue, !scopes.contains(scope) { scopes.append(scope) }
                    }
                }
            }
        }
        return (apiKeyRequired, authorization, scopes)
    }
}
