public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
public import TollgateAuth

/// A user pool's JSON Web Key Set from a file or an `http(s)` URL (Cognito's
/// `https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json`). Read when first needed,
/// then kept; read again when a token names a key the kept set lacks, at most once a second.
public final class JWKSLocation: JWKSSource {
    /// The URL or file path.
    public let location: String
    let client: HTTPClient
    /// The key set last read, and when.
    let kept = Mutex<(bytes: [UInt8], readAt: Date)?>(nil)

    /// A key set at `location`, fetched with `client`.
    public init(_ location: String, client: HTTPClient = NetworkBackend.sharedClient) {
        self.location = location
        self.client = client
    }

    /// The key set's bytes: read once and kept, read again when `reload` asks (an unknown key id).
    public func jwks(reload: Bool) async throws -> [UInt8] {
        if let cached = kept.withLock({ $0 }), !reload || Date().timeIntervalSince(cached.readAt) < 1 { return cached.bytes }
        let bytes: [UInt8]
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            let response = try await client.execute(HTTPClientRequest(url: location), timeout: .seconds(10))
            guard response.status.code == 200 else {
                throw JWKSError(description: "\(location) answered \(response.status.code)")
            }
            bytes = Array(buffer: try await response.body.collect(upTo: 1 << 20))
        } else {
            guard let data = FileManager.default.contents(atPath: location) else { throw JWKSError(description: "cannot read \(location)") }
            bytes = [UInt8](data)
        }
        kept.withLock { $0 = (bytes, Date()) }
        return bytes
    }
}

/// A key set that could not be read.
public struct JWKSError: Error, CustomStringConvertible {
    /// Why the key set could not be read.
    public let description: String
}
