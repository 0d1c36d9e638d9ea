import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// `aws` integrations on services other than Lambda: the request the gateway builds for each form of
/// URI (what a backend is handed, before endpoint and signature), and what it does with the answer.
@Suite struct AWSServiceIntegrationTests {
    /// A gateway over `api` whose AWS service calls are recorded and answered with `answer`.
    static func gateway(
        _ api: String,
        variables: [(String, String)] = [],
        answer: IntegrationHTTPResponse = IntegrationHTTPResponse(status: 200, body: Array("{}".utf8))
    ) throws -> (Gateway, Recorder<AWSServiceRequest>) {
        let recorder = Recorder<AWSServiceRequest>()
        let backend = ClosureBackend(aws: { request in
            recorder.add(request)
            return answer
        })
        return (try Support.gateway(api, stage: Stage(name: "prod", variables: variables), backend: backend), recorder)
    }

    static func header(_ request: AWSServiceRequest, _ name: String) -> String? { request.headers[HTTPField.Name(name)!] }

    @Test func dynamoDBActionSetsTheJSONProtocolsTargetAndType() async throws {
        let (gateway, calls) = try Self.gateway("apis/aws-dynamodb.yaml", variables: [("table", "Comments")])
        let response = await Support.send(
            gateway,
            .post,
            "/comments",
            headers: [("Content-Type", "application/json")],
            body: #"{"pageId": "p1", "userName": "zoë", "message": "say \"hi\""}"#
        )
        #expect(response.status.code == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"commentId": "req-1"}"#)
        let call = try #require(calls.last)
        #expect(call.service == "dynamodb" && call.region == "us-east-1" && call.action == "PutItem" && call.method == "POST")
        #expect(call.path == "/" && call.query.map { "\($0.name)=\($0.value)" } == ["Action=PutItem"])
        #expect(Self.header(call, "X-Amz-Target") == "DynamoDB_20120810.PutItem")
        #expect(Self.header(call, "Content-Type") == "application/x-amz-json-1.0")
        #expect(call.credentials == "arn:aws:iam::123456789012:role/apigateway-dynamodb")
        #expect(call.defaultURI == "https://dynamodb.us-east-1.amazonaws.com/?Action=PutItem")
        let item = try JSONValue(parsing: call.body)
        #expect(item["TableName"] == "Comments")
        #expect(item["Item"]?["message"]?["S"] == "say \"hi\"")
        #expect(item["Item"]?["userName"]?["S"] == "zoë")
    }

    /// The status code is the selection value, as for an HTTP integration: DynamoDB's 400 goes to the
    /// `4\d{2}` response and its template reads the error body.
    @Test func aServiceErrorIsSelectedByItsStatus() async throws {
        let error = #"{"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "Requested resource not found"}"#
        let (gateway, _) = try Self.gateway(
            "apis/aws-dynamodb.yaml",
            variables: [("table", "Nope")],
            answer: IntegrationHTTPResponse(status: 400, body: Array(error.utf8))
        )
        let response = await Support.send(gateway, .post, "/comments", body: #"{"pageId": "p"}"#)
        #expect(response.status.code == 400)
        #expect(
            String(decoding: response.body, as: UTF8.self) == #"{"error": "ResourceNotFoundException", "message": "Requested resource not found"}"#
                + "\n"
        )
    }

    @Test func sqsPathFormKeepsTheMappedContentTypeAndTemplate() async throws {
        let (gateway, calls) = try Self.gateway("apis/aws-sqs.yaml", variables: [("queue", "tollgate-orders")])
        let response = await Support.send(gateway, .post, "/orders", body: #"{"sku": "a&b"}"#)
        #expect(response.status.code == 200)
        let call = try #require(calls.last)
        #expect(call.service == "sqs" && call.action == nil && call.path == "/123456789012/tollgate-orders" && call.query.isEmpty)
        #expect(Self.header(call, "Content-Type") == "application/x-www-form-urlencoded")
        #expect(Self.header(call, "X-Amz-Target") == nil)
        let body = String(decoding: call.body, as: UTF8.self)
        #expect(body.hasPrefix("Action=SendMessage&MessageBody=%7B%22sku%22%3A+%22a%26b%22%7D&MessageAttribute.1.Name=source"))
        #expect(body.hasSuffix("StringValue=203.0.113.7"))
    }

    @Test func queryProtocolActionPutsTheParametersInTheQuery() async throws {
        let queue = "https://sqs.us-east-1.amazonaws.com/123456789012/tollgate-orders"
        let (gateway, calls) = try Self.gateway("apis/aws-sqs.yaml", variables: [("queueUrl", queue)])
        _ = await Support.send(gateway, .post, "/orders/by-action", body: "ünïcode & more")
        let call = try #require(calls.last)
        #expect(call.query.map(\.name) == ["Action", "MessageBody", "QueueUrl"] || call.query.map(\.name) == ["Action", "QueueUrl", "MessageBody"])
        #expect(call.query.first { $0.name == "MessageBody" }?.value == "ünïcode & more")
        #expect(call.query.first { $0.name == "QueueUrl" }?.value == queue)
        #expect(call.body.isEmpty)
        #expect(Self.header(call, "Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(call.defaultURI.hasPrefix("https://sqs.us-east-1.amazonaws.com/?Action=SendMessage&"))
        #expect(call.encodedQuery.contains("MessageBody=%C3%BCn%C3%AFcode%20%26%20more"))
    }

    @Test func snsPublishTakesTheTopicFromAStageVariable() async throws {
        let topic = "arn:aws:sns:us-east-1:123456789012:tollgate-alerts"
        let (gateway, calls) = try Self.gateway("apis/aws-sns.yaml", variables: [("topic", topic)])
        let response = await Support.send(gateway, .post, "/alerts", headers: [("Content-Type", "text/plain")], body: "disk full")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"published": true}"#)
        let call = try #require(calls.last)
        #expect(call.action == "Publish")
        #expect(call.query.first { $0.name == "TopicArn" }?.value == topic)
        #expect(call.query.first { $0.name == "Message" }?.value == "disk full")
        // No X-Subject header: the optional parameter is not sent.
        #expect(!call.query.contains { $0.name == "Subject" })
    }

