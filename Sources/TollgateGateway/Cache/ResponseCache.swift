import HTTPTypes
import Synchronization

/// An endpoint's answer as the stage cache keeps it: what the integration call returned, before the
/// integration response mapping (API Gateway "caches responses from your endpoint").
enum CachedAnswer: Sendable {
    /// An HTTP endpoint's or an AWS service's response.
    case http(IntegrationHTTPResponse)
    /// A Lambda function's successful result.
    case lambda([UInt8])

    /// The bytes the entry counts against the cache's size.
    var cost: Int {
        switch self {
        case .http(let response): response.body.count + response.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        case .lambda(let body): body.count
        }
    }

    /// The body's length, for the per-response limit.
    var bodyCount: Int {
        switch self {
        case .http(let response): response.body.count
        case .lambda(let body): body.count
        }
    }
}

/// The stage's response cache: entries by key, each until its expiry, at most `capacity` bytes in
/// all, the least recently used evicted first. One per gateway, shared by its requests.
///
/// The entries form a doubly linked list through `slots` (indices, not references), most recently
/// used at `head`; `free` holds the indices of removed slots for reuse. Every operation is O(1) apart
/// from the dictionary's hashing.
final class ResponseCache: Sendable {
    /// API Gateway's largest cacheable response ("Enabling API caching": 1,048,576 bytes).
    static let maxEntryBytes = 1_048_576
    /// What every entry costs beyond its key and answer (the slot, the dictionary's entry).
    static let overhead = 96

    let capacity: Int
    private let state: Mutex<State>

    private struct Slot {
        var key: String
        var answer: CachedAnswer
        var expires: Int64
        var cost: Int
        var previous: Int
        var next: Int
    }

    private struct State {
        var index: [String: Int] = [:]
        var slots: [Slot?] = []
        var free: [Int] = []
        var head = -1
        var tail = -1
        var bytes = 0
    }

    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State())
    }

    /// The answer for `key`, when there is one that has not expired at `now` (monotonic nanoseconds).
    func value(for key: String, now: Int64) -> CachedAnswer? {
        state.withLock { state in
            guard let i = state.index[key], let slot = state.slots[i] else { return nil }
            guard slot.expires > now else {
                Self.remove(i, from: &state)
                return nil
            }
            Self.unlink(i, in: &state)
            Self.pushFront(i, in: &state)
            return slot.answer
        }
    }

    /// Keeps `answer` for `key` until `expires`, evicting the least recently used entries to make room.
    /// Returns false when the answer is too large to cache.
    @discardableResult
    func insert(_ answer: CachedAnswer, for key: String, expires: Int64) -> Bool {
        let cost = answer.cost + key.utf8.count + Self.overhead
        guard answer.bodyCount <= Self.maxEntryBytes, cost <= capacity else { return false }
        state.withLock { state in
            if let existing = state.index[key] { Self.remove(existing, from: &state) }
            while state.bytes + cost > capacity, state.tail >= 0 { Self.remove(state.tail, from: &state) }
            let slot = Slot(key: key, answer: answer, expires: expires, cost: cost, previous: -1, next: -1)
            let i: Int
            if let reused = state.free.popLast() {
                i = reused
                state.slots[i] = slot
            } else {
                i = state.slots.count
                state.slots.append(slot)
            }
            state.index[key] = i
            state.bytes += cost
            Self.pushFront(i, in: &state)
        }
        return true
    }

    /// The bytes the entries take, and how many there are.
    var usage: (bytes: Int, entries: Int) { state.withLock { ($0.bytes, $0.index.count) } }

    private static func remove(_ i: Int, from state: inout State) {
        guard let slot = state.slots[i] else { return }
        unlink(i, in: &state)
        state.index[slot.key] = nil
        state.bytes -= slot.cost
        state.slots[i] = nil
        state.free.append(i)
    }

    private static func unlink(_ i: Int, in state: inout State) {
        guard let slot = state.slots[i] else { return }
        if slot.previous >= 0 { state.slots[slot.previous]!.next = slot.next } else { state.head = slot.next }
        if slot.next >= 0 { state.slots[slot.next]!.previous = slot.previous } else { state.tail = slot.previous }
        state.slots[i]!.previous = -1
        state.slots[i]!.next = -1
    }

    private static func pushFront(_ i: Int, in state: inout State) {
        state.slots[i]!.next = state.head
        state.slots[i]!.previous = -1
        if state.head >= 0 { state.slots[state.head]!.previous = i }
        state.head = i
        if state.tail < 0 { state.tail = i }
    }
}
