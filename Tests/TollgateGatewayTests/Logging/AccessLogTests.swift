import Foundation
import HTTPTypes
import Testing
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

@testable import TollgateGateway

/// Access logs: the stage's format, the console's four presets, the variables only access logs have,
/// and the settings the loaders read.
@Suite struct AccessLogTests {
    static let api = """
        {"swagger": "2.0", "info": {"title": "logs"},
         "securityDefinitions": {
           "TokenAuth": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
             "x-amazon-apigateway-authorizer": {"type": "token", "authorizerResultTtlInSeconds": 0,
               "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"}}},
         "paths": {
           "/pets": {"get": {"responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
               "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "{\\"pets\\": []}"}}}}}},
           "/fn": {"get": {
             "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": "arn:aws:lambda:us-east-1:123456789012:function:echo"}}},
           "/up": {"get": {"responses": {"202": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/up",
               "responses": {"default": {"statusCode": "202"}}}}},
           "/down": {"get": {"responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/down",
               "responses": {"default": {"statusCode": "200"}}}}},
           "/secret": {"get": {"security": [{"TokenAuth": []}], "responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
               "responses": {"default": {"statusCode": "200"}}}}}
         }}
        """

    static let backend = ClosureBackend(
        functions: [
            "echo": { _ in .success(Array(#"{"statusCode": 201, "body": "made"}"#.utf8)) },
            "auth": { payload in
                let token = (try? JSONValue(parsing: payload))?["authorizationToken"]?.stringValue ?? ""
                guard token == "allow" else { return .failure(Array(#"{"errorMessage": "Unauthorized"}"#.utf8)) }
                return .success(
                    Array(
                        #"{"principalId": "user-7", "context": {"tier": "gold"}, "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}"#
                            .utf8
                    )
                )
            },
        ],
        http: { (request) async throws(IntegrationError) in
            if request.uri.hasSuffix("/down") { throw IntegrationError.failed("connection refused") }
            return IntegrationHTTPResponse(status: 202, body: Array("accepted".utf8))
        }
    )

    func gateway(_ format: AccessLogFormat?) throws -> Gateway {
        try Support.gateway(definition: Self.api, stage: Stage(name: "prod", accessLogFormat: format), backend: Self.backend)
    }

    func entry(_ format: AccessLogFormat, _ target: String, headers: [(String, String)] = []) async throws -> String {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        let result = try await gateway(format).handle(GatewayRequest(method: .get, target: target, headers: fields), context: Support.context)
        return try #require(result.accessLog)
    }

    static let extendedId = Support.context.extendedRequestId

    // The console's examples, written out as the developer guide's "Access logging for REST APIs" shows
    // them, filled by hand for a request at 1553114310423 (20/Mar/2019:20:38:30 UTC) from 203.0.113.7.

    @Test func commonLogFormat() async throws {
        let line = try await entry(.clf, "/pets")
        #expect(line == "203.0.113.7 - - [20/Mar/2019:20:38:30 +0000]\"GET /pets HTTP/1.1\" 200 12 req-1 \(Self.extendedId)")
    }

    @Test func jsonPreset() async throws {
        let line = try await entry(.json, "/pets")
        let object = try #require(try JSONValue(parsing: Array(line.utf8)).objectValue)
        let expected: [(String, String)] = [
            ("requestId", "req-1"), ("extendedRequestId", Self.extendedId), ("ip", "203.0.113.7"), ("caller", "-"), ("user", "-"),
            ("requestTime", "20/Mar/2019:20:38:30 +0000"), ("httpMethod", "GET"), ("resourcePath", "/pets"), ("status", "200"),
            ("protocol", "HTTP/1.1"), ("responseLength", "12"),
        ]
        #expect(object.map(\.key) == expected.map(\.0))
        for (key, value) in expected { #expect(object[key]?.stringValue == value, "\(key)") }
    }

    @Test func xmlPreset() async throws {
        let line = try await entry(.xml, "/pets")
        #expect(
            line
                == "<request id=\"req-1\"> <extendedRequestId>\(Self.extendedId)</extendedRequestId> <ip>203.0.113.7</ip> <caller>-</caller> "
                + "<user>-</user> <requestTime>20/Mar/2019:20:38:30 +0000</requestTime> <httpMethod>GET</httpMethod> "
                + "<resourcePath>/pets</resourcePath> <status>200</status> <protocol>HTTP/1.1</protocol> "
                + "<responseLength>12</responseLength> </request>"
        )
    }

    @Test func csvPreset() async throws {
        let line = try await entry(.csv, "/pets")
        #expect(line == "203.0.113.7,-,-,20/Mar/2019:20:38:30 +0000,GET,/pets,HTTP/1.1,200,12,req-1,\(Self.extendedId)")
        #expect(AccessLogFormat.preset(named: "CSV") == .csv)
        #expect(AccessLogFormat.preset(named: "tsv") == nil)
    }

    @Test func noFormatNoEntry() async throws {
        let result = await (try gateway(nil)).handle(GatewayRequest(method: .get, target: "/pets"), context: Support.context)
        #expect(result.accessLog == nil)
    }

    @Test func gatewayResponseVariables() async throws {
        let format = try AccessLogFormat(
            "$context.requestId|$context.status|$context.error.message|$context.error.messageString|$context.error.responseType|"
                + "$context.resourcePath|$context.integrationLatency|$context.integration.status"
        )
        let line = try await entry(format, "/nowhere")
        #expect(line == "req-1|403|Missing Authentication Token|\"Missing Authentication Token\"|MISSING_AUTHENTICATION_TOKEN|-|-|-")
    }

    @Test func integrationVariables() async throws {
        let format = try AccessLogFormat(
            "$context.requestId $context.status $context.integration.status $context.integrationStatus "
                + "$context.integration.integrationStatus $context.integrationLatency $context.integration.latency "
                + "$context.responseLatency $context.error.message $context.integration.error"
        )
        // A Lambda proxy: the function's statusCode, Lambda's own 200.
        let proxy = try await entry(format, "/fn").split(separator: " ").map(String.init)
        #expect(Array(proxy[0..<5]) == ["req-1", "201", "201", "200", "200"])
        #expect(Int(proxy[5]) != nil && proxy[5] == proxy[6])
        #expect(Int(proxy[7])! >= Int(proxy[5])!)
        #expect(Array(proxy[8...]) == ["-", "-"])
        // An HTTP backend's status, then the method response's.
        let http = try await entry(format, "/up").split(separator: " ").map(String.init)
        #expect(Array(http[0..<5]) == ["req-1", "202", "202", "202", "202"])
        // A backend that cannot be reached: 504 INTEGRATION_FAILURE, with the reason.
        let down = try await entry(format, "/down")
        #expect(down.hasPrefix("req-1 504 - - - "))
        #expect(down.hasSuffix(" Internal server error connection refused"))
        // A mock is no integration call.
        let mock = try await entry(format, "/pets").split(separator: " ").map(String.init)
        #expect(Array(mock[0..<7]) == ["req-1", "200", "-", "-", "-", "-", "-"])
    }

    @Test func authorizerVariables() async throws {
        let format = try AccessLogFormat(
            "$context.requestId $context.status $context.authorizer.principalId $context.authorizer.tier $context.authorizer.status "
                + "$context.authorizer.integrationStatus $context.authorize.status $context.authorizer.latency "
                + "$context.authorizer.integrationLatency"
        )
        let allowed = try await entry(format, "/secret", headers: [("Authorization", "allow")]).split(separator: " ").map(String.init)
        #expect(Array(allowed[0..<7]) == ["req-1", "200", "user-7", "gold", "200", "200", "200"])
        #expect(Int(allowed[7]) != nil && Int(allowed[8]) != nil)
        let refused = try await entry(format, "/secret", headers: [("Authorization", "nope")]).split(separator: " ").map(String.init)
        #expect(Array(refused[0..<7]) == ["req-1", "401", "-", "-", "401", "200", "401"])
        // A method without an authorizer has none of these.
        let open = try await entry(format, "/pets").split(separator: " ").map(String.init)
        #expect(Array(open[2...]) == ["-", "-", "-", "-", "-", "-", "-"])
    }

    /// The variables an entry writes without building `$context` agree with the `$context` templates see.
    @Test func fastVariablesAgreeWithTemplateContext() async throws {
        let names = [
            "requestId", "extendedRequestId", "requestTime", "requestTimeEpoch", "httpMethod", "resourcePath", "protocol", "stage",
            "identity.sourceIp", "identity.caller", "identity.user",
        ]
        let template = names.map { "$context.\($0)" }.joined(separator: "|")
        let api = """
            {"swagger": "2.0", "info": {"title": "agree"}, "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": "ok"}},
              "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
                "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "\(template)"}}}}}}}}
            """
        let format = try AccessLogFormat(template)
        #expect(!format.segments.contains { if case .variable(_, .context) = $0 { true } else { false } })
        let gateway = try Support.gateway(definition: api, stage: Stage(name: "beta", accessLogFormat: format))
        for (id, time) in [("r-1", Int64(1_553_114_310_423)), ("0f3c9a2e-7b1d-4e55-9a6b-2c8d1e0f4a77", 0), ("x", 4_102_444_800_000)] {
            let context = InvocationContext(requestId: id, timeEpochMillis: time, sourceIP: "2001:db8::7")
            let result = await gateway.handle(GatewayRequest(method: .get, target: "/a/7"), context: context)
            // Field by field; the template writes nothing where the entry writes -.
            let fromTemplate = String(decoding: result.response.body, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
            let entry = try #require(result.accessLog).split(separator: "|", omittingEmptySubsequences: false)
            #expect(entry.count == names.count && fromTemplate.count == names.count)
            for (index, (logged, templated)) in zip(entry, fromTemplate).enumerated() {
                #expect(logged == (templated.isEmpty ? "-" : templated), "\(names[index])")
            }
        }
    }

    @Test func formatRules() throws {
        // One of the two ids is required; a format is one line, but may end with a line break.
        #expect(throws: DefinitionError.self) { try AccessLogFormat("$context.status $context.identity.sourceIp") }
        #expect(throws: DefinitionError.self) { try AccessLogFormat("$context.requestId\n$context.status") }
        #expect(try AccessLogFormat("$context.extendedRequestId\n").variables == ["extendedRequestId"])
        // A name is dot-separated runs of letters, digits and _; a dot after it is text.
        let format = try AccessLogFormat("[$context.requestId]. $context.status.$context. $context.authorizer.claims.sub")
        #expect(format.variables == ["requestId", "status", "authorizer.claims.sub"])
        #expect(format.render { $0 == "requestId" ? "r" : nil } == "[r]. -.$context. -")
    }

    @Test func executionLogShowsLatencies() async throws {
        let result = await (try gateway(nil)).handle(GatewayRequest(method: .get, target: "/up"), context: Support.context, log: true)
        #expect(result.log.contains { $0.contains(" : Received response. Status: 202, Integration latency: ") && $0.hasSuffix(" ms") })
        // The request's whole time ends the log.
        let last = try #require(result.log.last)
        #expect(last.contains(" : Latency: ") && last.hasSuffix(" ms"))
        let sink = Recorder<String>()
        RequestLogSink(executionLog: { sink.add($0) }).write(result, requestId: "req-1")
        #expect(sink.all.count == result.log.count)
        #expect(sink.all.allSatisfy { $0.hasPrefix("(req-1) ") })
    }

    @Test func stageConfigurationFormat() throws {
        let document = try JSONValue(
            parsing: Array(
                #"{"stage": {"accessLogSettings": {"format": "$context.requestId $context.status", "destinationArn": "arn:aws:logs:us-east-1:1:log-group:x"}}}"#
                    .utf8
            )
        )
        let stage = try StageConfiguration.apply(document, to: Stage())
        #expect(stage.accessLogFormat?.variables == ["requestId", "status"])
        let bad = try JSONValue(parsing: Array(#"{"stage": {"accessLogSettings": {"format": "$context.status"}}}"#.utf8))
        #expect {
            try StageConfiguration.apply(bad, to: Stage())
        } throws: { ($0 as? DefinitionError)?.location == "/stage/accessLogSettings/format" }
    }

    static func template(_ format: String) -> String {
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Resources:
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: logged
              Body:
                swagger: '2.0'
                info: {title: logged}
                paths:
                  /pets:
                    get:
                      x-amazon-apigateway-integration:
                        type: mock
                        requestTemplates: {application/json: '{"statusCode": 200}'}
                        responses: {default: {statusCode: '200'}}
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: !Ref Api
              StageName: live
              AccessLogSetting:
                DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:access
                Format: '\(format)'
        """
    }

    func loadTemplate(_ format: String) throws -> CloudFormationLoader.Template {
        try Support.template(Self.template(format))
    }

    @Test func cloudFormationAccessLogSetting() async throws {
        let template = try loadTemplate("$context.requestId $context.httpMethod $context.status")
        let stage = try template.stage()
        #expect(stage.name == "live")
        let gateway = try Gateway(template.api, stage: stage)
        let result = await gateway.handle(GatewayRequest(method: .get, target: "/pets"), context: Support.context)
        #expect(result.accessLog == "req-1 GET 200")
        #expect {
            try loadTemplate("$context.status")
        } throws: { ($0 as? DefinitionError)?.location.hasSuffix("/Resources/Stage/Properties/AccessLogSetting/Format") == true }
    }
}
