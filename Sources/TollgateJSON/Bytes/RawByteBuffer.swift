/// A growable byte buffer in raw memory, for writers on a hot path: the JSON writer's output, the
/// parser's scratch for escaped strings and a template render's output. An append is a capacity
/// check and a copy: no uniqueness check and no reference counting, which `[UInt8]` pays per call.
///
/// Invariants (the buffer is a value that owns memory by hand, so its users keep them):
/// - `base[0..<count]` are initialized bytes and `count <= capacity`.
/// - Memory the buffer allocates is a block with a 16-byte header recording its capacity, so a
///   block can be handed over as one pointer (``takeBlock()``) and adopted again
///   (``init(capacity:reusing:)``).
/// - Memory lent by the caller (``init(borrowing:capacity:)``) is never freed by the buffer; the
///   first growth moves the bytes to a block of the buffer's own.
/// - Exactly one copy of a buffer is used after it grows or is released: the struct is copyable
///   so that it can live in the parser's and writer's copyable state, and whoever holds it calls
///   ``release()`` once (or ``takeBlock()``), after which it is not used again.
///
/// The methods are inlinable: the renderer in another module appends through them per byte run.
package struct RawByteBuffer {
    @usableFromInline var storedBase: UnsafeMutablePointer<UInt8>
    @usableFromInline var storedCount = 0
    @usableFromInline var storedCapacity: Int
    /// `false` while the memory is lent by the caller, or once the block was handed over.
    @usableFromInline var ownsBlock: Bool

    /// Where the bytes start (it moves when the buffer grows).
    @inlinable package var base: UnsafeMutablePointer<UInt8> { storedBase }
    /// How many bytes are written.
    @inlinable package var count: Int { storedCount }
    /// How many bytes fit before the buffer grows.
    @inlinable package var capacity: Int { storedCapacity }

    /// A buffer with room for at least `capacity` bytes.
    @inlinable package init(capacity: Int) {
        self.init(capacity: capacity, reusing: nil)
    }

    /// A buffer in `block`, one an earlier buffer handed over (``takeBlock()``), when it holds at
    /// least `capacity` bytes; otherwise `block` is freed and a new block made.
    @inlinable package init(capacity wanted: Int, reusing block: UnsafeMutableRawPointer?) {
        let wanted = max(wanted, 64)
        ownsBlock = true
        if let block {
            let blockCapacity = block.load(as: Int.self)
            if blockCapacity >= wanted {
                storedBase = (block + 16).assumingMemoryBound(to: UInt8.self)
                storedCapacity = blockCapacity
                return
            }
            block.deallocate()
        }
        storedBase = Self.block(wanted)
        storedCapacity = wanted
    }

    /// A buffer that starts in `memory` (never freed by the buffer) and moves to a block of its
    /// own when it needs more than `capacity` bytes.
    @inlinable package init(borrowing memory: UnsafeMutablePointer<UInt8>, capacity: Int) {
        storedBase = memory
        storedCapacity = capacity
        ownsBlock = false
    }

    /// The largest block worth keeping for a later buffer (``takeBlock()``).
    @usableFromInline package static let maxKeptBlock = 1 << 20

    /// Room for `capacity` bytes after a 16-byte header that records it.
    @usableFromInline static func block(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity + 16, alignment: 16)
        raw.storeBytes(of: capacity, as: Int.self)
        return (raw + 16).bindMemory(to: UInt8.self, capacity: capacity)
    }

    @usableFromInline var header: UnsafeMutableRawPointer { UnsafeMutableRawPointer(storedBase) - 16 }

    /// The bytes written so far.
    @inlinable package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storedBase, count: storedCount) }

    /// Frees the buffer's block (nothing when its memory is lent). The buffer is not used afterwards.
    @inlinable package func release() {
        if ownsBlock { header.deallocate() }
    }

    /// Hands the block over for a later buffer (``init(capacity:reusing:)``); nil when the memory
    /// is lent or the block is larger than ``maxKeptBlock`` (then it is freed). The buffer is not
    /// used afterwards.
    @inlinable package mutating func takeBlock() -> UnsafeMutableRawPointer? {
        guard ownsBlock else { return nil }
        ownsBlock = false
        guard storedCapacity <= Self.maxKeptBlock else {
            header.deallocate()
            return nil
        }
        return header
    }

    @inlinable @inline(__always)
    package mutating func append(_ byte: UInt8) {
        if storedCount == storedCapacity { grow(1) }
        storedBase[storedCount] = byte
        storedCount += 1
    }

    @inlinable @inline(__always)
    package mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        if storedCount + n > storedCapacity { grow(n) }
        let target = storedBase + storedCount
        if n <= 16 {
            // Short runs (most template text, most keys): two overlapping word copies, no loop, no call.
            if n >= 8 {
                store(unalignedWord(source), at: target)
                store(unalignedWord(source + n - 8), at: target + n - 8)
            } else if n >= 4 {
                store(unalignedHalfWord(source), at: target)
                store(unalignedHalfWord(source + n - 4), at: target + n - 4)
            } else {
                for i in 0..<n { target[i] = source[i] }
            }
        } else {
            target.update(from: source, count: n)
        }
        storedCount += n
    }

    @inlinable @inline(__always)
    package mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable @inline(__always)
    package mutating func append(utf8 string: String) {
        var string = string
        string.withUTF8 { append(contentsOf: $0) }
    }

    @inlinable @inline(__always)
    func store<T: FixedWidthInteger>(_ v: T, at p: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v.littleEndian, as: T.self)
    }

    /// Room for `n` more bytes at the end: write them through the pointer, then ``commit(_:)``.
    @inlinable @inline(__always) @discardableResult
    package mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if storedCount + n > storedCapacity { grow(n) }
        return storedBase + storedCount
    }

    /// Counts `n` bytes written after a ``reserve(_:)``.
    @inlinable @inline(__always)
    package mutating func commit(_ n: Int) { storedCount += n }

    /// Drops the bytes past `mark` (a count read before).
    @inlinable @inline(__always)
    package mutating func truncate(to mark: Int) { storedCount = min(storedCount, max(mark, 0)) }

    @usableFromInline @inline(never)
    mutating func grow(_ n: Int) {
        let bigger = max(storedCapacity * 2, storedCount + n)
        let fresh = Self.block(bigger)
        fresh.update(from: storedBase, count: storedCount)
        if ownsBlock { header.deallocate() }
        storedBase = fresh
        storedCapacity = bigger
        ownsBlock = true
    }
}
