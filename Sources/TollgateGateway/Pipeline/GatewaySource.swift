import Synchronization

/// The gateway a server serves now; replaced atomically when the definition reloads.
public final class GatewaySource: Sendable {
    private let gateway: Mutex<Gateway>

    /// A source holding `gateway`.
    public init(_ gateway: Gateway) {
        self.gateway = Mutex(gateway)
    }

    /// The gateway requests go through now.
    public var current: Gateway {
        gateway.withLock { $0 }
    }

    /// Makes `gateway` the one new requests go through; requests in flight finish with the old one.
    public func replace(_ gateway: Gateway) {
        self.gateway.withLock { $0 = gateway }
    }
}
