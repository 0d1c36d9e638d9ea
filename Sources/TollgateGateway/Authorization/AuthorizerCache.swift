import Synchronization

/// An authorizer's verdicts by identity, each until its expiry (monotonic nanoseconds), at most
/// `capacity` of them: past it the one inserted first is dropped. A lookup takes one lock and one hash.
final class AuthorizerCache<Value: Sendable>: Sendable {
    struct Entry {
        let value: Value
        let expires: Int64
        /// Insertion number: which ring slot owns the key.
        let serial: UInt64
    }

    struct State {
        var entries: [String: Entry] = [:]
        /// Keys in insertion order (with their serial), from `head`.
        var order: [(key: String, serial: UInt64)] = []
        var head = 0
        var serial: UInt64 = 0
    }

    let capacity: Int
    let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    func value(for key: String, now: Int64) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard entry.expires > now else {
                state.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func insert(_ value: Value, for key: String, expires: Int64) {
        state.withLock { state in
            state.serial &+= 1
            state.entries[key] = Entry(value: value, expires: expires, serial: state.serial)
            state.order.append((key, state.serial))
            while state.entries.count > capacity, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if state.entries[oldest.key]?.serial == oldest.serial { state.entries[oldest.key] = nil }
            }
            // Drop the consumed front (and keys replaced since) now and then, so the ring stays bounded.
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            if state.order.count - state.head > 2 * capacity + 1024 {
                let live = state.order[state.head...].filter { state.entries[$0.key]?.serial == $0.serial }
                state.order = Array(live)
                state.head = 0
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
