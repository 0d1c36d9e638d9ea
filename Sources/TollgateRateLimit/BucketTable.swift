/// One shard's bucket states: an open-addressing table with linear probing where each key sits
/// next to its state and its hash in one 32-byte slot (for 8-byte keys), so a decision on a
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
        @usableFromInline var state: Int128
        /// The key's hash with the low bit set; 0 marks an empty slot, whose key is not initialized.
        @usableFromInline var tag: UInt64
        @usableFromInline var key: Key

        @usableFromInline
        init(state: Int128, tag: UInt64, key: Key) {
            self.state = state
            self.tag = tag
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
        for i in 0..<capacity where slots[i].tag != 0 { (slots + i).pointer(to: \.key)!.deinitialize(count: 1) }
        slots.deallocate()
    }

    @usableFromInline static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        for i in 0..<capacity { (slots + i).pointer(to: \.tag)!.initialize(to: 0) }
        return slots
    }

    @inlinable
    static func tag(_ hash: Int) -> UInt64 { UInt64(bitPattern: Int64(hash)) | 1 }

    /// The slot holding `key`, or the empty slot where it would go.
    @inlinable
    func find(_ key: Key, tag: UInt64) -> (index: Int, found: Bool) {
        var i = Int(truncatingIfNeeded: tag.multipliedFullWidth(by: UInt64(capacity)).high)
        while true {
            let slotTag = slots[i].tag
            if slotTag == 0 { return (i, false) }
            if slotTag == tag && (slots + i).pointer(to: \.key)!.pointee == key { return (i, true) }
            i += 1
            if i == capacity { i = 0 }
        }
    }

    /// The state of `key`, if it has one.
    @inlinable
    func state(_ key: Key, hash: Int) -> Int128? {
        let (i, found) = find(key, tag: Self.tag(hash))
        return found ? slots[i].state : nil
    }

    /// Updates `key`'s state through `body` (`nil` when the key has none; returning `nil` leaves
    /// the table unchanged). Inserting a new key may rebuild the table first, dropping the
    /// states for which `isFull` holds and, above `cap`, the fullest.
    @inlinable
    mutating func update<R>(
        _ key: Key,
        hash: Int,
        cap: Int,
        isFull: (Int128) -> Bool,
        _ body: (Int128?) -> (Int128, R)?
    ) -> R? {
        let tag = Self.tag(hash)
        var (i, found) = find(key, tag: tag)
        if found {
            guard let (next, result) = body(slots[i].state) else { return nil }
            slots[i].state = next
            return result
        }
        guard let (next, result) = body(nil) else { return nil }
        if count >= rebuildAt || count >= cap {
            rebuild(cap: cap, isFull: isFull)
            i = find(key, tag: tag).index
        }
        (slots + i).initialize(to: Slot(state: next, tag: tag, key: key))
        count += 1
        return result
    }

    /// Moves the live states into a table sized for them. When `cap` or more are live, the
    /// fullest are dropped down to 3/4 of `cap`, so that a stream of new keys pays for a
    /// rebuild once per `cap / 4` keys, not at every key.
    @usableFromInline
    mutating func rebuild(cap: Int, isFull: (Int128) -> Bool) {
        var live: [Int] = []
        live.reserveCapacity(count)
        for i in 0..<capacity where slots[i].tag != 0 {
            if isFull(slots[i].state) {
                (slots + i).pointer(to: \.key)!.deinitialize(count: 1)
            } else {
                live.append(i)
            }
        }
        if live.count >= cap {
            // Evict the fullest (smallest state) first.
            let keep = cap - max(cap / 4, 1)
            live.sort { slots[$0].state > slots[$1].state }
            for i in live[keep...] { (slots + i).pointer(to: \.key)!.deinitialize(count: 1) }
            live.removeSubrange(keep...)
        }
        let old = slots
        capacity = max(live.count * 7 / 4 + 1, Self.minimumCapacity)
        slots = Self.allocate(capacity)
        rebuildAt = capacity * 4 / 5
        count = live.count
        for i in live {
            let j = find(old[i].key, tag: old[i].tag).index
            (slots + j).moveInitialize(from: old + i, count: 1)
        }
        old.deallocate()
    }

    /// Calls `body` on every state.
    func forEach(_ body: (Int128) -> Void) {
        for i in 0..<capacity where slots[i].tag != 0 { body(slots[i].state) }
    }
}
