import Foundation
import HTTPTypes
import MetricsTestKit
import Testing
import TollgateAuth
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// The stage cache: what is cached, by which key, for how long, how `Cache-Control: max-age=0` is
/// treated, and the settings the loaders read. Time is the context's monotonic clock, set by each test.
@Suite struct StageCacheTests {
    static let api = """
        {"swagger": "2.0", "info": {"title": "cached"},
         "paths": {
           "/users": {"get": {"responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/users",
               "cacheKeyParameters": ["method.request.querystring.type"],
               "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "$input.body|$context.requestId"}}}}},
             "post": {"responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "POST", "uri": "https://backend.example/users",
               "responses": {"default": {"statusCode": "200"}}}}},
           "/pets/{id}": {"get": {"responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/pets/{id}",
               "requestParameters": {"integration.request.path.id": "method.request.path.id"},
               "responses": {"default": {"statusCode": "200"}}}}},
           "/things/{id}": {"get": {"responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/things/{id}",
               "requestParameters": {"integration.request.path.id": "method.request.path.id"},
               "cacheKeyParameters": ["integration.request.path.id"],
               "responses": {"default": {"statusCode": "200"}}}}},
           "/broken": {"get": {"responses": {"200": {"description": "ok"}},
             "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/broken",
               "responses": {"default": {"statusCode": "200"}}}}},
           "/fn": {"get": {
             "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": "arn:aws:lambda:us-east-1:123456789012:function:count"}}}
         }}
        """

    /// A backend that answers each call with its number, so a cached answer shows an old number.
    final class Backend: Sendable {
        let calls = Recorder<String>()
        var backend: ClosureBackend {
            ClosureBackend(
                functions: [
                    "count": { [calls] _ in
                        calls.add("fn")
                        return .success(Array(#"{"statusCode": 200, "body": "call \#(calls.all.count)"}"#.utf8))
                    }
                ],
                http: { [calls] request in
                    calls.add(request.method + " " + request.uri)
                    if request.uri.hasSuffix("/broken") { return IntegrationHTTPResponse(status: 500, body: Array("down".utf8)) }
                    return IntegrationHTTPResponse(status: 200, body: Array("call \(calls.all.count)".utf8))
                }
            )
        }
    }

    static func stage(ttl: Int? = nil, method: [String: MethodCacheSettings] = [:], wide: MethodCacheSettings? = nil) -> Stage {
        var stage = Stage(name: "prod")
        stage.cacheClusterEnabled = true
        stage.caching = wide ?? MethodCacheSettings(cachingEnabled: true, ttlInSeconds: ttl)
        stage.methodCaching = method
        return stage
    }

    static func context(_ id: String, atSecond second: Int64) -> InvocationContext {
        InvocationContext(requestId: id, timeEpochMillis: 1_553_114_310_423 + second * 1000, monotonicNanoseconds: second * 1_000_000_000)
    }

    func send(
        _ gateway: Gateway,
        _ target: String,
        method: HTTPRequest.Method = .get,
        at second: Int64,
        id: String = "r",
        headers: [(String, String)] = []
    ) async -> GatewayResponse {
        await Support.send(gateway, method, target, headers: headers, context: Self.context(id, atSecond: second))
    }

    func body(_ response: GatewayResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func cachesTheEndpointResponseForItsTTL() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.api, stage: Self.stage(ttl: 60), backend: backend.backend)
        // The endpoint's answer is cached; the integration response mapping runs for each request.
        #expect(body(await send(gateway, "/users?type=admin", at: 0, id: "a")) == "call 1|a")
        #expect(body(await send(gateway, "/users?type=admin", at: 59, id: "b")) == "call 1|b")
        #expect(backend.calls.all.count == 1)
        // Expired after the TTL.
        #expect(body(await send(gateway, "/users?type=admin", at: 60, id: "c")) == "call 2|c")
        #expect(backend.calls.all.count == 2)
    }

