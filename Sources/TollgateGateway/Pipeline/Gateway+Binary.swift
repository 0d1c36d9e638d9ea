import TollgateVTL

// Binary media types and contentHandling (docs/behaviour.md §8.6).
extension Gateway {
    /// Whether `mediaType` matches `x-amazon-apigateway-binary-media-types` (`image/*`, `*/*` wildcards).
    func isBinary(_ mediaType: String?) -> Bool {
        guard !binaryMediaTypes.isEmpty, let mediaType = mediaType.flatMap({ Exchange.mediaType($0) }) else { return false }
        for pattern in binaryMediaTypes {
            if pattern == "*/*" || pattern == mediaType { return true }
            if pattern.hasSuffix("/*"), mediaType.hasPrefix(pattern.dropLast()) { return true }
        }
        return false
    }
}

extension Exchange {
    /// Request side: CONVERT_TO_BINARY base64-decodes a text payload; CONVERT_TO_TEXT base64-encodes a
    /// binary one; unset leaves bytes as they are. A failed decode is a configuration error (500).
    func convertRequest(_ body: [UInt8], _ handling: ContentHandling?) throws(GatewayFailure) -> [UInt8] {
        let binary = gateway.isBinary(contentTypeHeader)
        switch handling {
        case .convertToBinary where !binary:
            guard let bytes = Base64Coding.decode(body) else { throw GatewayFailure(.apiConfigurationError) }
            return bytes
        case .convertToText where binary:
            return Array(Base64Coding.encode(body).utf8)
        default:
            return body
        }
    }

    /// Response side: the table of docs/behaviour.md §8.6 by the integration payload's kind and the first `Accept` type.
    func convertResponse(
        _ body: [UInt8],
        _ handling: ContentHandling?,
        accept: String,
        integrationContentType: String?
    ) throws(GatewayFailure) -> [UInt8] {
        let payloadBinary = gateway.isBinary(integrationContentType)
        let acceptBinary = gateway.isBinary(accept)
        func decode() throws(GatewayFailure) -> [UInt8] {
            guard let bytes = Base64Coding.decode(body) else { throw GatewayFailure(.apiConfigurationError) }
            return bytes
        }
        switch handling {
        case .convertToText:
            return payloadBinary ? Array(Base64Coding.encode(body).utf8) : body
        case .convertToBinary:
            return payloadBinary ? body : try decode()
        case nil:
            if !payloadBinary && acceptBinary { return try decode() }
            if payloadBinary && !acceptBinary && !gateway.binaryMediaTypes.isEmpty { return Array(Base64Coding.encode(body).utf8) }
            return body
        }
    }
}
