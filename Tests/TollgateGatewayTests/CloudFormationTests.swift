import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI

/// CloudFormation templates: the seed's status page (RestApi, Resource, Method, Stage, Deployment) and
/// intrinsic functions ("Intrinsic function reference" in the CloudFormation user guide).
@Suite struct CloudFormationTests {
    @Test func seedStatusPage() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/status-page.yaml"), region: "eu-west-1")
        #expect(template.stageName == "Prod")
        #expect(template.api.title == "Service Checker Gateway")
        let events = Recorder<JSONValue>()
        let backend = ClosureBackend(functions: [
            "WebRenderLambda": { payload in
                events.add(try! JSONValue(parsing: payload))
                return .success(Array(#""<html><body>ok</body></html>""#.utf8))
            }
        ])
        let gateway = try Gateway(template.api, stage: Stage(name: template.stageName!, region: "eu-west-1"), backend: backend)
        #expect(gateway.routes == ["GET /page"])
        let page = await Support.send(gateway, .get, "/page", headers: [("X-Auth", "secret")])
        #expect(page.status.code == 200)
        #expect(page.header("Content-Type") == "text/html")
        #expect(page.text == "<html><body>ok</body></html>")
        // The post's request template: the method and headers reach the function.
        let event = try #require(events.last)
        #expect(event["method"] == "GET")
        #expect(event["headers"]?["X-Auth"] == "secret")
        #expect(
            gateway.api.resources.first?.methods["GET"]?.integration.uri
                == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:WebRenderLambda/invocations"
        )
    }

    static let intrinsics = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          Env: {Type: String, Default: dev}
          Backend: {Type: String}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: !Sub "items-${Env}"
              Body:
                swagger: "2.0"
                info: {title: !Join ["-", [items, !Ref Env]]}
                paths:
                  /items:
                    get:
                      responses: {"200": {description: ok}}
                      x-amazon-apigateway-integration:
                        type: http_proxy
                        httpMethod: GET
                        uri: !Sub
                          - "https://${Host}/${Path}/${!literal}"
                          - Host: !Ref Backend
                            Path: !Select [1, !Split [",", "a,items,c"]]
                  /mode:
                    get:
                      responses: {"200": {description: ok}}
                      x-amazon-apigateway-integration:
                        type: mock
                        requestTemplates: {application/json: '{"statusCode": 200}'}
                        responses:
                          default:
                            statusCode: "200"
                            responseTemplates: {application/json: !If [IsProd, "production", "development"]}
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties: {RestApiId: !Ref Api, StageName: !Ref Env, Variables: {color: blue}}
        """

    func load(_ parameters: [String: String]) throws -> CloudFormationLoader.Template {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-cfn-\(UUID().uuidString).yaml")
        try Data(Self.intrinsics.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try OpenAPILoader.loadTemplate(contentsOf: file.path, parameters: parameters)
    }

    @Test func parametersConditionsAndSubstitutions() async throws {
        let template = try load(["Backend": "backend.example"])
        #expect(template.api.title == "items-dev")
        #expect(template.stageName == "dev")
        #expect(template.stageVariables.map(\.0) == ["color"])
        let uri = template.api.resources.first { $0.path == "/items" }?.methods["GET"]?.integration.uri
        #expect(uri == "https://backend.example/items/${literal}")
        let dev = try Gateway(template.api)
        #expect(await Support.send(dev, .get, "/mode").text == "development")
        let prod = try Gateway(try load(["Backend": "b", "Env": "prod"]).api)
        #expect(await Support.send(prod, .get, "/mode").text == "production")
    }

    @Test func aParameterWithoutDefaultOrValueIsAnError() throws {
        #expect {
            _ = try load([:])
        } throws: { error in
            (error as? DefinitionError)?.message.contains("parameter Backend has no Default") == true
        }
    }
}
