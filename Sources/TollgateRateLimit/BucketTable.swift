/// One shard's bucket states: an open-addressing table with linear probing where each key sits
/// next to its state in one slot, so a decision on a known key usually reads one cache line.
/// (A `Dictionary` keeps occupancy, keys and values in three arrays: three cache misses per
/// decision in a table too big for the cache.) A slot is 16 bytes for an 8-byte key and a
/// ``NarrowState``, 24 with a ``WideState`` or a `String` key.
///
/// Capacity is any size (a slot is picked by multiplying the hash by the capacity, keeping the
/// high word), so the table can grow by 1.75× rather than 2×. It is rebuilt when 4/5 full:
/// full buckets (equal to fresh ones) are dropped then, and the capacity follows the live
/// count, so the load stays between 4/7 and 4/5. It never holds more than its `cap`.
@usableFromInline
struct BucketTable<Key: Hashable, State: SlotState>: ~Copyable, @unchecked Sendable {
    @usableFromInline
    struct Slot {
        /// ``SlotState/isEmptyMark`` in an empty slot, whose key is not initialized.
        @usableFromInline var state: State
        @usableFromInline var key: Key

        @usableFromInline
        init(state: State, key: Key) {
            self.state = state
            self.key = key
        }
    }

    @usableFromInline var slots: UnsafeMutablePointer<Slot>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    /// Rebuild before inserting when `count` reaches this.
    @usableFromInline var rebuildAt: Int
    /// The scaled time that ``NarrowState`` values count from (unused by wide states).
    @usableFromInline var epoch: Int128 = 0

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
        // Only the state of an empty slot is ever read (the stored properties are reached
        // through the pointer's addressor, never as a whole `Slot`).
        for i in 0..<capacity { (slots + i).pointer(to: \.state)!.initialize(to: .emptyMark) }
        return slots
    }

    @inlinable @inline(__always)
    func isOccupied(_ i: Int) -> Bool { !slots[i].state.isEmptyMark }

    @inlinable @inline(__always)
    func state(at i: Int) -> State { slots[i].state }

    @inlinable @inline(__always)
    func setState(_ state: State, at i: Int) { slots[i].state = state }

    /// The slot holding `key`, or the empty slot where it would go.
    @inlinable @inline(__always)
    func find(_ key: Key, hash: Int) -> (index: Int, found: Bool) {
        var i = Int(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)).multipliedFullWidth(by: UInt64(capacity)).high)
        while true {
            if !isOccupied(i) { return (i, false) }
            if slots[i].key == key { return (i, true) }
            i &+= 1
            if i == capacity { i = 0 }
        }
    }

    /// The state of `key`, if it has one.
    @inlinable
    func state(_ key: Key, hash: Int) -> State? {
        let (i, found) = find(key, hash: hash)
        return found ? state(at: i) : nil
    }

    /// Updates `key`'s state through `body` (`nil` when the key has none; returning `nil` leaves
    /// the table unchanged). Inserting a new key may rebuild the table first (``rebuild(cap:isFull:hash:transform:)``).
    @inlinable
    mutating func update<R>(
        _ key: Key,
        hash: Int,
        cap: Int,
        isFull: (State) -> Bool,
        rehash: (Key) -> Int,
        _ body: (State?) -> (State, R)?
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
    /// rebuilding the table first when it is full (``rebuild(cap:isFull:hash:transform:)``).
    @inlinable
    mutating func insert(
        _ key: Key,
        hash: Int,
        state: State,
        at known: Int? = nil,
        cap: Int,
        isFull: (State) -> Bool,
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
    /// `isFull` holds and passing the others through `transform`. When `cap` or more are live,
    /// the fullest (smallest state) are dropped down to 3/4 of `cap`, so that a stream of new
    /// keys pays for a rebuild once per `cap / 4` keys, not at every key.
    @usableFromInline
    mutating func rebuild(cap: Int, isFull: (State) -> Bool, hash: (Key) -> Int, transform: ((State) -> State)? = nil) {
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
            if let transform { slots[j].state = transform(slots[j].state) }
        }
        old.deallocate()
    }
}

extension BucketTable where State == NarrowState {
    /// How far past the epoch a time may be (2⁶¹ scaled units) before the table is rebased.
    @inlinable static var span: Int128 { 1 << 61 }
    /// Where a rebase puts the epoch: this far (2⁶⁰) below the time that caused it.
    @inlinable static var margin: Int128 { 1 << 60 }

    /// Scaled time `n` relative to the epoch when it is in `0..<2⁶¹`, else `nil` (then ``rebase(_:cap:hash:)``).
    @inlinable @inline(__always)
    func relative(_ n: Int128) -> Int64? {
        let r = n &- epoch
        return r >= 0 && r < Self.span ? Int64(truncatingIfNeeded: r) : nil
    }

    /// `n` relative to the epoch, once the epoch is moved to `margin` below `n` (dropping the buckets full at `n`, shifting the
    /// others), or, for a time before the epoch while states are held, counts it as the epoch:
    /// time stands still until the clock is back, which only ever leaves fewer tokens than the
    /// bucket had at any time already seen (never mints any).
    @usableFromInline @inline(never)
    mutating func rebase(_ n: Int128, cap: Int, hash: (Key) -> Int) -> Int64 {
        let r = n - epoch
        if r < 0 && count > 0 { return 0 }
        let old = epoch
        let next = n - Self.margin
        if count > 0 {
            // States are at most 2⁶¹ + τ above the old epoch, and the live ones above `n`: shifted,
            // they are in (margin, margin + τ].
            let shift = next - old
            rebuild(cap: cap, isFull: { old + Int128($0) <= n }, hash: hash, transform: { NarrowState(truncatingIfNeeded: Int128($0) - shift) })
        }
        epoch = next
        return Int64(truncatingIfNeeded: Self.margin)
    }
}

/// A bucket state as a table slot holds it, with a mark for an empty slot. Ordered: a smaller
/// state is a fuller bucket.
@usableFromInline
protocol SlotState: BitwiseCopyable, Comparable {
    static var emptyMark: Self { get }
    var isEmptyMark: Bool { get }
}

/// A state in 64 bits: the bucket's time (``BucketPolicy``) relative to the table's epoch, for
/// policies whose bucket spans under 2⁶⁰ scaled units (``BucketPolicy/fitsNarrowState``).
@usableFromInline
typealias NarrowState = Int64

extension Int64: SlotState {
    @inlinable static var emptyMark: Int64 { .min }
    @inlinable var isEmptyMark: Bool { self == .min }
}

/// A state in 128 bits, as two words (so that a slot with an 8-byte key is 24 bytes, not 32):
/// the bucket's time itself (``BucketPolicy``).
@usableFromInline
struct WideState: SlotState {
    @usableFromInline var low: UInt64
    /// `Int64.min` only in the empty mark (no state has that high word: ``BucketPolicy/earliest``).
    @usableFromInline var high: Int64

    @inlinable
    init(_ value: Int128) {
        low = UInt64(truncatingIfNeeded: value)
        high = Int64(truncatingIfNeeded: value >> 64)
    }

    @inlinable var value: Int128 { Int128(high) << 64 | Int128(low) }
    @inlinable static var emptyMark: WideState { WideState(Int128(Int64.min) << 64) }
    @inlinable var isEmptyMark: Bool { high == .min }
    @inlinable static func < (a: WideState, b: WideState) -> Bool { a.value < b.value }
}
