import Testing
import TollgateGateway
import _TollgateTestSupport

/// The mock status read without a parser agrees with the parse, and leaves every other form to it.
@Suite struct MockStatusTests {
    @Test(arguments: [
        (#"{"statusCode": 200}"#, 200),
        ("{\n  \"statusCode\" : 404 \n}\n", 404),
        (#"{"statusCode":0}"#, 0),
        (#"{"statusCode": 599}"#, 599),
        (#"{"statusCode": 123456789}"#, 123_456_789),
    ])
    func thePlainFormIsReadDirectly(body: String, status: Int) {
        #expect(MockStatus.plain(Array(body.utf8)) == status)
        #expect(MockStatus.parsed(Array(body.utf8)) == status)
        #expect(MockStatus.read(Array(body.utf8)) == status)
    }

    @Test(arguments: [
        #"{"statusCode": 200, "x": 1}"#, #"{"x": 1, "statusCode": 201}"#, #"{statusCode: 202}"#, #"{"statusCode": "203"}"#,
        #"{"statusCode": 204.0}"#, #"{"statusCode": 2e2}"#, #"{"statusCode": 0200}"#, #"{"statusCode": -1}"#,
        #"{"statusCode": 1234567890}"#, #"{"statusCode": 200} x"#, #"{"statusCode": 200"#, #"{"statusCode" 200}"#, "", "{}",
        #"{"statuscode": 200}"#,
    ])
    func otherFormsGoToTheParser(body: String) {
        #expect(MockStatus.plain(Array(body.utf8)) == nil)
        #expect(MockStatus.read(Array(body.utf8)) == MockStatus.parsed(Array(body.utf8)))
    }

    /// On 20,000 bodies made of the pieces a mock template renders (and the ones it should not), the
    /// direct reading answers as the parse wherever it answers, and answers the plain form itself.
    @Test func thePlainReadingAgreesWithTheParseOnGeneratedBodies() {
        let pieces = [
            "{", "}", "\"statusCode\"", "statusCode", ":", " ", "\n", "\t", "200", "0", "007", "4", "12345678901",
            "-", ".5", "e2", ",", "\"x\"", "\"", "'", "null", "\"statuscode\"",
        ]
        var g = SplitMix64(seed: 11)
        var answered = 0
        for n in 0..<20_000 {
            var body = ""
            if n % 4 == 0 {
                // Near the plain form: `{ "statusCode" : digits }` with spacing and a mutation or two.
                let digits = String(g.below(1_000_000_000 / (1 + g.below(1000))))
                var parts = ["{", "\"statusCode\"", ":", digits, "}"]
                for _ in 0..<g.below(3) { parts.insert(pieces[g.below(pieces.count)], at: g.below(parts.count + 1)) }
                body = parts.map { $0 + String(repeating: " ", count: g.below(2)) }.joined()
            } else {
                for _ in 0..<g.below(8) { body += pieces[g.below(pieces.count)] }
            }
            let bytes = Array(body.utf8)
            if let status = MockStatus.plain(bytes) {
                answered += 1
                #expect(MockStatus.parsed(bytes) == status, "\(body)")
            }
            #expect(MockStatus.read(bytes) == MockStatus.parsed(bytes), "\(body)")
        }
        // Most of the near-plain bodies take the direct reading.
        #expect(answered > 1_000)
    }
}
