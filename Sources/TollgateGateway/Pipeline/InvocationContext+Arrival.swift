import Foundation

extension InvocationContext {
    /// The context of a request arriving now from `sourceIP`: a new request id, the wall clock's time
    /// (`$context.requestTimeEpoch`) and the monotonic clock (for the rate limiter and caches). What
    /// the server adapters and the tool make for every request.
    public static func arriving(from sourceIP: String) -> InvocationContext {
        InvocationContext(
            requestId: makeRequestId(),
            timeEpochMillis: Int64(Date().timeIntervalSince1970 * 1000),
            sourceIP: sourceIP,
            monotonicNanoseconds: Int64(DispatchTime.now().uptimeNanoseconds)
        )
    }

    /// A request id in UUID form (version 4 layout) from the system's random generator, as API
    /// Gateway's ids look (`x-amzn-RequestId`), without Foundation's `UUID` (which cost more than the
    /// rest of a small request's bookkeeping).
    public static func makeRequestId() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        let hex: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { buffer in
            hex.withUTF8Buffer { digits in
                var i = 0
                func put(_ value: UInt64, _ count: Int) {
                    for shift in stride(from: (count - 1) * 4, through: 0, by: -4) {
                        buffer[i] = digits[Int((value >> UInt64(shift)) & 15)]
                        i += 1
                    }
                }
                func dash() {
                    buffer[i] = UInt8(ascii: "-")
                    i += 1
                }
                put(high >> 32, 8)
                dash()
                put((high >> 16) & 0xFFFF, 4)
                dash()
                put(0x4000 | (high & 0x0FFF), 4)
                dash()
                put(0x8000 | ((low >> 48) & 0x3FFF), 4)
                dash()
                put(low & 0xFFFF_FFFF_FFFF, 12)
            }
            return 36
        }
    }
}
