import Foundation

/// The gateway a server serves now; replaced atomically when the definition reloads.
public final class GatewaySource: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var gateway: Gateway

    /// A source holding `gateway`.
    public init(_ gateway: Gateway) {
        self.gateway = gateway
    }

    /// The gateway requests go through now.
    public var current: Gateway {
        lock.lock()
        defer { lock.unlock() }
        return gateway
    }

    /// Makes `gateway` the one new requests go through; requests in flight finish with the old one.
    public func replace(_ gateway: Gateway) {
        lock.lock()
        self.gateway = gateway
        lock.unlock()
    }
}
