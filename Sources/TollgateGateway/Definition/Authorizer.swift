/// Who may call a method (API Gateway's `authorizationType`: `NONE`, `AWS_IAM`, `CUSTOM`,
/// `COGNITO_USER_POOLS`).
public enum MethodAuthorization: Sendable, Hashable {
    /// Open (an API key may still be required).
    case none
    /// Callers that sign the request with AWS Signature Version 4 and a known access key.
    case iam
    /// The verdict of the authorizer of this name (``APIDefinition/authorizers``).
    case authorizer(String)
}

/// An authorizer as `x-amazon-apigateway-authorizer` declares it: a Lambda function that answers with
/// an IAM policy (TOKEN or REQUEST), or an Amazon Cognito user pool whose JWTs are accepted.
public struct Authorizer: Sendable {
    /// What kind of authorizer it is (`x-amazon-apigateway-authorizer.type`).
    public enum Kind: String, Sendable {
        /// The function receives one token (a header) and the method ARN.
        case token = "TOKEN"
        /// The function receives the request's headers, query, path, stage variables and context.
        case request = "REQUEST"
        /// A JWT from one of ``Authorizer/providerARNs``' user pools, verified against its keys.
        case cognitoUserPools = "COGNITO_USER_POOLS"
    }

    /// The security scheme's name.
    public var name: String
    /// TOKEN, REQUEST or COGNITO_USER_POOLS.
    public var kind: Kind
    /// The Lambda function's invocation URI (TOKEN and REQUEST).
    public var authorizerUri: String
    /// The role API Gateway assumes to call the function; kept, not used locally.
    public var authorizerCredentials: String?
    /// Mapping expressions of the caller's identity (`method.request.header.Authorization`,
    /// `context.identity.sourceIp`, …): a TOKEN authorizer's one header; all of a REQUEST authorizer's.
    public var identitySource: [String]
    /// A Java regular expression a TOKEN authorizer's token must match (as a whole) before the function runs.
    public var identityValidationExpression: String?
    /// How long a verdict is cached (0 disables the cache; at most 3600).
    public var resultTtlInSeconds: Int
    /// The Cognito user pools whose tokens are accepted (`arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID`).
    public var providerARNs: [String]
    /// Where the authorizer is in the definition (a JSON Pointer).
    public var location: String

    /// An authorizer with the settings `x-amazon-apigateway-authorizer` declares.
    public init(
        name: String,
        kind: Kind,
        authorizerUri: String = "",
        authorizerCredentials: String? = nil,
        identitySource: [String] = ["method.request.header.Authorization"],
        identityValidationExpression: String? = nil,
        resultTtlInSeconds: Int = 300,
        providerARNs: [String] = [],
        location: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.authorizerUri = authorizerUri
        self.authorizerCredentials = authorizerCredentials
        self.identitySource = identitySource
        self.identityValidationExpression = identityValidationExpression
        self.resultTtlInSeconds = resultTtlInSeconds
        self.providerARNs = providerARNs
        self.location = location
    }

    /// The Lambda function name in ``authorizerUri``.
    public var functionName: String? { lambdaFunctionName(authorizerUri) }
}
