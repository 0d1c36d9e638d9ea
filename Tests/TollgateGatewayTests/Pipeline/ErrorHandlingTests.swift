import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import _TollgateTestSupport

/// The seed's error-handling API (Fixtures/apis/error-handling.json) with a function that fails as the
/// seed's examples do: a JSON error object serialized into `errorMessage` (docs/behaviour.md §12, pattern B).
@Suite struct ErrorHandlingTests {
    static let types = [400: "BadRequest", 403: "Forbidden", 404: "NotFound", 500: "InternalServerError"]

    let gateway: Gateway
    let invocations = Invocations()

    final class Invocations: @unchecked Sendable {
        let lock = NSLock()
        var payloads: [String] = []
        func record(_ payload: [UInt8]) {
            lock.withLock { payloads.append(String(decoding: payload, as: UTF8.self)) }
        }
    }

    init() throws {
        let invocations = self.invocations
        let backend = ClosureBackend(functions: [
            "error-demo": { payload in
                invocations.record(payload)
                let event = try? JSONValue(parsing: payload)
                let status = event?["failureStatus"]?.numberValue?.int64Value ?? 0
                guard let type = Self.types[Int(status)] else { return .success(Array(#"{"message":"ok"}"#.utf8)) }
                let error: JSONValue = [
                    "errorType": .string(type), "httpStatus": .number(JSONNumber(status)), "requestId": "40cd9bf6-0819-11e6-98f3-415848322efb",
                    "message": .string("failed with \(status)"),
                ]
                let lambdaError: JSONValue = ["errorMessage": .string(error.serialized()), "errorType": "Error"]
                return .failure(lambdaError.serializedBytes())
            }
        ])
        gateway = try Support.gateway("apis/error-handling.json", backend: backend)
    }

    @Test(arguments: [400, 403, 404, 500])
    func errorsRouteToTheirStatusWithTheMappedBody(status: Int) async throws {
        let response = await Support.send(gateway, .get, "/lambda?status=\(status)")
        #expect(response.status.code == status)
        #expect(
            response.text == """
                {
                  "type" : "\(Self.types[status]!)",
                  "message" : "failed with \(status)",
                  "request-id" : "40cd9bf6-0819-11e6-98f3-415848322efb"
                }
                """
        )
        // The request template mapped the query parameter into the event.
        #expect(invocations.payloads.last == "{\"failureStatus\" : \(status)\n}")
    }

    @Test func successUsesTheDefaultResponseAndPassesThePayloadThrough() async {
        let response = await Support.send(gateway, .get, "/lambda?status=200")
        #expect(response.status.code == 200)
        #expect(response.text == #"{"message":"ok"}"#)
    }

    @Test func anUnmatchedErrorGoesToTheDefaultWithTheRawErrorJSON() async throws {
        // 418 matches no pattern: the default response (200, no template) returns the Lambda error as is (docs/behaviour.md §8.5).
        let backend = ClosureBackend(functions: ["error-demo": { _ in .failure(Array(#"{"errorMessage":"teapot","errorType":"Error"}"#.utf8)) }])
        let gateway = try Support.gateway("apis/error-handling.json", backend: backend)
        let response = await Support.send(gateway, .get, "/lambda?status=418")
        #expect(response.status.code == 200)
        #expect(response.text == #"{"errorMessage":"teapot","errorType":"Error"}"#)
    }

    @Test func missingStatusParameterIsNotValidatedWithoutAValidator() async {
        // The API declares no request validator, so the required query parameter is not enforced (docs/behaviour.md §6).
        let response = await Support.send(gateway, .get, "/lambda")
        #expect(response.status.code != 400)
    }

    @Test func integrationFailuresBecomeGatewayResponses() async throws {
        let timeout = try Support.gateway(
            "apis/error-handling.json",
            backend: ClosureBackend(functions: ["error-demo": { _ throws(IntegrationError) in throw .timeout }])
        )
        let timedOut = await Support.send(timeout, .get, "/lambda?status=1")
        #expect(timedOut.status.code == 504)
        #expect(timedOut.text == #"{"message":"Endpoint request timed out"}"#)
        let none = try Support.gateway("apis/error-handling.json")
        let missing = await Support.send(none, .get, "/lambda?status=1")
        #expect(missing.status.code == 500)
        #expect(missing.text == #"{"message":"Internal server error"}"#)
        #expect(missing.header("x-amzn-ErrorType") == "ApiConfigurationException")
    }
}
