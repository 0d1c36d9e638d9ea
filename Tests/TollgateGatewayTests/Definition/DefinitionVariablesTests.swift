import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import _TollgateTestSupport

/// `${stageVariables.x}` and the import variables `${AWS::Region}`, `${AWS::AccountId}`,
/// `${AWS::Partition}` in integration and authorizer URIs ("Amazon API Gateway stage variables
/// reference", "AWS variables for OpenAPI import").
@Suite struct DefinitionVariablesTests {
    static let definition = """
        {"swagger": "2.0", "info": {"title": "vars"}, "paths": {
          "/http": {"get": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET", "uri": "http://${stageVariables.host}/${stageVariables.version}/items"}}},
          "/fn": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST",
            "uri": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${stageVariables.fn}/invocations"}}},
          "/missing": {"get": {"responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET", "uri": "http://${stageVariables.nowhere}/x"}}}}}
        """

    @Test func variablesReachTheURIs() async throws {
        let sent = Recorder<IntegrationHTTPRequest>()
        let backend = ClosureBackend(
            functions: ["orders-v2": { _ in .success(Array(#"{"statusCode": 200, "body": "v2"}"#.utf8)) }],
            http: { request in
                sent.add(request)
                return IntegrationHTTPResponse(status: 200)
            }
        )
        let stage = Stage(name: "beta", variables: [("host", "backend.example:8080"), ("version", "v2"), ("fn", "orders-v2")])
        let gateway = try Support.gateway(definition: Self.definition, stage: stage, backend: backend)
        #expect(await Support.send(gateway, .get, "/http").status.code == 200)
        #expect(sent.last?.uri == "http://backend.example:8080/v2/items")
        let fn = await Support.send(gateway, .get, "/fn")
        #expect(fn.status.code == 200)
        #expect(fn.text == "v2")
        // A variable the stage does not define: 500 for that method only, the backend not called.
        let count = sent.all.count
        #expect(await Support.send(gateway, .get, "/missing").status.code == 500)
        #expect(sent.all.count == count)
    }

    /// `credentials` and `connectionId` take stage variables too, and the execution log names them.
    @Test func credentialsAndConnectionId() async throws {
        let definition = """
            {"swagger": "2.0", "info": {"title": "vars"}, "paths": {"/p": {"get": {"x-amazon-apigateway-integration": {
              "type": "http_proxy", "httpMethod": "GET", "uri": "http://backend.example/p",
              "credentials": "arn:aws:iam::${AWS::AccountId}:role/${stageVariables.role}",
              "connectionType": "VPC_LINK", "connectionId": "${stageVariables.link}"}}}}}
            """
        let stage = Stage(variables: [("role", "api-caller"), ("link", "vl-123")])
        let gateway = try Support.gateway(
            definition: definition,
            stage: stage,
            backend: ClosureBackend(http: { _ in IntegrationHTTPResponse(status: 200) })
        )
        let result = await gateway.handle(GatewayRequest(method: .get, target: "/p"), context: Support.context, log: true)
        #expect(result.log.contains { $0.hasSuffix("Integration credentials: arn:aws:iam::123456789012:role/api-caller (not assumed locally)") })
        #expect(result.log.contains { $0.hasSuffix("Sending through VPC link vl-123") })
    }
}