    /// The seed's manual-approval API: the task token from the query string into SendTaskFailure's body.
    @Test func stepFunctionsManualApprovalTemplates() async throws {
        let (gateway, calls) = try Self.gateway("apis/aws-stepfunctions.yaml")
        _ = await Support.send(gateway, .get, "/fail?taskToken=AAAA%2Btoken")
        let call = try #require(calls.last)
        #expect(call.service == "states" && call.action == "SendTaskFailure")
        #expect(Self.header(call, "X-Amz-Target") == "AWSStepFunctions.SendTaskFailure")
        let body = try JSONValue(parsing: call.body)
        #expect(body == ["cause": "Reject link was clicked.", "error": "Rejected", "taskToken": "AAAA+token"])
        _ = await Support.send(gateway, .get, "/succeed?taskToken=t")
        #expect(try JSONValue(parsing: try #require(calls.last).body) == ["output": "\"Approve link was clicked.\"", "taskToken": "t"])
    }

    @Test func s3PathOverridesTakeTheMethodsPath() async throws {
        let (gateway, calls) = try Self.gateway(
            "apis/aws-s3.yaml",
            answer: IntegrationHTTPResponse(status: 200, headers: [.contentType: "text/plain"])
        )
        let response = await Support.send(gateway, .put, "/photos/a%20b.txt", headers: [("Content-Type", "text/plain")], body: "héllo")
        #expect(response.status.code == 200)
        var call = try #require(calls.last)
        #expect(call.service == "s3" && call.method == "PUT" && call.path == "/photos/a%20b.txt")
        #expect(Self.header(call, "Content-Type") == "text/plain")
        #expect(String(decoding: call.body, as: UTF8.self) == "héllo")
        let got = await Support.send(gateway, .get, "/photos/a%20b.txt")
        #expect(got.header("Content-Type") == "text/plain")
        call = try #require(calls.last)
        #expect(call.method == "GET" && call.path == "/photos/a%20b.txt")
        _ = await Support.send(gateway, .get, "/")
        #expect(calls.last?.path == "/")
        _ = await Support.send(gateway, .get, "/photos")
        #expect(calls.last?.path == "/photos")
        #expect(calls.last?.defaultURI == "https://s3.us-east-1.amazonaws.com/photos")
    }

    /// The reference's own example: `action/GetObject&Bucket={bucket}&Key={key}`, and a subdomain.
    @Test func actionParametersAndSubdomainsInTheURI() async throws {
        let definition = """
            {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/{folder}/{item}": {"get": {
              "responses": {"200": {"description": "ok"}},
              "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "GET",
                "uri": "arn:aws:apigateway:eu-west-1:s3:action/GetObject&Bucket={bucket}&Key={key}",
                "requestParameters": {"integration.request.path.bucket": "method.request.path.folder",
                  "integration.request.path.key": "method.request.path.item"},
                "responses": {"default": {"statusCode": "200"}}}}},
              "/direct": {"get": {"responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "GET",
                  "uri": "arn:aws:apigateway:cn-north-1:my-bucket.s3:path/notes/today.txt?versionId=3",
                  "responses": {"default": {"statusCode": "200"}}}}}}}
            """
        let recorder = Recorder<AWSServiceRequest>()
        let backend = ClosureBackend(aws: { request in
            recorder.add(request)
            return IntegrationHTTPResponse(status: 200)
        })
        let gateway = try Support.gateway(definition: definition, backend: backend)
        _ = await Support.send(gateway, .get, "/photos/a%20b.jpg")
        let call = try #require(recorder.last)
        #expect(call.region == "eu-west-1" && call.action == "GetObject")
        #expect(call.query.map { "\($0.name)=\($0.value)" } == ["Action=GetObject", "Bucket=photos", "Key=a b.jpg"])
        _ = await Support.send(gateway, .get, "/direct")
        let direct = try #require(recorder.last)
        #expect(direct.subdomain == "my-bucket" && direct.service == "s3" && direct.path == "/notes/today.txt")
        #expect(direct.defaultURI == "https://my-bucket.s3.cn-north-1.amazonaws.com.cn/notes/today.txt?versionId=3")
    }

