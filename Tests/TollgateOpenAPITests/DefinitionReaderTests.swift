import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// A bad definition fails when it loads, naming where (docs/behaviour.md §11; issue 7 item 2).
@Suite struct DefinitionReaderTests {
    static func swagger(integration: String, extra: String = "", definitions: String = "{}") -> String {
        """
        {"swagger": "2.0", "info": {"title": "t"}, \(extra) "paths": {"/a": {"post": {
          "parameters": [{"in": "body", "name": "B", "schema": {"$ref": "#/definitions/B"}}],
          "responses": {"200": {"description": "ok"}},
          "x-amazon-apigateway-integration": \(integration)}}},
         "definitions": \(definitions)}
        """
    }

    static let mock =
        #"{"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"}, "responses": {"default": {"statusCode": "200"}}}"#

    func loadError(_ text: String) -> String? {
        do {
            // Strict: what API Gateway would import with a warning is refused too (see LenientLoadingTests).
            _ = try Gateway(OpenAPILoader.load(text), strict: true)
            return nil
        } catch let error as DefinitionError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func goodDefinitionLoads() {
        #expect(loadError(Self.swagger(integration: Self.mock, definitions: #"{"B": {"type": "object"}}"#)) == nil)
    }

    @Test(arguments: [
        (
            swagger(integration: #"{"type": "lambda", "uri": "x"}"#),
            #"/paths/~1a/post/x-amazon-apigateway-integration/type: unknown integration type "lambda" (expected http, http_proxy, aws, aws_proxy or mock)"#
        ),
        (
            swagger(integration: #"{"type": "mock", "responses": {"{\"code\":404}": {"statusCode": "404"}}}"#, definitions: #"{"B": {}}"#),
            "/paths/~1a/post/x-amazon-apigateway-integration/responses: "
        ),
        (
            swagger(integration: ##"{"type": "mock", "requestTemplates": {"application/json": "#if($a"}}"##, definitions: #"{"B": {}}"#),
            "/paths/~1a/post/x-amazon-apigateway-integration/requestTemplates/application~1json: template does not parse: "
        ),
        (swagger(integration: mock), "/paths/~1a/post: request model for application/json: "),
        (
            swagger(integration: mock, definitions: #"{"B": {"type": "object", "minLength": -1}}"#),
            "/paths/~1a/post: request model for application/json: "
        ),
        (
            swagger(integration: #"{"type": "mock", "passthroughBehavior": "sometimes"}"#),
            "/paths/~1a/post/x-amazon-apigateway-integration/passthroughBehavior: "
        ),
        (swagger(integration: #"{"type": "http"}"#), "/paths/~1a/post/x-amazon-apigateway-integration: a http integration needs a uri"),
        (swagger(integration: #"{"type": "mock", "timeoutInMillis": 30000}"#), "/paths/~1a/post/x-amazon-apigateway-integration/timeoutInMillis: "),
        (
            swagger(integration: mock, extra: #""x-amazon-apigateway-request-validator": "nope","#),
            "/x-amazon-apigateway-request-validator: no request validator named nope"
        ),
        (
            swagger(integration: mock, extra: #""x-amazon-apigateway-gateway-responses": {"NOT_A_TYPE": {}},"#),
            "/x-amazon-apigateway-gateway-responses/NOT_A_TYPE: unknown gateway response type NOT_A_TYPE"
        ),
        (#"{"swagger": "2.0", "paths": {"/a": {"get": {"responses": {}}}}}"#, "/paths/~1a/get: the method has no x-amazon-apigateway-integration"),
        // Mapping expressions API Gateway refuses (PutIntegration: "Invalid mapping expression specified").
        (
            swagger(
                integration: #"{"type": "mock", "requestParameters": {"integration.request.header.X": "method.requset.header.x"}}"#,
                definitions: #"{"B": {}}"#
            ),
            "/paths/~1a/post/x-amazon-apigateway-integration/requestParameters/integration.request.header.X: Invalid mapping expression specified: method.requset.header.x"
        ),
        (
            swagger(integration: #"{"type": "mock", "requestParameters": {"integration.request.nowhere.X": "'a'"}}"#, definitions: #"{"B": {}}"#),
            "/paths/~1a/post/x-amazon-apigateway-integration/requestParameters/integration.request.nowhere.X: Invalid mapping expression specified: integration.request.nowhere.X"
        ),
        (
            swagger(
                integration: #"{"type": "mock", "requestParameters": {"integration.request.header.X": "integration.response.header.Y"}}"#,
                definitions: #"{"B": {}}"#
            ),
            "/paths/~1a/post/x-amazon-apigateway-integration/requestParameters/integration.request.header.X: Invalid mapping expression specified: integration.response.header.Y"
        ),
        (
            swagger(
                integration:
                    #"{"type": "mock", "responses": {"default": {"statusCode": "200", "responseParameters": {"method.response.body.X": "'a'"}}}}"#,
                definitions: #"{"B": {}}"#
            ),
            "/paths/~1a/post/x-amazon-apigateway-integration/responses/default/responseParameters/method.response.body.X: Invalid mapping expression specified: method.response.body.X"
        ),
        (
            swagger(
                integration:
                    #"{"type": "mock", "responses": {"default": {"statusCode": "200", "responseParameters": {"method.response.header.X": "integration.response"}}}}"#,
                definitions: #"{"B": {}}"#
            ),
            "/paths/~1a/post/x-amazon-apigateway-integration/responses/default/responseParameters/method.response.header.X: Invalid mapping expression specified: integration.response"
        ),
        (
            swagger(
                integration: mock,
                extra:
                    #""x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {"responseParameters": {"gatewayresponse.header.X": "integration.response.body"}}},"#,
                definitions: #"{"B": {}}"#
            ),
            "/x-amazon-apigateway-gateway-responses/DEFAULT_4XX/responseParameters/gatewayresponse.header.X: Invalid mapping expression specified: integration.response.body"
        ),
        (
            ##"{"openapi": "3.0.1", "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/X"}]}}}}"##,
            "/paths/~1a/get/parameters/0/$ref: dangling $ref"
        ),
        (#"{"paths": {}}"#, "/: not a Swagger 2.0 or OpenAPI 3 document"),
        ("{\"swagger\": \"2.0\",\n  \"paths\": {]}", "2:13: not valid JSON"),
        ("openapi: 3.0.1\npaths:\n  /a: [unclosed\n", "4:1: not valid YAML"),
    ])
    func badDefinitionsFailWithTheirLocation(text: String, expected: String) {
        let error = loadError(text)
        #expect(error?.hasPrefix(expected) == true, "got \(error ?? "no error")")
    }

    @Test func openAPI3RequestBodiesAndComponentsModels() async throws {
        let yaml = """
            openapi: 3.0.1
            info: {title: t}
            x-amazon-apigateway-request-validators:
              body: {validateRequestBody: true, validateRequestParameters: false}
            paths:
              /pets:
                post:
                  x-amazon-apigateway-request-validator: body
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Pet'}
                  responses:
                    '200': {description: ok}
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"statusCode": 200}'}
                    responses:
                      default: {statusCode: '200', responseTemplates: {application/json: '{"ok": true}'}}
            components:
              schemas:
                Pet:
                  type: object
                  required: [name]
                  properties: {name: {type: string}, age: {type: integer, minimum: 0}}
            """
        let gateway = try Gateway(OpenAPILoader.load(yaml))
        #expect(await Support.send(gateway, .post, "/pets", body: #"{"name": "rex", "age": 3}"#).text == #"{"ok": true}"#)
        #expect(await Support.send(gateway, .post, "/pets", body: #"{"age": -1}"#).status.code == 400)
    }
}
