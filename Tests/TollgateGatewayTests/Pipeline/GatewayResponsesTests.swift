import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateRateLimit
import _TollgateTestSupport

/// Every gateway response type the pipeline produces, with and without the definition's customisations
/// (Fixtures/apis/gateway-responses.json, docs/behaviour.md §9).
@Suite struct GatewayResponsesTests {
    let gateway: Gateway

    init() throws {
        let backend = ClosureBackend(http: { request throws(IntegrationError) in
            switch request.uri {
            case "http://backend.example/data": throw .failed("connection refused")
            default: throw .timeout
            }
        })
        gateway = try Support.gateway(
            "apis/gateway-responses.json",
            stage: Stage(methodThrottle: ["/things/POST": ThrottleSettings(rateLimit: 1, burstLimit: 2)], apiKeys: ["secret-key": "key-1"]),
            backend: backend
        )
    }

    func post(
        _ target: String,
        key: String? = "secret-key",
        body: String = #"{"name": "a"}"#,
        contentType: String = "application/json",
        at millis: Int64 = 0
    )
        async -> GatewayResponse
    {
        var headers = [("Content-Type", contentType)]
        if let key { headers.append(("x-api-key", key)) }
        let context = InvocationContext(requestId: "r", timeEpochMillis: 1_700_000_000_000 + millis)
        return await Support.send(gateway, .post, target, headers: headers, body: body, context: context)
    }

    @Test func successMapsParametersTemplateAndOverrides() async {
        let response = await post("/things?tag=blue")
        #expect(response.status.code == 201)
        #expect(response.text == #"{"id": 1, "tag": "blue"}"#)
        #expect(response.header("Location") == "/things/1")
        #expect(response.header("X-Tag") == "blue")
    }

    @Test func customisedTypes() async {
        // MISSING_AUTHENTICATION_TOKEN: its own status and template.
        let missing = await Support.send(gateway, .get, "/nowhere")
        #expect(missing.status.code == 404)
        #expect(missing.text == #"{"message": "No such route: GET"}"#)
        #expect(missing.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")

        // BAD_REQUEST_BODY: its own template with the validation string.
        let body = await post("/things?tag=x", body: #"{"name": ""}"#)
        #expect(body.status.code == 400)
        #expect(body.text == #"{"message": "Invalid request body", "details": "[string "" is too short (length: 0, required minimum: 1)]"}"#)
    }

    @Test func defaultFourXXAppliesToUncustomisedTypes() async {
        // INVALID_API_KEY, BAD_REQUEST_PARAMETERS, UNSUPPORTED_MEDIA_TYPE: DEFAULT_4XX's template and header, their own status.
        for (response, type, status, message) in [
            (await post("/things?tag=x", key: nil), "INVALID_API_KEY", 403, "Forbidden"),
            (await post("/things?tag=x", key: "wrong"), "INVALID_API_KEY", 403, "Forbidden"),
            (await post("/things"), "BAD_REQUEST_PARAMETERS", 400, "Missing required request parameters: [tag]"),
            (await post("/things?tag=x", contentType: "text/plain"), "UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported Media Type"),
        ] {
            #expect(response.status.code == status)
            #expect(response.text == "{\"error\": {\"type\": \"\(type)\", \"message\": \"\(message)\"}}")
            #expect(response.header("Access-Control-Allow-Origin") == "*")
        }
    }

    @Test func throttledUsesItsConfiguredStatus() async {
        // Burst 2 at 1 request a second: the third request in the same instant is throttled.
        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(await post("/things?tag=x").status.code) }
        #expect(statuses == [201, 201, 503])
        let throttled = await post("/things?tag=x")
        #expect(throttled.text == #"{"error": {"type": "THROTTLED", "message": "Too Many Requests"}}"#)
        #expect(throttled.header("x-amzn-ErrorType") == "TooManyRequestsException")
        // A second later one token is back.
        #expect(await post("/things?tag=x", at: 1000).status.code == 201)
    }

    @Test func fiveXXTypesUseTheBuiltInTemplate() async throws {
        // API_CONFIGURATION_ERROR: the mock's 200 matches no integration response and there is no default.
        let broken = await Support.send(gateway, .get, "/broken")
        #expect(broken.status.code == 500)
        #expect(broken.text == #"{"message":"Internal server error"}"#)
        #expect(broken.header("x-amzn-ErrorType") == "ApiConfigurationException")
        // INTEGRATION_FAILURE: the backend refused the connection.
        let failure = await Support.send(gateway, .get, "/backend")
        #expect(failure.status.code == 504)
        #expect(failure.text == #"{"message":"Internal server error"}"#)
        #expect(failure.header("x-amzn-ErrorType") == "InternalServerErrorException")
    }

    @Test func requestTooLarge() async {
        let response = await post("/things?tag=x", body: String(repeating: "x", count: Gateway.maxPayloadBytes + 1))
        #expect(response.status.code == 413)
        #expect(response.header("x-amzn-ErrorType") == "RequestTooLargeException")
    }

