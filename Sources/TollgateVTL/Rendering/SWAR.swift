/// Byte tests on eight bytes at once (the classic "has zero byte" bit tricks).
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Non-zero when some byte of `v` is below `n` (for `n` ≤ 0x80; bytes ≥ 0x80 may also flag).
    @inline(__always) static func hasLess(_ v: UInt64, _ n: UInt8) -> UInt64 {
        (v &- ones &* UInt64(n)) & ~v & high
    }

    /// Non-zero when some byte of `v` equals `b`.
    @inline(__always) static func hasByte(_ v: UInt64, _ b: UInt8) -> UInt64 {
        let x = v ^ (ones &* UInt64(b))
        return (x &- ones) & ~x & high
    }

    /// Zero when every byte of `v` is plain ASCII inside a JSON string: no quote, backslash, control,
    /// DEL or non-ASCII byte. Otherwise the lowest flagged byte is the first such (higher ones may
    /// be over-flagged).
    @inline(__always) static func plain(_ v: UInt64) -> UInt64 {
        hasLess(v, 0x20) | hasByte(v, 0x22) | hasByte(v, 0x5C) | (v & high) | hasByte(v, 0x7F)
    }
}
