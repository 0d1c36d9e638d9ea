import TollgateJSON

/// Where one render's strings, lists, maps, entries and loop states live. They are freed together when
/// the render ends, as a Java heap would collect them; ``count`` and ``bytes`` let the renderer bound
/// how much a render makes.
///
/// Everything is placed one after another in chunks (a bump allocator: one `malloc` for many values).
/// Values hold no references, so nothing needs deinitializing: the end of a render frees the chunks.
/// Held inline by the renderer, never copied.
struct ValueArena: ~Copyable {
    /// Lists, maps, entries and loop states made so far.
    private(set) var count = 0
    /// Bytes handed out so far (strings and the element storage of lists and maps).
    private(set) var bytes = 0
    /// The chunk being filled; each chunk's first word points to the chunk before it, and a chunk's
    /// second word is its size (a block of its own leaves it unset).
    private var chunk: UnsafeMutableRawPointer?
    private var used = 0
    private var size = 0

    /// 3 KiB: a request template's values fit, and the chunk then serves the template's next renders
    /// (``takeSpare()``).
    private static let firstChunk = 3072

    init() {}

    /// An arena that starts in `spare`, a chunk an earlier render gave back (``takeSpare()``).
    init(reusing spare: UnsafeMutableRawPointer?) {
        guard let spare else { return }
        spare.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        (chunk, used, size) = (spare, 16, spare.load(fromByteOffset: 8, as: Int.self))
    }

    /// Frees every chunk but the current one and hands that over for a later render
    /// (``init(reusing:)``); nil when there is none or it is larger than ``maxSpare``. The arena is
    /// empty afterwards.
    mutating func takeSpare() -> UnsafeMutableRawPointer? {
        guard let current = chunk else { return nil }
        var c = current.load(as: UnsafeMutableRawPointer?.self)
        while let older = c {
            c = older.load(as: UnsafeMutableRawPointer?.self)
            older.deallocate()
        }
        chunk = nil
        guard size <= Self.maxSpare else {
            current.deallocate()
            return nil
        }
        return current
    }

    /// The largest chunk kept for a later render.
    static let maxSpare = 1 << 16

    deinit {
        var c = chunk
        while let current = c {
            c = current.load(as: UnsafeMutableRawPointer?.self)
            current.deallocate()
        }
    }

    /// `need` bytes, 16-aligned, in the current chunk or a new one.
    @inline(__always)
    private mutating func reserve(_ need: Int) -> UnsafeMutableRawPointer {
        let need = (need + 15) & ~15
        bytes += need
        if let chunk, used + need <= size {
            let p = chunk + used
            used += need
            return p
        }
        return reserveSlow(need)
    }

    /// ``reserve(_:)`` when the current chunk is full (or there is none yet).
    @inline(never)
    private mutating func reserveSlow(_ need: Int) -> UnsafeMutableRawPointer {
        if need > Self.firstChunk, let current = chunk {
            // A large block gets a chunk of its own, linked behind the current one.
            let own = UnsafeMutableRawPointer.allocate(byteCount: need + 16, alignment: 16)
            own.storeBytes(of: current.load(as: UnsafeMutableRawPointer?.self), as: UnsafeMutableRawPointer?.self)
            current.storeBytes(of: own, as: UnsafeMutableRawPointer?.self)
            return own + 16
        }
        let total = max(need + 16, size == 0 ? Self.firstChunk : min(size * 2, 1 << 16))
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
        fresh.storeBytes(of: chunk, as: UnsafeMutableRawPointer?.self)
        fresh.storeBytes(of: total, toByteOffset: 8, as: Int.self)
        (chunk, used, size) = (fresh, 16 + need, total)
        return fresh + 16
    }

    /// Room for `n` elements of a type that holds no references.
    mutating func buffer<T>(_ type: T.Type, capacity n: Int) -> UnsafeMutablePointer<T> {
        reserve(n * MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: n)
    }

