import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// What API Gateway imports, Tollgate loads: a mapping template that does not parse is a warning with
/// its place, and the requests that select it answer 500; an unknown operation key is a warning.
/// `strict: true` refuses both.
@Suite struct LenientLoadingTests {
    static let definition = ##"""
        {"swagger": "2.0", "info": {"title": "t"}, "paths": {
          "/broken": {"post": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "#if($a", "text/plain": "{\"statusCode\": 200}"},
              "responses": {"default": {"statusCode": "200"}}}},
            "any": {"x-amazon-apigateway-integration": {"type": "mock"}}},
          "/fine": {"get": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
              "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "#foreach("}}}}}}}}
        """##

    @Test func brokenTemplatesAreWarningsAndAnswer500() async throws {
        let gateway = try Gateway(OpenAPILoader.load(Self.definition))
        let warnings = gateway.warnings.map(\.description)
        #expect(
            warnings.contains {
                $0.hasPrefix("/paths/~1broken/post/x-amazon-apigateway-integration/requestTemplates/application~1json: template does not parse: 1:")
            }
        )
        #expect(
            warnings.contains {
                $0.hasPrefix(
                    "/paths/~1fine/get/x-amazon-apigateway-integration/responses/default/responseTemplates/application~1json: template does not parse:"
                )
            }
        )
        #expect(warnings.contains("/paths/~1broken/any: any is not an operation: it is not served"))
        #expect(warnings.count == 3)
        let broken = await Support.send(gateway, .post, "/broken", headers: [("Content-Type", "application/json")], body: "{}")
        #expect(broken.status.code == 500)
        #expect(broken.text == #"{"message":"Internal server error"}"#)
        // The same method with a media type whose template parses works.
        #expect(await Support.send(gateway, .post, "/broken", headers: [("Content-Type", "text/plain")], body: "x").status.code == 200)
        #expect(await Support.send(gateway, .get, "/fine").status.code == 500)
    }

    @Test func strictRefuses() throws {
        #expect(throws: DefinitionError.self) { try Gateway(OpenAPILoader.load(Self.definition), strict: true) }
    }
}
