import TollgateJSON

/// Where rendered bytes go: the render's ``ByteBuffer``, or a `[UInt8]`.
protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension ByteSink where Self: ~Copyable {
    mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `v` in decimal, as Java's `Integer.toString` / `Long.toString` write it.
    mutating func appendDecimal(_ v: Int64) {
        if v >= 0 && v < 10 {
            append(UInt8(v) + 48)
            return
        }
        // Digits from the end of a 20-byte scratch (enough for Int64.min).
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            let end = raw.count
            var i = end
            var magnitude = v.magnitude
            repeat {
                i -= 1
                raw[i] = UInt8(magnitude % 10) + 48
                magnitude /= 10
            } while magnitude > 0
            if v < 0 {
                i -= 1
                raw[i] = UInt8(ascii: "-")
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[i..<end]))
        }
    }

    /// Java's `Double.toString(v)` (``JavaDouble``).
    mutating func appendJava(double v: Double) {
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { raw in
            let base = raw.bindMemory(to: UInt8.self).baseAddress!
            append(contentsOf: UnsafeBufferPointer(start: base, count: JavaDouble.write(v, into: base)))
        }
    }

    /// Java's `Double.toString` of a JSON number's double value, as json-smart prints a decimal.
    mutating func appendJavaDouble(_ n: JSONNumber) {
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { raw in
            let base = raw.bindMemory(to: UInt8.self).baseAddress!
            append(contentsOf: UnsafeBufferPointer(start: base, count: n.writeJavaDouble(into: base)))
        }
    }

    mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    mutating func append(utf8 text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) { return done }
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}

extension Array: ByteSink where Element == UInt8 {}

/// A render's output: a growable byte buffer that is never shared, so an append is a capacity check
/// and a copy (no uniqueness check, no reference counting). Freed with the renderer.
struct ByteBuffer: ~Copyable, ByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// False once the block was handed over (``takeSpare()``).
    private var owns = true

    /// The largest block kept for a later render.
    static let maxSpare = 1 << 20

    init(capacity: Int) {
        self.init(capacity: capacity, reusing: nil)
    }

    /// A buffer in `spare`, a block an earlier render gave back (``takeSpare()``), when it holds at
    /// least `capacity` bytes; otherwise `spare` is freed and a new block made.
    init(capacity wanted: Int, reusing spare: UnsafeMutableRawPointer?) {
        let wanted = max(wanted, 64)
        if let spare {
            let spareCapacity = spare.load(as: Int.self)
            if spareCapacity >= wanted {
                base = (spare + 16).assumingMemoryBound(to: UInt8.self)
                capacity = spareCapacity
                return
            }
            spare.deallocate()
        }
        base = Self.block(wanted)
        capacity = wanted
    }

    /// Room for `capacity` bytes after a 16-byte header that records it.
    private static func block(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity + 16, alignment: 16)
        raw.storeBytes(of: capacity, as: Int.self)
        return (raw + 16).bindMemory(to: UInt8.self, capacity: capacity)
    }

    private var header: UnsafeMutableRawPointer { UnsafeMutableRawPointer(base) - 16 }

    deinit { if owns { header.deallocate() } }

    /// Hands the block over for a later render (``init(capacity:reusing:)``); nil when it is larger
    /// than ``maxSpare`` (then it is freed). The buffer must not be used afterwards.
    mutating func takeSpare() -> UnsafeMutableRawPointer? {
        guard owns else { return nil }
        owns = false
        guard capacity <= Self.maxSpare else {
            header.deallocate()
            return nil
        }
        return header
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        if count + n > capacity { grow(n) }
        let target = base + count
        if n <= 16 {
            // Short runs (most template text): two overlapping word copies, no loop, no call.
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
        count += n
    }

    @inline(__always)
    private func store<T: FixedWidthInteger>(_ v: T, at p: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v.littleEndian, as: T.self)
    }

    /// Room for `n` more bytes at the end: write them through the pointer, then ``commit(_:)``.
    mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if count + n > capacity { grow(n) }
        return base + count
    }

    /// Counts `n` bytes written after a ``reserve(_:)``.
    mutating func commit(_ n: Int) { count += n }

    /// Drops the bytes past `mark` (a count read before).
    mutating func truncate(to mark: Int) { count = min(count, mark) }

    @inline(never)
    private mutating func grow(_ n: Int) {
        let bigger = max(capacity * 2, count + n)
        let fresh = Self.block(bigger)
        fresh.update(from: base, count: count)
        header.deallocate()
        base = fresh
        capacity = bigger
    }
}