    /// A copy of `bytes`, alive until the render ends.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> StringRef {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return .empty }
        let p = reserve(bytes.count).assumingMemoryBound(to: UInt8.self)
        p.update(from: source, count: bytes.count)
        return StringRef(base: p, count: bytes.count)
    }

    /// A copy of `s`'s UTF-8, alive until the render ends.
    mutating func string(_ s: String) -> StringRef {
        let n = s.utf8.count
        guard n > 0 else { return .empty }
        let p = reserve(n).assumingMemoryBound(to: UInt8.self)
        // The view's bulk copy (a memcpy for native strings).
        let (_, copied) = UnsafeMutableBufferPointer(start: p, count: n).initialize(from: s.utf8)
        return StringRef(base: p, count: copied)
    }

    private mutating func make<T>(_ value: T) -> UnsafeMutablePointer<T> {
        count += 1
        let p = reserve(MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: 1)
        p.initialize(to: value)
        return p
    }

    mutating func list(_ items: some Collection<Value>, json: Bool = false, array: Bool = false) -> ListRef {
        var vector = ArenaVector<Value>()
        vector.append(contentsOf: items, in: &self)
        return ListRef(storage: make(ListStorage(items: vector, json: json, array: array)))
    }

    mutating func map() -> MapRef {
        MapRef(storage: make(MapStorage()))
    }

    /// A map of parameters in order, as `put` would build it (a repeated name keeps its first
    /// position and its last value): `$input.params()` parts, `$stageVariables`. The names and values
    /// are read in place (`parameters` outlives the render).
    mutating func map(parameters: VTLParameters.View) -> MapRef {
        let map = map()
        let n = parameters.count
        if !parameters.repeats {
            // Unique names: the keys and values as they are (with the names' fingerprints when the map
            // is big enough to keep them), in time linear in their number.
            map.storage.pointee.keys.append(count: n, in: &self) { .string(parameters.name($0)) }
            map.storage.pointee.values.append(count: n, in: &self) { .string(parameters.value($0)) }
            if n > MapStorage.hashFrom { keepFingerprints(of: parameters, in: map) }
            return map
        }
        map.reserveCapacity(n, in: &self)
        for i in 0..<n {
            let key = parameters.name(i)
            if let found = map.index(ofString: key) {
                map.values[found] = .string(parameters.value(i))
            } else {
                map.storage.pointee.append(.string(key), .string(parameters.value(i)), in: &self)
            }
        }
        return map
    }

    /// Makes `map` (built from `parameters`, unique names) a map that keeps fingerprints.
    @inline(never)
    private mutating func keepFingerprints(of parameters: VTLParameters.View, in map: MapRef) {
        map.storage.pointee.fingerprints.append(count: parameters.count, in: &self) { parameters.pairs[$0].fingerprint }
        map.storage.pointee.hashed = true
    }

    mutating func entry(key: Value, value: Value) -> EntryRef {
        EntryRef(storage: make((key: key, value: value)))
    }

    mutating func loop(parent: Value) -> LoopState {
        LoopState(storage: make(LoopStorage(parent: parent)))
    }
}

/// A growable array in a render's arena, of a type that holds no references. Growing moves the
/// elements to a bigger block; the old one stays until the render ends. A copy is a view of the
/// elements at the time (later appends do not show in it).
struct ArenaVector<Element>: RandomAccessCollection {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(_ i: Int) -> Element {
        get { base.unsafelyUnwrapped[i] }
        nonmutating set { base.unsafelyUnwrapped[i] = newValue }
    }

    mutating func reserve(_ n: Int, in arena: inout ValueArena) {
        guard n > capacity else { return }
        let fresh = arena.buffer(Element.self, capacity: n)
        if let base, count > 0 { fresh.update(from: base, count: count) }
        base = fresh
        capacity = n
    }

    @inline(__always)
    mutating func append(_ element: Element, in arena: inout ValueArena) {
        if count == capacity { reserve(Swift.max(4, capacity * 2), in: &arena) }
        base.unsafelyUnwrapped[count] = element
        count += 1
    }

    mutating func append(contentsOf elements: some Collection<Element>, in arena: inout ValueArena) {
        reserve(count + elements.count, in: &arena)
        for element in elements {
            base.unsafelyUnwrapped[count] = element
            count += 1
        }
    }

    /// Appends `n` elements made by `element` from their offsets `0..<n`.
    @inline(__always)
    mutating func append(count n: Int, in arena: inout ValueArena, _ element: (Int) -> Element) {
        reserve(count + n, in: &arena)
        guard n > 0 else { return }
        let p = base.unsafelyUnwrapped + count
        for k in 0..<n { (p + k).initialize(to: element(k)) }
        count += n
    }

    mutating func insert(_ element: Element, at i: Int, in arena: inout ValueArena) {
        if count == capacity { reserve(Swift.max(4, capacity * 2), in: &arena) }
        let p = base.unsafelyUnwrapped
        (p + i + 1).update(from: p + i, count: count - i)
        p[i] = element
        count += 1
    }

    @discardableResult
    mutating func remove(at i: Int) -> Element {
        let p = base.unsafelyUnwrapped
        let element = p[i]
        (p + i).update(from: p + i + 1, count: count - i - 1)
        count -= 1
        return element
    }

    mutating func removeAll() { count = 0 }
}
