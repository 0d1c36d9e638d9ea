import Foundation

/// The gateway a server serves now; replaced atomically when the definition reloads.
public final class GatewaySource: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var gateway: Gateway

    public init(_ gateway: Gateway) {
        self.gateway = gateway
    }

    public var current: Gateway {
        lock.lock()
        defer { lock.unlock() }
        return gateway
    }

    public func replace(_ gateway: Gateway) {
        lock.lock()
        self.gateway = gateway
        lock.unlock()
    }
}
