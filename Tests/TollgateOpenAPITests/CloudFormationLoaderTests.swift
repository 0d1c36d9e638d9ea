import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import TollgateRateLimit
import _TollgateTestSupport

/// CloudFormation templates: the seed's status page (RestApi, Resource, Method, Stage, Deployment) and
/// intrinsic functions ("Intrinsic function reference" in the CloudFormation user guide).
@Suite struct CloudFormationLoaderTests {
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
        try Support.template(Self.intrinsics, parameters: parameters)
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

    /// Usage plans, API keys and usage-plan keys as template resources, the stage's MethodSettings, and
    /// a body read from a local BodyS3Location file.
    @Test func usagePlansAndKeysFromTheTemplate() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/cfn-usage-plans.yaml"))
        #expect(template.stageName == "v1")
        #expect(template.stages.first?.methodSettings["~1items/POST"]?["throttlingBurstLimit"] == 1)
        #expect(template.keysWithoutValue == ["GeneratedKey"])
        let stage = try template.stage()
        #expect(stage.usagePlans.map(\.name).sorted() == ["Daily", "Gold"])
        let gateway = try Gateway(template.api, stage: stage)
        func get(_ key: String) async -> (Int, String) {
            let response = await Support.send(gateway, .get, "/items", headers: [("x-api-key", key)])
            return (response.status.code, response.text)
        }
        // Gold: its per-method throttle for GET /items is a burst of 2, then 429.
        #expect(await get("gold-key-value-00000001") == (200, #"{"key": "GoldKey", "stage": "v1", "host": "backend.example"}"#))
        #expect(await get("gold-key-value-00000001").0 == 200)
        #expect(await get("gold-key-value-00000001") == (429, #"{"message":"Too Many Requests"}"#))
        // Daily: 2 a day, then 429 Limit Exceeded.
        #expect(await get("daily-key-value-00000002").0 == 200)
        #expect(await get("daily-key-value-00000002").0 == 200)
        #expect(await get("daily-key-value-00000002") == (429, #"{"message":"Limit Exceeded"}"#))
        // A disabled key, and a key whose value AWS generates (not given), are 403.
        #expect(await get("disabled-key-value-00003").0 == 403)
        #expect(await get("").0 == 403)
        // The stage's MethodSettings throttle POST /items: a burst of 1.
        let post = { await Support.send(gateway, .post, "/items", headers: [("x-api-key", "daily-key-value-00000002")]).status.code }
        #expect(await post() == 429)  // the daily quota is spent
        let gold = { await Support.send(gateway, .post, "/items", headers: [("x-api-key", "gold-key-value-00000001")]).status.code }
        #expect(await gold() == 201)
        #expect(await gold() == 429)
    }

    @Test func aKeyWithoutValueIsUsableOnceGiven() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/cfn-usage-plans.yaml"))
        let gateway = try Gateway(template.api, stage: try template.stage(apiKeyValues: ["GeneratedKey": "given-value-000000000"]))
        let response = await Support.send(gateway, .get, "/items", headers: [("x-api-key", "given-value-000000000")])
        #expect(response.text == #"{"key": "GeneratedKey", "stage": "v1", "host": "backend.example"}"#)
        #expect {
            _ = try template.stage(apiKeyValues: ["NoSuchKey": "x"])
        } throws: { error in
            (error as? DefinitionError)?.message.contains("no API key NoSuchKey in the template") == true
        }
    }

    /// A `--stage-config` file over a template: its variables and keys win.
    @Test func aStageConfigurationOverTheTemplate() throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/cfn-usage-plans.yaml"))
        let overlay: JSONValue = [
            "stage": ["variables": ["backendHost": "other.example"]],
            "apiKeys": ["items": [["id": "DailyKey", "value": "replaced-value-0000000", "enabled": true]]],
        ]
        let stage = try StageConfiguration.apply(StageConfiguration.merge(try template.configuration(), overlay), to: Stage(name: "v1"))
        #expect(stage.variables.first { $0.0 == "backendHost" }?.1 == "other.example")
        let daily = try #require(stage.usagePlans.first { $0.name == "Daily" })
        #expect(daily.apiKeys == ["replaced-value-0000000": "DailyKey"])
    }

    /// Writes `files` (name → text) to a fresh directory and loads `template.yaml` from it.
    func loadFiles(_ files: [String: String]) throws -> CloudFormationLoader.Template {
        let directory = try Support.directory(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try OpenAPILoader.loadTemplate(contentsOf: directory.appendingPathComponent("template.yaml").path)
    }

    static let mockBody = """
        swagger: "2.0"
        info: {title: included}
        paths:
          /hello:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200", responseTemplates: {application/json: "hello from ${AWS::Region}"}}}
        """

    /// A Deployment's StageName and StageDescription, and a body included with AWS::Include (its
    /// intrinsics resolved, which a BodyS3Location file's are not).
    @Test func deploymentStageAndInclude() async throws {
        let template = try loadFiles([
            "template.yaml": """
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  Body:
                    Fn::Transform: {Name: AWS::Include, Parameters: {Location: body.yaml}}
              Deployment:
                Type: AWS::ApiGateway::Deployment
                Properties:
                  RestApiId: !Ref Api
                  StageName: beta
                  StageDescription:
                    Variables: {tier: two}
                    ThrottlingRateLimit: 7
                    ThrottlingBurstLimit: 3
            """,
            "body.yaml": Self.mockBody.replacingOccurrences(of: "${AWS::Region}", with: "${!Sub}").replacingOccurrences(
                of: "hello from ${!Sub}",
                with: "hello"
            ),
        ])
        #expect(template.stageName == "beta")
        #expect(template.stageVariables.map(\.1) == ["two"])
        let stage = try template.stage()
        #expect(stage.throttle == ThrottleSettings(rateLimit: 7, burstLimit: 3))
        #expect(await Support.send(try Gateway(template.api, stage: stage), .get, "/hello").text == "hello")
    }

    /// Pseudo parameters are settable like parameters (`--parameter AWS::StackName=orders`).
    @Test func pseudoParametersAreSettable() throws {
        let directory = try Support.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("t.yaml")
        try Data(
            """
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties: {Name: !Sub "${AWS::StackName}-${AWS::AccountId}", Body: {swagger: "2.0", info: {title: x}, paths: {}}}
            """.utf8
        ).write(to: file)
        let template = try OpenAPILoader.loadTemplate(
            contentsOf: file.path,
            parameters: ["AWS::StackName": "orders", "AWS::AccountId": "111122223333"]
        )
        #expect(template.api.title == "x")
        let defaults = try CloudFormationLoader.load(
            document: try JSONValue(
                parsing: #"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": {"Fn::Sub": "${AWS::StackName}"}}}}}"#
            ),
            parameters: ["AWS::StackName": "orders"]
        )
        #expect(defaults.api.title == "orders")
    }

    @Test func anS3LocationIsNotRead() throws {
        #expect {
            _ = try loadFiles([
                "template.yaml": """
                Resources:
                  Api:
                    Type: AWS::ApiGateway::RestApi
                    Properties: {BodyS3Location: {Bucket: b, Key: k}}
                """
            ])
        } throws: { error in
            let error = error as? DefinitionError
            return error?.location == "/Resources/Api/Properties/BodyS3Location" && error?.message.contains("name the local file") == true
        }
    }

    /// SAM: a local DefinitionUri, a SHARED usage plan, and `MyApi.Stage` in a plain UsagePlan.
    @Test func samDefinitionUriAndSharedPlan() async throws {
        let template = try loadFiles([
            "template.yaml": """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              MyApi:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: live
                  DefinitionUri: api.yaml
                  Auth:
                    ApiKeyRequired: true
                    UsagePlan: {CreateUsagePlan: SHARED, Throttle: {RateLimit: 1, BurstLimit: 9}}
              ExtraPlan:
                Type: AWS::ApiGateway::UsagePlan
                Properties:
                  ApiStages: [{ApiId: !Ref MyApi, Stage: !Ref MyApi.Stage}]
              ExtraKey:
                Type: AWS::ApiGateway::ApiKey
                Properties: {Enabled: true, Value: extra-key-value-000000}
              ExtraPlanKey:
                Type: AWS::ApiGateway::UsagePlanKey
                Properties: {KeyId: !Ref ExtraKey, KeyType: API_KEY, UsagePlanId: !Ref ExtraPlan}
            """,
            "api.yaml": Self.mockBody,
        ])
        #expect(template.stageName == "live")
        #expect(template.keysWithoutValue == ["ServerlessApiKey"])
        let stage = try template.stage(apiKeyValues: ["ServerlessApiKey": "shared-key-value-00000"])
        #expect(stage.usagePlans.map(\.name).sorted() == ["ExtraPlan", "ServerlessUsagePlan"])
        #expect(stage.usagePlans.first { $0.name == "ServerlessUsagePlan" }?.throttle == ThrottleSettings(rateLimit: 1, burstLimit: 9))
        let gateway = try Gateway(template.api, stage: stage)
        #expect(await Support.send(gateway, .get, "/hello").status.code == 403)
        // A DefinitionUri file's intrinsics are not resolved; API Gateway's own variables would be.
        let hello = await Support.send(gateway, .get, "/hello", headers: [("x-api-key", "extra-key-value-000000")])
        #expect(hello.text == "hello from ${AWS::Region}")
        #expect(await Support.send(gateway, .get, "/hello", headers: [("x-api-key", "shared-key-value-00000")]).status.code == 200)
    }
}
