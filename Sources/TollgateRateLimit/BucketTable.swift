/// One shard's bucket states: an open-addressing table with linear probing where each key sits
/// next to its state in one slot (24 bytes for 8-byte keys, 32 for `String`), so a decision on a
/// known key usually reads one cache line. (A `Dictionary` keeps occupancy, keys and values in
/// three arrays: three cache misses per decision in a table too big for the cache.)
///
/// Capacity is any size (a slot is picked by multiplying the hash by the capacity, keeping the
/// high word), so the table can grow by 1.75× rather than 2×. It is rebuilt when 4/5 full:
/// full buckets (equal to fresh ones) are dropped then, and the capacity follows the live
/// count, so the load stays between 4/7 and 4/5. It never holds more than its `cap`.
@usableFromInline
struct BucketTable<Key: Hashable>: ~Copyable, @unchecked Sendable {
    @usableFromInline
    struct Slot {
        /// The state's two halves. `high == Int64.min` marks an empty slot, whose key is not
        /// initialized (no state has that high word: ``BucketPolicy/earliest``).
        @usableFromInline var low: UInt64
        @usableFromInline var high: Int64
        @usableFromInline var key: Key

        @usableFromInline
        init(state: Int128, key: Key) {
            low = UInt64(truncatingIfNeeded: state)
            high = Int64(truncatingIfNeeded: state >> 64)
            self.key = key
        }
    }

    @usableFromInline var slots: UnsafeMutablePointer<Slot>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    /// Rebuild before inserting when `count` reaches this.
    @usableFromInline var rebuildAt: Int

    @usableFromInline static var minimumCapacity: Int { 16 }

    @usableFromInline
    init(capacity requested: Int = 16) {
        capacity = max(requested, Self.minimumCapacity)
        slots = Self.allocate(capacity)
        rebuildAt = capacity * 4 / 5
    }

    deinit {
        for i in 0..<capacity where isOccupied(i) { (slots + i).pointer(to: \.key)!.deinitialize(count: 1) }
        slots.deallocate()
    }

    @usableFromInline static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        // Only `high` of an empty slot is ever read (the stored properties are reached through
        // the pointer's addressor, never as a whole `Slot`).
        UnsafeMutableRawPointer(slots).initializeMemory(as: UInt8.self, repeating: 0, count: capacity * MemoryLayout<Slot>.stride)
        for i in 0..<capacity { slots[i].high = .min }
        return slots
    }

    @inlinable @inline(__always)
    func isOccupied(_ i: Int) -> Bool { slots[i].high != .min }

    @inlinable @inline(__always)
    func state(at i: Int) -> Int128 {
        Int128(slots[i].high) << 64 | Int128(slots[i].low)
    }

    @inlinable @inline(__always)
    func setState(_ state: Int128, at i: Int) {
        slots[i].low = UInt64(truncatingIfNeeded: state)
        slots[i].high = Int64(truncatingIfNeeded: state >> 64)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inlinable
    func find(_ key: Key, hash: Int) -> (index: Int, found: Bool) {
        var i = Int(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)).multipliedFullWidth(by: UInt64(capacity)).high)
        while true {
            if !isOccupied(i) { return (i, false) }
            if slots[i].key == key { return (i, true) }
            i += 1
            if i == capacity { i = 0 }
        }
    }

    /// The state of `key`, if it has one.
    @inlinable
    func state(_ key: Key, hash: Int) -> Int128? {
        let (i, found) = find(key, hash: hash)
        return found ? state(at: i) : nil
    }

    /// Updates `key`'s state through `body` (`nil` when the key has none; returning `nil` leaves
    /// the table unchanged). Inserting a new key may rebuild the table first (``rebuild(cap:isFull:hash:)``).
    @inlinable
    mutating func update<R>(
        _ key: Key,
        hash: Int,
        cap: Int,
        isFull: (Int128) -> Bool,
        rehash: (Key) -> Int,
        _ body: (Int128?) -> (Int128, R)?
    ) -> R? {
        let (i, found) = find(key, hash: hash)
        if found {
            guard let (next, result) = body(state(at: i)) else { return nil }
            setState(next, at: i)
            return result
        }
        guard let (next, result) = body(nil) else { return nil }
        insert(key, hash: hash, state: next, at: i, cap: cap, isFull: isFull, rehash: rehash)
        return result
    }

    /// Adds `key`, known to be absent (`at`: the empty slot ``find(_:hash:)`` gave, if known),
    /// rebuilding the table first when it is full (``rebuild(cap:isFull:hash:)``).
    @inlinable
    mutating func insert(
        _ key: Key,
        hash: Int,
        state: Int128,
        at known: Int? = nil,
        cap: Int,
        isFull: (Int128) -> Bool,
        rehash: (Key) -> Int
    ) {
        var i = known ?? find(key, hash: hash).index
        if count >= rebuildAt || count >= cap {
            rebuild(cap: cap, isFull: isFull, hash: rehash)
            i = find(key, hash: hash).index
        }
        (slots + i).initialize(to: Slot(state: state, key: key))
        count += 1
    }

    /// Moves the live states into a table sized for them, dropping the states for which
    /// `isFull` holds. When `cap` or more are live, the fullest are dropped down to 3/4 of
    /// `cap`, so that a stream of new keys pays for a rebuild once per `cap / 4` keys, not at
    /// every key.
    @usableFromInline
    mutating func rebuild(cap: Int, isFull: (Int128) -> Bool, hash: (Key) -> Int) {
        var live: [Int] = []
        live.reserveCapacity(count)
        for i in 0..<capacity where isOccupied(i) {
            if isFull(state(at: i)) {
                (slots + i).pointer(to: \.key)!.deinitialize(count: 1)
            } else {
                live.append(i)
            }
        }
        if live.count >= cap {
            // Evict the fullest (smallest state) first.
            let keep = cap - max(cap / 4, 1)
            live.sort { state(at: $0) > state(at: $1) }
            for i in live[keep...] { (slots + i).pointer(to: \.key)!.deinitialize(count: 1) }
            live.removeSubrange(keep...)
        }
        let old = slots
        capacity = max(live.count * 7 / 4 + 1, Self.minimumCapacity)
        slots = Self.allocate(capacity)
        rebuildAt = capacity * 4 / 5
        count = live.count
        for i in live {
            let j = find(old[i].key, hash: hash(old[i].key)).index
            (slots + j).moveInitialize(from: old + i, count: 1)
        }
        old.deallocate()
    }
}
