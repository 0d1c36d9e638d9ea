#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Classifies UTF-8 text by the Java line terminators it holds, with `memchr` (SIMD in libc):
/// `\n` (0A), `\r` (0D), U+0085 (C2 85), U+2028 (E2 80 A8), U+2029 (E2 80 A9).
enum JavaLineTerminators {
    enum Content {
        /// No line terminator at all: Java's `.` matches every character of the text.
        case none
        /// Only `\n`: Java's `.` is "not `\n`" on this text.
        case newlinesOnly
        /// Some other terminator: Java's `.` needs its full class.
        case others
    }

    @inline(__always)
    static func classify(_ text: UnsafeBufferPointer<UInt8>) -> Content {
        guard let base = text.baseAddress, !text.isEmpty else { return .none }
        let count = text.count
        if memchr(base, 0x0D, count) != nil
            || contains(base, count, lead: 0xC2, { p, left in left >= 2 && p[1] == 0x85 })
            || contains(base, count, lead: 0xE2, { p, left in left >= 3 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9) })
        {
            return .others
        }
        return memchr(base, 0x0A, count) == nil ? .none : .newlinesOnly
    }

    @inline(__always)
    static func contains(
        _ base: UnsafePointer<UInt8>,
        _ count: Int,
        lead: UInt8,
        _ isTerminator: (UnsafePointer<UInt8>, Int) -> Bool
    ) -> Bool {
        var p = base
        var left = count
        while left > 0, let hit = memchr(p, Int32(lead), left) {
            let q = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            let remaining = left - (q - p)
            if isTerminator(q, remaining) { return true }
            p = q + 1
            left = remaining - 1
        }
        return false
    }
}
