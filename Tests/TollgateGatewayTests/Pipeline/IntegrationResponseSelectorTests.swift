import Foundation
import Testing
import TollgateGateway
import TollgateJSON
import _TollgateTestSupport

struct IntegrationResponseSelectorTests {
    /// The error-handling fixture's responses.
    static let responses: [(statusCode: String, selectionPattern: String?, response: String)] = [
        ("200", nil, "default"),
        ("404", #".*httpStatus\":404.*"#, "not found"),
        ("403", #".*httpStatus\":403.*"#, "forbidden"),
        ("400", #".*httpStatus\":400.*"#, "bad request"),
        ("500", #".*httpStatus\":500.*"#, "error"),
    ]

    @Test func routesLambdaErrors() throws {
        let selector = try IntegrationResponseSelector(Self.responses)
        #expect(selector.select(#"{"errorType":"NotFound","httpStatus":404,"requestId":"r"}"#).statusCode == "404")
        #expect(selector.select(#"{"errorType":"BadRequest","httpStatus":400}"#).response == "bad request")
        let unmatched = selector.select("the sky is falling!")
        #expect(unmatched.isDefault && unmatched.statusCode == "200")
        #expect(selector.select(nil).statusCode == "200")
    }

    @Test func wholeStringAndPrecedence() throws {
        let selector = try IntegrationResponseSelector([
            (statusCode: "502", selectionPattern: ".+", response: "any"),
            (statusCode: "405", selectionPattern: ".*four hundred.*", response: "405"),
            (statusCode: "400", selectionPattern: "Invalid*", response: "400"),
        ])
        // Both match; the lower status code is tried first (the AWS observation: 405 won).
        #expect(selector.select("Error: Raising four hundred and five").statusCode == "405")
        #expect(selector.select("Invalid input").statusCode == "502")
        #expect(selector.select("Invalidddd").statusCode == "400")
        // No default: nothing is selected (the gateway answers 500).
        #expect(selector.select(nil).rule == nil)
        #expect(selector.select("line1\nline2").rule == nil)
    }

    @Test func dotStarMatchesAnAbsentMessage() throws {
        let selector = try IntegrationResponseSelector([(statusCode: "200", selectionPattern: ".*", response: "ok")])
        #expect(selector.select(nil).statusCode == "200")
        #expect(selector.select(nil).isDefault == false)
    }

    @Test func statusCodeSelectionForHTTP() throws {
        let selector = try IntegrationResponseSelector([
            (statusCode: "200", selectionPattern: "2\\d{2}", response: "ok"),
            (statusCode: "500", selectionPattern: "5\\d{2}", response: "error"),
            (statusCode: "400", selectionPattern: "", response: "default"),
        ])
        #expect(selector.select("201").statusCode == "200")
        #expect(selector.select("503").statusCode == "500")
        #expect(selector.select("404").isDefault)
    }

    @Test func invalidPatternFailsAtLoad() {
        #expect {
            _ = try IntegrationResponseSelector([(statusCode: "404", selectionPattern: #"{"code":404}"#, response: 1)])
        } throws: { error in
            "\(error)" == #"invalid selectionPattern "{\"code\":404}" for status 404: Illegal repetition near index 1"#
        }
    }
}

/// The error-handling fixture (Fixtures/apis/error-handling.json) routes its Lambda's errors.
struct ErrorHandlingFixtureTests {
    @Test func fixtureRoutesByHttpStatus() throws {
        let url = URL(fileURLWithPath: Support.fixture("apis/error-handling.json"))
        let api = try JSONValue(parsing: [UInt8](Data(contentsOf: url)))
        let responses = try #require(api[try JSONPointer("/paths/~1lambda/get/x-amazon-apigateway-integration/responses")]?.objectValue)
        let selector = try IntegrationResponseSelector(
            responses.map { key, value in
                (statusCode: value["statusCode"]?.stringValue ?? "", selectionPattern: key == "default" ? nil : key, response: key)
            }
        )
        for status in [400, 403, 404, 500] {
            // The errorMessage a Lambda function gives for JSON.stringify({... httpStatus ...}).
            let message = #"{"errorType":"E","httpStatus":\#(status),"requestId":"r","message":"m"}"#
            #expect(selector.select(message).statusCode == String(status))
        }
        #expect(selector.select("plain failure").isDefault)
        #expect(selector.select(nil).statusCode == "200")
    }
}
