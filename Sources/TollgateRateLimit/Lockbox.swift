import Synchronization

/// A `Mutex` in a class, so that shards can be kept in an array (a `Mutex` cannot be copied).
final class Lockbox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    @inline(__always)
    func withLock<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R {
        try mutex.withLock(body)
    }
}