    @Test func everyTypeHasDefaults() {
        for type in GatewayResponseType.allCases {
            #expect((100...599).contains(type.defaultStatus))
            #expect(!type.errorType.isEmpty)
        }
        #expect(GatewayResponseType.missingAuthenticationToken.defaultStatus == 403)
        #expect(GatewayResponseType.quotaExceeded.defaultMessage == "Limit Exceeded")
        #expect(GatewayResponseType.integrationTimeout.defaultStatus == 504)
    }
}

/// Usage plans on the stage (docs/behaviour.md §10): per-key throttle and quota for methods that require a key.
@Suite struct UsagePlanTests {
    func gateway(throttle: ThrottleSettings? = nil, quota: QuotaPolicy? = nil, stageThrottle: ThrottleSettings? = nil) throws -> Gateway {
        let plan = UsagePlan(name: "basic", apiKeys: ["k1": "id-1", "k2": "id-2"], throttle: throttle, quota: quota)
        return try Support.gateway(
            "apis/gateway-responses.json",
            stage: Stage(methodThrottle: stageThrottle.map { ["/things/POST": $0] } ?? [:], usagePlans: [plan])
        )
    }

    func post(_ gateway: Gateway, key: String, at millis: Int64 = 0) async -> GatewayResponse {
        await Support.send(
            gateway,
            .post,
            "/things?tag=x",
            headers: [("Content-Type", "application/json"), ("x-api-key", key)],
            body: #"{"name": "a"}"#,
            context: InvocationContext(requestId: "r", timeEpochMillis: 1_700_000_000_000 + millis)
        )
    }

    @Test func quotaPerKeyPerDay() async throws {
        let gateway = try gateway(quota: QuotaPolicy(limit: 2, period: .day))
        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(await post(gateway, key: "k1").status.code) }
        #expect(statuses == [201, 201, 429])
        let exceeded = await post(gateway, key: "k1")
        #expect(exceeded.text == #"{"error": {"type": "QUOTA_EXCEEDED", "message": "Limit Exceeded"}}"#)
        #expect(exceeded.header("x-amzn-ErrorType") == "LimitExceededException")
        // Another key has its own quota; the next UTC day starts afresh.
        #expect(await post(gateway, key: "k2").status.code == 201)
        #expect(await post(gateway, key: "k1", at: 86_400_000).status.code == 201)
    }

    @Test func planThrottlePerKey() async throws {
        let gateway = try gateway(throttle: ThrottleSettings(rateLimit: 1, burstLimit: 1))
        #expect(await post(gateway, key: "k1").status.code == 201)
        #expect(await post(gateway, key: "k1").status.code == 503)  // THROTTLED is customised to 503 in this API
        #expect(await post(gateway, key: "k2").status.code == 201)
    }

    @Test func aDenialLaterTakesNothingEarlier() async throws {
        // The stage allows one request; the plan's quota of 2 must not be spent by the throttled one.
        let gateway = try gateway(quota: QuotaPolicy(limit: 2, period: .day), stageThrottle: ThrottleSettings(rateLimit: 0.001, burstLimit: 1))
        #expect(await post(gateway, key: "k1").status.code == 201)
        #expect(await post(gateway, key: "k1").status.code == 503)
        #expect(await post(gateway, key: "k1").status.code == 503)
        let later = await post(gateway, key: "k1", at: 1_000_000)  // 1,000 s later the stage has a token again
        #expect(later.status.code == 201)
    }

    @Test func unknownKeysAreForbidden() async throws {
        let response = await post(try gateway(), key: "nope")
        #expect(response.status.code == 403)
    }

    /// A throttle whose rate no bucket can keep exactly (or a negative burst) refuses the definition,
    /// naming the setting, instead of making a bucket that never refills.
    @Test(arguments: [
        (Stage(throttle: ThrottleSettings(rateLimit: 0.0000000001, burstLimit: 5)), "stage prod/throttle"),
        (
            Stage(methodThrottle: ["/things/POST": ThrottleSettings(rateLimit: -1, burstLimit: 5)]),
            "stage prod/methodSettings/things~1POST/throttling"
        ),
        (Stage(throttle: ThrottleSettings(rateLimit: 5, burstLimit: -1)), "stage prod/throttle"),
        (
            Stage(usagePlans: [UsagePlan(name: "gold", apiKeys: ["k": "id"], throttle: ThrottleSettings(rateLimit: .infinity, burstLimit: 1))]),
            "usage plan gold/throttle"
        ),
    ])
    func unkeepableRatesRefuseTheDefinition(stage: Stage, location: String) throws {
        do {
            _ = try Support.gateway("apis/gateway-responses.json", stage: stage)
            Issue.record("loaded")
        } catch let error as DefinitionError {
            #expect(error.location == location, "\(error)")
        }
        _ = try Support.gateway("apis/gateway-responses.json", stage: Stage(throttle: ThrottleSettings(rateLimit: 0.5, burstLimit: 0)))
    }
}
