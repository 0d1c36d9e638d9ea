import HTTPTypes
import Testing
import TollgateGateway
import TollgateOpenAPI
import _TollgateTestSupport

/// An integration response's status must be a method response's when the method declares any, or the
/// request ends in a 500 configuration error (docs/behaviour.md §8.2); one that is no HTTP status does not load.
@Suite struct IntegrationResponseStatusTests {
    static func gateway(methodResponses: String, status: String) throws -> Gateway {
        try Support.gateway(
            definition: #"""
                {"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a": {"get": {"responses": \#(methodResponses),
                  "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                    "responses": {"default": {"statusCode": "\#(status)"}}}}}}}
                """#
        )
    }

    @Test(arguments: [
        (#"{"201": {"description": "created"}}"#, "201", 201),
        ("{}", "202", 202),
        (#"{"200": {"description": "ok"}}"#, "201", 500),
    ])
    func statusMustBeDeclaredAndValid(methodResponses: String, status: String, expected: Int) async throws {
        let gateway = try Self.gateway(methodResponses: methodResponses, status: status)
        let result = await gateway.handle(GatewayRequest(method: .get, target: "/a"), context: Support.context, log: true)
        #expect(result.response.status.code == expected)
        if expected == 500 {
            #expect(result.log.contains { $0.hasSuffix("Output mapping refers to an invalid method response: 201") })
        }
    }

    @Test(arguments: ["700", "abc", "99"])
    func statusThatIsNoHTTPStatusDoesNotLoad(status: String) {
        #expect(throws: DefinitionError.self) { try Self.gateway(methodResponses: "{}", status: status) }
    }
}
