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

    /// The same code units in different representations (a short string in a large buffer,
    /// two long strings built apart), and unequal strings of one length, each way round.
    @Test func representationsDoNotDecide() {
        var large = ""
        large.reserveCapacity(64)
        large += "STOCK"
        let small = "STOCK"
        #expect(exactlyEqual(large, small) && exactlyEqual(small, large))
        let long1 = String(repeating: "abc", count: 20)
        let long2 = (0..<20).map { _ in "abc" }.joined()
        #expect(exactlyEqual(long1, long2))
        #expect(!exactlyEqual("BOND", "CASH") && !exactlyEqual("CASH", "BOND"))
        #expect(!exactlyEqual(long1, long2.dropLast() + "d"))
        #expect(!exactlyEqual("STOCK", "STOCKS") && !exactlyEqual(large, "STOC"))
    }
}
