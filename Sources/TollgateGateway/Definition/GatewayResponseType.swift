/// API Gateway's gateway response types with their defaults (docs/behaviour.md §9: status, message, `x-amzn-ErrorType`).
public enum GatewayResponseType: String, Sendable, CaseIterable, Hashable {
    /// 403: a policy or authorizer denied the call.
    case accessDenied = "ACCESS_DENIED"
    /// 500: the API's configuration is wrong (a missing stage variable, a mock without a status, …).
    case apiConfigurationError = "API_CONFIGURATION_ERROR"
    /// 500: the authorizer could not be called or answered nonsense.
    case authorizerConfigurationError = "AUTHORIZER_CONFIGURATION_ERROR"
    /// 500: the authorizer failed (a user pool's keys could not be read).
    case authorizerFailure = "AUTHORIZER_FAILURE"
    /// 400: required request parameters are missing.
    case badRequestParameters = "BAD_REQUEST_PARAMETERS"
    /// 400: the body does not match its model.
    case badRequestBody = "BAD_REQUEST_BODY"
    /// The default of every 4xx type without a customisation of its own.
    case default4XX = "DEFAULT_4XX"
    /// The default of every 5xx type without a customisation of its own.
    case default5XX = "DEFAULT_5XX"
    /// 403: the SigV4 signature's credentials have expired.
    case expiredToken = "EXPIRED_TOKEN"
    /// 504: the integration could not be reached.
    case integrationFailure = "INTEGRATION_FAILURE"
    /// 504: the integration did not answer in time.
    case integrationTimeout = "INTEGRATION_TIMEOUT"
    /// 403: the API key is not one of the stage's.
    case invalidAPIKey = "INVALID_API_KEY"
    /// 403: the SigV4 signature does not verify.
    case invalidSignature = "INVALID_SIGNATURE"
    /// 403: no resource or method matches (or a signature is missing).
    case missingAuthenticationToken = "MISSING_AUTHENTICATION_TOKEN"
    /// 429: the usage plan's quota is used up.
    case quotaExceeded = "QUOTA_EXCEEDED"
    /// 413: the request is over 10 MB.
    case requestTooLarge = "REQUEST_TOO_LARGE"
    /// 404: the resource was not found.
    case resourceNotFound = "RESOURCE_NOT_FOUND"
    /// 429: a throttle refused the request.
    case throttled = "THROTTLED"
    /// 401: the authorizer (or a missing identity) refused the caller.
    case unauthorized = "UNAUTHORIZED"
    /// 415: no request template matches the body's content type and passthrough is off.
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    /// 403: AWS WAF blocked the request.
    case wafFiltered = "WAF_FILTERED"

    /// The built-in status (docs/behaviour.md §9 table).
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

    /// The built-in message (docs/behaviour.md §9; unverified ones use the commonly cited text).
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

    /// The `x-amzn-ErrorType` header (docs/behaviour.md §9, LocalStack's table).
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
