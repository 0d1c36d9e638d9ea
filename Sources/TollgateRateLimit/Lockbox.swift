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

/// Shards: a power-of-two number of locked values and the mask that picks one from a hash.
struct Shards<Value: Sendable>: Sendable {
    let boxes: [Lockbox<Value>]
    let mask: Int

    init(count requested: Int, _ make: () -> Value) {
        var count = 1
        while count < requested { count <<= 1 }
        mask = count - 1
        boxes = (0..<count).map { _ in Lockbox(make()) }
    }

    /// The shard for a hash (mixed, so that the low bits depend on all of it).
    @inline(__always)
    subscript(hash hash: Int) -> Lockbox<Value> {
        var h = UInt64(bitPattern: Int64(hash))
        h ^= h >> 29
        return boxes[Int(truncatingIfNeeded: h) & mask]
    }
}