    @Test func keyParametersTellEntriesApart() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.api, stage: Self.stage(), backend: backend.backend)
        // `type` is a key, `department` is not (the developer guide's example).
        #expect(body(await send(gateway, "/users?type=admin&department=A", at: 0)) == "call 1|r")
        #expect(body(await send(gateway, "/users?type=admin&department=B", at: 1)) == "call 1|r")
        #expect(body(await send(gateway, "/users?type=regular", at: 2)) == "call 2|r")
        // A path parameter that is no key: every id shares the entry, as on AWS.
        #expect(body(await send(gateway, "/pets/1", at: 3)) == "call 3")
        #expect(body(await send(gateway, "/pets/2", at: 4)) == "call 3")
        // An integration parameter as key, through its mapping.
        #expect(body(await send(gateway, "/things/1", at: 5)) == "call 4")
        #expect(body(await send(gateway, "/things/2", at: 6)) == "call 5")
        #expect(body(await send(gateway, "/things/1", at: 7)) == "call 4")
    }

    @Test func onlyGETByDefaultAndOnly2xx() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.api, stage: Self.stage(), backend: backend.backend)
        _ = await send(gateway, "/users", method: .post, at: 0)
        _ = await send(gateway, "/users", method: .post, at: 1)
        #expect(backend.calls.all.count == 2)
        _ = await send(gateway, "/broken", at: 2)
        _ = await send(gateway, "/broken", at: 3)
        #expect(backend.calls.all.count == 4)
        // A method's own setting enables POST, and may turn GET off.
        let own = Backend()
        let settings = ["/users/POST": MethodCacheSettings(cachingEnabled: true), "/users/GET": MethodCacheSettings(cachingEnabled: false)]
        let second = try Support.gateway(definition: Self.api, stage: Self.stage(method: settings), backend: own.backend)
        _ = await send(second, "/users", method: .post, at: 0)
        _ = await send(second, "/users", method: .post, at: 1)
        _ = await send(second, "/users", at: 2)
        _ = await send(second, "/users", at: 3)
        #expect(own.calls.all == ["POST https://backend.example/users", "GET https://backend.example/users", "GET https://backend.example/users"])
    }

    @Test func noCacheClusterNoCaching() async throws {
        let backend = Backend()
        var stage = Self.stage()
        stage.cacheClusterEnabled = false
        let gateway = try Support.gateway(definition: Self.api, stage: stage, backend: backend.backend)
        _ = await send(gateway, "/users", at: 0)
        _ = await send(gateway, "/users", at: 1)
        #expect(backend.calls.all.count == 2)
    }

    @Test func lambdaProxyAnswersAreCached() async throws {
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.api, stage: Self.stage(), backend: backend.backend)
        #expect(body(await send(gateway, "/fn", at: 0)) == "call 1")
        #expect(body(await send(gateway, "/fn", at: 1)) == "call 1")
        #expect(backend.calls.all == ["fn"])
    }

    @Test func cacheControlMaxAgeZero() async throws {
        let invalidate = [("Cache-Control", "no-store, max-age=0")]
        // By default authorization is required; an unsigned caller is served from the cache, with a warning.
        let backend = Backend()
        let gateway = try Support.gateway(definition: Self.api, stage: Self.stage(), backend: backend.backend)
        _ = await send(gateway, "/users", at: 0)
        let ignored = await send(gateway, "/users", at: 1, headers: invalidate)
        #expect(body(ignored) == "call 1|r")
        #expect(ignored.header("Warning")?.hasPrefix("199 ") == true)
        #expect(backend.calls.all.count == 1)
        // FAIL_WITH_403.
        let strict = try Support.gateway(
            definition: Self.api,
            stage: Self.stage(wide: MethodCacheSettings(cachingEnabled: true, unauthorizedCacheControlHeaderStrategy: .failWith403)),
            backend: Backend().backend
        )
        #expect(await send(strict, "/users", at: 0, headers: invalidate).status.code == 403)
        // SUCCEED_WITHOUT_RESPONSE_HEADER.
        let quiet = Backend()
        let silent = try Support.gateway(
            definition: Self.api,
            stage: Self.stage(wide: MethodCacheSettings(cachingEnabled: true, unauthorizedCacheControlHeaderStrategy: .succeedWithoutResponseHeader)),
            backend: quiet.backend
        )
        _ = await send(silent, "/users", at: 0)
        let plain = await send(silent, "/users", at: 1, headers: invalidate)
        #expect(body(plain) == "call 1|r" && plain.header("Warning") == nil)
        // Without the requirement anyone invalidates: the endpoint is called and its answer replaces the entry.
        let open = Backend()
        let anyone = try Support.gateway(
            definition: Self.api,
            stage: Self.stage(wide: MethodCacheSettings(cachingEnabled: true, requireAuthorizationForCacheControl: false)),
            backend: open.backend
        )
        _ = await send(anyone, "/users", at: 0)
        #expect(body(await send(anyone, "/users", at: 1, headers: invalidate)) == "call 2|r")
        #expect(body(await send(anyone, "/users", at: 2)) == "call 2|r")
    }

    /// A SigV4-signed caller counts as authorized to invalidate: its `max-age=0` calls the endpoint.
    @Test func signedCallerInvalidates() async throws {
        let api = """
            {"swagger": "2.0", "info": {"title": "iam"},
             "securityDefinitions": {"S": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}},
             "paths": {"/users": {"get": {"security": [{"S": []}], "responses": {"200": {"description": "ok"}},
               "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/users",
                 "responses": {"default": {"statusCode": "200"}}}}}}}
            """
        let credential = IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")
        let backend = Backend()
        let gateway = try Gateway(
            OpenAPILoader.load(api),
            stage: Self.stage(),
            backend: backend.backend,
            access: AccessControl(iamCredentials: [credential])
        )
        func signed(_ headers: [(String, String)], at second: Int64) async -> GatewayResponse {
            let context = Self.context("r", atSecond: second)
            let base = [("Host", "api.example")] + headers
            let request = SignedRequest(method: "GET", path: "/users", query: [], headers: base, body: [])
            let signature = SigV4Signer(credential: credential, region: "us-east-1", service: "execute-api")
                .sign(request, nowMillis: context.timeEpochMillis)
            return await Support.send(gateway, .get, "/users", headers: base + signature, context: context)
        }
        #expect(body(await signed([], at: 0)) == "call 1")
        #expect(body(await signed([], at: 1)) == "call 1")
        let refreshed = await signed([("Cache-Control", "max-age=0")], at: 2)
        #expect(body(refreshed) == "call 2" && refreshed.header("Warning") == nil)
        #expect(body(await signed([], at: 3)) == "call 2")
    }

    @Test func hitsAndMissesCount() async throws {
        let metrics = TestMetrics()
        let gateway = try Gateway(OpenAPILoader.load(Self.api), stage: Self.stage(), backend: Backend().backend, metrics: metrics)
        for second in 0..<3 { _ = await send(gateway, "/users", at: Int64(second)) }
        _ = await send(gateway, "/users", method: .post, at: 4)
        let dimensions = [("ApiName", "cached"), ("Stage", "prod"), ("Resource", "/users"), ("Method", "GET")]
        #expect(metrics.counterTotal(label: GatewayMetricLabel.cacheHitCount, dimensions: dimensions) == 2)
        #expect(metrics.counterTotal(label: GatewayMetricLabel.cacheMissCount, dimensions: dimensions) == 1)
        // POST does not cache: it has no cache metrics.
        #expect(metrics.counters(label: GatewayMetricLabel.cacheMissCount).count == 5)
        #expect(
            metrics.counters(
                label: GatewayMetricLabel.cacheMissCount,
                dimensions: [
                    ("ApiName", "cached"), ("Stage", "prod"), ("Resource", "/users"), ("Method", "POST"),
                ]
            ).isEmpty
        )
    }

    @Test func settingsAPIGatewayRefuses() throws {
        #expect {
            try Support.gateway(definition: Self.api, stage: Self.stage(ttl: 3601))
        } throws: { ($0 as? DefinitionError)?.location == "stage prod/methodSettings/*~1*/caching/ttlInSeconds" }
        var stage = Self.stage()
        stage.cacheClusterSize = "1.0"
        #expect {
            try Support.gateway(definition: Self.api, stage: stage)
        } throws: { ($0 as? DefinitionError)?.location == "stage prod/cacheClusterSize" }
        let badKey = Self.api.replacingOccurrences(of: "method.request.querystring.type", with: "method.request.body.type")
        #expect {
            try Support.gateway(definition: badKey, stage: Self.stage())
        } throws: { ($0 as? DefinitionError)?.location.hasSuffix("/cacheKeyParameters/0") == true }
    }

    @Test func stageConfigurationReadsCacheSettings() async throws {
        let document = try JSONValue(
            parsing: Array(
                #"""
                {"stage": {"cacheClusterEnabled": true, "cacheClusterSize": "0.5", "methodSettings": {
                  "*/*": {"cachingEnabled": true, "cacheTtlInSeconds": 30, "requireAuthorizationForCacheControl": true,
                          "unauthorizedCacheControlHeaderStrategy": "FAIL_WITH_403", "throttlingRateLimit": 100, "throttlingBurstLimit": 50},
                  "~1users/POST": {"cachingEnabled": true, "cacheTtlInSeconds": 10}}}}
                """#.utf8
            )
        )
        let stage = try StageConfiguration.apply(document, to: Stage())
        #expect(stage.cacheClusterEnabled)
        #expect(
            stage.caching
                == MethodCacheSettings(
                    cachingEnabled: true,
                    ttlInSeconds: 30,
                    requireAuthorizationForCacheControl: true,
                    unauthorizedCacheControlHeaderStrategy: .failWith403
                )
        )
        #expect(stage.methodCaching["/users/POST"] == MethodCacheSettings(cachingEnabled: true, ttlInSeconds: 10))
        #expect(stage.throttle == ThrottleSettings(rateLimit: 100, burstLimit: 50))
        let bad = try JSONValue(parsing: Array(#"{"stage": {"methodSettings": {"*/*": {"unauthorizedCacheControlHeaderStrategy": "ALLOW"}}}}"#.utf8))
        #expect {
            try StageConfiguration.apply(bad, to: Stage())
        } throws: { ($0 as? DefinitionError)?.location == "/stage/methodSettings/*~1*/unauthorizedCacheControlHeaderStrategy" }
    }

    @Test func cloudFormationCacheSettings() async throws {
        let template = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  Name: cached
                  Body:
                    swagger: '2.0'
                    info: {title: cached}
                    paths:
                      /items:
                        get:
                          x-amazon-apigateway-integration:
                            type: http
                            httpMethod: GET
                            uri: https://backend.example/items
                            responses: {default: {statusCode: '200'}}
              Stage:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: !Ref Api
                  StageName: live
                  CacheClusterEnabled: true
                  CacheClusterSize: '0.5'
                  MethodSettings:
                    - ResourcePath: /*
                      HttpMethod: '*'
                      CachingEnabled: true
                      CacheTtlInSeconds: 120
            """
        let loaded = try Support.template(template)
        let stage = try loaded.stage()
        #expect(stage.cacheClusterEnabled && stage.caching?.ttlInSeconds == 120)
        let backend = Backend()
        let gateway = try Gateway(loaded.api, stage: stage, backend: backend.backend)
        _ = await send(gateway, "/items", at: 0)
        _ = await send(gateway, "/items", at: 119)
        #expect(backend.calls.all.count == 1)
        #expect(!loaded.api.warnings.contains { $0.message.contains("not applied") })
    }
}