    /// PutIntegration refuses an API Gateway ARN with neither `path/` nor `action/`; so does loading.
    @Test func aMalformedServiceARNIsRefusedAtLoad() throws {
        for uri in ["arn:aws:apigateway:us-east-1:s3:bucket/key", "arn:aws:apigateway:us-east-1:dynamodb:action/", "arn:aws:apigateway::sqs:path/q"] {
            let definition = """
                {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"post": {
                  "responses": {"200": {"description": "ok"}},
                  "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST", "uri": "\(uri)",
                    "responses": {"default": {"statusCode": "200"}}}}}}}
                """
            #expect(throws: DefinitionError.self, "\(uri)") { try Support.gateway(definition: definition) }
        }
    }

    /// A Lambda function's invocation URI is still a Lambda call, not a service call.
    @Test func lambdaURIsStayLambdaCalls() async throws {
        let definition = """
            {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"post": {
              "responses": {"200": {"description": "ok"}},
              "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST",
                "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Echo/invocations",
                "responses": {"default": {"statusCode": "200"}}}}}}}
            """
        let backend = ClosureBackend(functions: ["Echo": { payload in .success(payload) }], aws: { _ in IntegrationHTTPResponse(status: 500) })
        let response = await Support.send(try Support.gateway(definition: definition, backend: backend), .post, "/x", body: #"{"a":1}"#)
        #expect(response.status.code == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"a":1}"#)
    }

    /// A backend with no AWS service handler, a timeout and a failed call: 500, 504 and 504 as for HTTP
    /// integrations, each with its reason in the execution log.
    @Test func failuresAnswerAsIntegrationFailuresDo() async throws {
        let api = try Support.gateway("apis/aws-stepfunctions.yaml")
        let none = await api.handle(GatewayRequest(method: .post, target: "/executions", body: Array("{}".utf8)), context: Support.context, log: true)
        #expect(none.response.status.code == 500)
        #expect(none.log.contains { $0.hasSuffix("Execution failed due to configuration error: no AWS service handler for states") })
        for (error, status, line) in [
            (IntegrationError.timeout, 504, "Execution failed due to a timeout error"),
            (.failed("connection refused"), 504, "Execution failed due to a network error: connection refused"),
        ] {
            let backend = ClosureBackend(aws: { _ throws(IntegrationError) in throw error })
            let gateway = try Support.gateway("apis/aws-stepfunctions.yaml", backend: backend)
            let result = await gateway.handle(
                GatewayRequest(method: .post, target: "/executions", body: Array("{}".utf8)),
                context: Support.context,
                log: true
            )
            #expect(result.response.status.code == status)
            #expect(result.log.contains { $0.hasSuffix(line) })
        }
    }
}

/// Service proxies in a CloudFormation template: the queue, table and role the integrations name by
/// `Ref`, `Fn::GetAtt` and `Fn::Sub` resolve as CloudFormation's return values give them.
@Suite struct CloudFormationServiceProxyTests {
    @Test func resourcesResolveToTheirNamesAndARNs() async throws {
        let template = try OpenAPILoader.loadTemplate(contentsOf: Support.fixture("apis/cfn-service-proxy.yaml"), region: "eu-west-1")
        let recorder = Recorder<AWSServiceRequest>()
        let backend = ClosureBackend(aws: { request in
            recorder.add(request)
            return IntegrationHTTPResponse(status: 200, body: Array(#"{"Item": {"id": {"S": "7"}, "name": {"S": "widget"}}}"#.utf8))
        })
        let gateway = try Gateway(template.api, stage: Stage(name: "prod", region: "eu-west-1"), backend: backend)
        let queued = await Support.send(gateway, .post, "/orders", body: #"{"n": 1}"#)
        #expect(String(decoding: queued.body, as: UTF8.self) == #"{"queued": true}"#)
        let send = try #require(recorder.last)
        #expect(send.region == "eu-west-1" && send.service == "sqs" && send.path == "/123456789012/tollgate-orders")
        #expect(send.credentials == "arn:aws:iam::123456789012:role/ApiRole")
        let item = await Support.send(gateway, .get, "/items/7")
        #expect(String(decoding: item.body, as: UTF8.self) == #"{"id": "7", "name": "widget"}"# + "\n")
        let get = try #require(recorder.last)
        #expect(get.action == "GetItem")
        #expect(try JSONValue(parsing: get.body) == ["TableName": "ItemsTable", "Key": ["id": ["S": "7"]]])
    }
}
