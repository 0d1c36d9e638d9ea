import TollgateJSON

/// Where rendered bytes go: the render's `RawByteBuffer` (TollgateJSON's), or a `[UInt8]`.
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

/// A render's output (``Renderer/out``) and the byte paths' scratch, in raw memory.
extension RawByteBuffer: ByteSink {}
