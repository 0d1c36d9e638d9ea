import Testing
import TollgateGateway

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
}
