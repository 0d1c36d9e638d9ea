import Testing
import _TollgateTestSupport

@_spi(TollgateInternal) @testable import TollgateJavaRegex

/// The class-sequence fast form (``ClassSequence``) against PCRE2 running the same pattern's
/// translation, on generated rows and inputs: every anchoring, rows up to the 64-position limit,
/// inputs shorter than, as long as and longer than the row.
struct ClassSequenceTests {
    static let atoms = ["a", "b", "-", "[ab]", "[a-c]", "\\d", "[0-9a]", "[^\\s\\S]", "[\\-.]", "x"]

    static func pattern(_ random: inout SplitMix64) -> String {
        var text = random.below(3) == 0 ? "^" : ""
        for _ in 0..<(1 + random.below(5)) {
            text += atoms[random.below(atoms.count)]
            switch random.below(4) {
            case 0: text += "{\(random.below(4))}"
            case 1: text += "{\(1 + random.below(20))}"
            default: break
            }
        }
        return text + (random.below(3) == 0 ? "$" : "")
    }

    static func input(_ random: inout SplitMix64, near length: Int) -> String {
        let alphabet = Array("ab-.x019 é")
        let count = max(0, length + random.below(9) - 3) * (random.below(6) == 0 ? 4 : 1)
        return String((0..<count).map { _ in alphabet[random.below(alphabet.count)] })
    }

    @Test func agreesWithPCRE2() throws {
        var random = SplitMix64(seed: 0x5EC)
        var fastPatterns = 0
        for _ in 0..<1_500 {
            let source = Self.pattern(&random)
            let regex = try ECMAScriptRegex(source)
            guard regex.usesClassSequence else { continue }
            fastPatterns += 1
            let length = regex.fast!.pointee.length
            for _ in 0..<20 {
                let subject = Self.input(&random, near: length)
                let fast = regex.test(subject)
                let pcre2 = Array(subject.utf8).withUnsafeBufferPointer { regex.matcher.pcre2Test($0) }
                #expect(fast == pcre2, "pattern \(source.debugDescription) input \(subject.debugDescription)")
            }
        }
        #expect(fastPatterns > 1_000)
    }

    @Test func rowsStopAt64Positions() throws {
        #expect(try ECMAScriptRegex("a{64}").usesClassSequence)
        #expect(try !ECMAScriptRegex("a{65}").usesClassSequence)
        #expect(try !ECMAScriptRegex("a{40}b{40}").usesClassSequence)
        // A long input against a long row is a linear search (Shift-And), not one row test per offset.
        let row = try ECMAScriptRegex("a{63}b")
        let subject = String(repeating: "a", count: 2_000_000)
        #expect(!row.test(subject))
        #expect(row.test(subject + "b"))
    }
}
