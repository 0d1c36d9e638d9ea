/// API Gateway's gateway response types with their defaults (spec §9: status, message, `x-amzn-ErrorType`).
public enum GatewayResponseType: String, Sendable, CaseIterable, Hashable {
    case accessDenied = "ACCESS_DENIED"
    case apiConfigurationError = "API_CONFIGURATION_ERROR"
    case authorizerConfigurationError = "AUTHORIZER_CONFIGURATION_ERROR"
    case authorizerFailure = "AUTHORIZER_FAILURE"
    case badRequestParameters = "BAD_REQUEST_PARAMETERS"
    case badRequestBody = "BAD_REQUEST_BODY"
    case default4XX = "DEFAULT_4XX"
    case default5XX = "DEFAULT_5XX"
    case expiredToken = "EXPIRED_TOKEN"
    case integrationFailure = "INTEGRATION_FAILURE"
    case integrationTimeout = "INTEGRATION_TIMEOUT"
    case invalidAPIKey = "INVALID_API_KEY"
    case invalidSignature = "INVALID_SIGNATURE"
    case missingAuthenticationToken = "MISSING_AUTHENTICATION_TOKEN"
    case quotaExceeded = "QUOTA_EXCEEDED"
    case requestTooLarge = "REQUEST_TOO_LARGE"
    case resourceNotFound = "RESOURCE_NOT_FOUND"
    case throttled = "THROTTLED"
    case unauthorized = "UNAUTHORIZED"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case wafFiltered = "WAF_FILTERED"

    /// The built-in status (spec §9 table).
    public var defaultStatus: Int {
        switch self {
        case .accessDenied, .expiredToken, .invalidAPIKey, .invalidSignature, .missingAuthenticationToken, .wafFiltered: 403
        case .apiConfigurationError, .authorizerConfigurationError, .authorizerFailure, .default5XX: 500
        case .badRequestParameters, .badRequestBody, .default4XX: 400
        case .integrationFailure, .integrationTimeout: 504
        case .quotaExceeded, .throttled: 429
        case .requestTooLarge: 413
        case .resourceNotFound: 404
        case .unauthorized: 401
        case .unsupportedMediaType: 415
        }
    }

    /// The built-in message (spec §9; unverified ones use the commonly cited text).
    public var defaultMessage: String? {
        switch self {
        case .accessDenied: "User is not authorized to access this resource"
        case .apiConfigurationError, .integrationFailure, .authorizerFailure, .default5XX: "Internal server error"
        case .authorizerConfigurationError: nil
        case .badRequestParameters: "Missing required request parameters"
        case .badRequestBody: "Invalid request body"
        case .default4XX: nil
        case .expiredToken: "The security token included in the request is expired"
        case .integrationTimeout: "Endpoint request timed out"
        case .invalidAPIKey: "Forbidden"
        case .invalidSignature: "The request signature we calculated does not match the signature you provided"
        case .missingAuthenticationToken: "Missing Authentication Token"
        case .quotaExceeded: "Limit Exceeded"
        case .requestTooLarge: "Request Too Long"
        case .resourceNotFound: "Resource not found"
        case .throttled: "Too Many Requests"
        case .unauthorized: "Unauthorized"
        case .unsupportedMediaType: "Unsupported Media Type"
        case .wafFiltered: "Forbidden"
        }
    }

    /// The `x-amzn-ErrorType` header (spec §9, LocalStack's table).
    public var errorType: String {
        switch self {
        case .accessDenied: "AccessDeniedException"
        case .apiConfigurationError: "ApiConfigurationException"
        case .authorizerConfigurationError: "AuthorizerConfigurationException"
        case .authorizerFailure: "AuthorizerFailureException"
        case .badRequestParameters, .badRequestBody, .unsupportedMediaType, .default4XX: "BadRequestException"
        case .default5XX, .integrationFailure, .integrationTimeout: "InternalServerErrorException"
        case .expiredToken: "ExpiredTokenException"
        case .invalidAPIKey: "ForbiddenException"
        case .invalidSignature: "InvalidSignatureException"
        case .missingAuthenticationToken: "MissingAuthenticationTokenException"
        case .quotaExceeded: "LimitExceededException"
        case .requestTooLarge: "RequestTooLargeException"
        case .resourceNotFound: "ResourceNotFoundException"
        case .throttled: "TooManyRequestsException"
        case .unauthorized: "UnauthorizedException"
        case .wafFiltered: "WafFilteredException"
        }
    }

    /// The class default that a configured DEFAULT_4XX/DEFAULT_5XX stands in for (UNAUTHORIZED has none).
    var family: GatewayResponseType? {
        switch self {
        case .default4XX, .default5XX, .unauthorized: nil
        default: defaultStatus >= 500 ? .default5XX : .default4XX
        }
    }
}
