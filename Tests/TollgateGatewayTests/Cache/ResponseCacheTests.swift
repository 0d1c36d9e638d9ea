import HTTPTypes
import Testing

@testable import TollgateGateway

/// The stage cache's store on its own: least recently used evicted first within its size, expiry,
/// API Gateway's 1 MB response limit.
@Suite struct ResponseCacheTests {
    static func answer(_ size: Int) -> CachedAnswer { .lambda(Array(repeating: 0x78, count: size)) }

    /// What an entry of `size` body bytes under a one-letter key costs.
    static func cost(_ size: Int) -> Int { size + 1 + ResponseCache.overhead }

    @Test func evictsTheLeastRecentlyUsed() {
        let cache = ResponseCache(capacity: 3 * Self.cost(100))
        for key in ["a", "b", "c"] { #expect(cache.insert(Self.answer(100), for: key, expires: 1_000)) }
        #expect(cache.usage.entries == 3 && cache.usage.bytes == 3 * Self.cost(100))
        // Reading `a` makes `b` the least recently used.
        #expect(cache.value(for: "a", now: 0) != nil)
        cache.insert(Self.answer(100), for: "d", expires: 1_000)
        #expect(cache.value(for: "b", now: 0) == nil)
        #expect(["a", "c", "d"].allSatisfy { cache.value(for: $0, now: 0) != nil })
        // A larger entry evicts as many as it needs.
        cache.insert(Self.answer(200), for: "e", expires: 1_000)
        #expect(cache.usage.entries == 2)
        #expect(cache.value(for: "e", now: 0) != nil && cache.value(for: "d", now: 0) != nil)
        // Replacing an entry does not count it twice.
        cache.insert(Self.answer(100), for: "d", expires: 1_000)
        #expect(cache.usage.bytes == Self.cost(200) + Self.cost(100))
    }

    @Test func expiresAndRefusesWhatCannotFit() {
        let cache = ResponseCache(capacity: 4 * 1_048_576)
        #expect(cache.insert(Self.answer(10), for: "a", expires: 100))
        #expect(cache.value(for: "a", now: 99) != nil)
        #expect(cache.value(for: "a", now: 100) == nil)
        #expect(cache.usage.entries == 0 && cache.usage.bytes == 0)
        // 1,048,576 bytes is the largest response API Gateway caches.
        #expect(cache.insert(Self.answer(1_048_576), for: "b", expires: 100))
        #expect(!cache.insert(Self.answer(1_048_577), for: "c", expires: 100))
        #expect(!ResponseCache(capacity: 50).insert(Self.answer(10), for: "d", expires: 100))
    }

    @Test func manyKeysKeepTheListConsistent() {
        // Random inserts and reads against a model of LRU order.
        var generator = SystemRandomNumberGenerator()
        let cache = ResponseCache(capacity: 8 * Self.cost(10))
        var order: [String] = []
        for _ in 0..<2_000 {
            let key = String(UnicodeScalar(UInt8(ascii: "a") + UInt8.random(in: 0..<16, using: &generator)))
            if Bool.random(using: &generator) {
                cache.insert(Self.answer(10), for: key, expires: .max)
                order.removeAll { $0 == key }
                order.append(key)
                if order.count > 8 { order.removeFirst() }
            } else {
                let found = cache.value(for: key, now: 0) != nil
                #expect(found == order.contains(key))
                if found {
                    order.removeAll { $0 == key }
                    order.append(key)
                }
            }
        }
        #expect(cache.usage.entries == order.count)
    }
}
