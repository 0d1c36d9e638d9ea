import Testing
import TollgateJSON

struct ExactlyEqualTests {
    /// Every length up to 40, equal and with one byte changed at each position (the word,
    /// overlapping-word and byte paths).
    @Test func bytesEqualAtEveryLengthAndPosition() {
        for n in 0...40 {
            let a = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            a.withUnsafeBufferPointer { x in
                var copy = a
                copy.withUnsafeBufferPointer { y in
                    #expect(n == 0 || bytesEqual(x.baseAddress!, y.baseAddress!, n), "length \(n)")
                }
                for position in 0..<n {
                    copy = a
                    copy[position] ^= 0x40
                    copy.withUnsafeBufferPointer { y in
                        #expect(!bytesEqual(x.baseAddress!, y.baseAddress!, n), "length \(n), position \(position)")
                    }
                }
            }
        }
    }

    @Test func exactlyEqualIsCodeUnitEquality() {
        #expect(exactlyEqual("account-id", "account-id"))
        #expect(!exactlyEqual("account-id", "account-ie"))
        #expect(!exactlyEqual("\u{E9}", "e\u{301}"))
        #expect(exactlyEqual("日本語のテキスト", "日本語のテキスト"))
        #expect(!exactlyEqual("a\u{301}\u{316}", "a\u{316}\u{301}"))  // canonically equal, same length
    }
}
