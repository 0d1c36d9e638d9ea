/// An access log variable, recognised once when the format is parsed so that writing an entry
/// looks nothing up by name: the variables only access logs have, the `$context` ones every entry of
/// the presets writes, and the rest, read from `$context` by their path.
enum AccessLogVariable: Sendable, Hashable {
    case status, responseLength, responseLatency
    case integrationLatency, integrationStatus, integrationServiceStatus, integrationError
    case errorMessage, errorMessageString, errorResponseType, errorValidationErrorString
    case authorizeLatency, authorizeStatus, authorizeError
    case authorizerLatency, authorizerStatus, authorizerIntegrationLatency, authorizerIntegrationStatus, authorizerError
    case requestId, extendedRequestId, requestTime, requestTimeEpoch, httpMethod, resourcePath, protocolName, stage
    case sourceIp, caller, user
    /// Any other `$context` variable, by its dotted path.
    case context

    init(_ name: String) {
        self =
            switch name {
            case "status": .status
            case "responseLength": .responseLength
            case "responseLatency": .responseLatency
            case "integrationLatency", "integration.latency": .integrationLatency
            case "integration.status": .integrationStatus
            case "integrationStatus", "integration.integrationStatus": .integrationServiceStatus
            case "integration.error": .integrationError
            case "error.message": .errorMessage
            case "error.messageString": .errorMessageString
            case "error.responseType": .errorResponseType
            case "error.validationErrorString": .errorValidationErrorString
            case "authorize.latency": .authorizeLatency
            case "authorize.status": .authorizeStatus
            case "authorize.error": .authorizeError
            case "authorizer.latency": .authorizerLatency
            case "authorizer.status": .authorizerStatus
            case "authorizer.integrationLatency": .authorizerIntegrationLatency
            case "authorizer.integrationStatus": .authorizerIntegrationStatus
            case "authorizer.error": .authorizerError
            case "requestId": .requestId
            case "extendedRequestId": .extendedRequestId
            case "requestTime": .requestTime
            case "requestTimeEpoch": .requestTimeEpoch
            case "httpMethod": .httpMethod
            case "resourcePath": .resourcePath
            case "protocol": .protocolName
            case "stage": .stage
            case "identity.sourceIp": .sourceIp
            case "identity.caller": .caller
            case "identity.user": .user
            default: .context
            }
    }
}
