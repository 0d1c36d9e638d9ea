import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// An export served with stage settings as the AWS CLI prints them (`Fixtures/stages/pets-keys-stage.json`):
/// two usage plans (one throttled per method, one with a DAY quota), keys (one disabled, one on a plan of
/// another stage), stage variables in an HTTP URI ("Usage plans and API keys" in the developer guide).
@Suite struct StageConfigurationTests {
    func gateway(_ sent: Recorder<IntegrationHTTPRequest>) throws -> Gateway {
        let stage = try StageConfiguration.apply(contentsOf: Support.fixture("stages/pets-keys-stage.json"), to: Stage(name: "prod"))
        return try Support.gateway(
            "apis/pets-keys.json",
            stage: stage,
            backend: ClosureBackend(http: { request in
                sent.add(request)
                return IntegrationHTTPResponse(status: 200, body: Array("[]".utf8))
            })
        )
    }

    func send(_ gateway: Gateway, _ method: HTTPRequest.Method, key: String?, at seconds: Int64) async -> GatewayResponse {
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let key { headers.append(("x-api-key", key)) }
        let context = InvocationContext(requestId: "r", timeEpochMillis: seconds * 1000)
        return await Support.send(gateway, method, "/pets", headers: headers, context: context)
    }

    @Test func keysPlansThrottlesAndQuotas() async throws {
        let sent = Recorder<IntegrationHTTPRequest>()
        let gateway = try gateway(sent)
        let t: Int64 = 1_800_000_000
        // The stage variable reaches the HTTP URI.
        #expect(await send(gateway, .get, key: "gold-key-value-0001", at: t).status.code == 200)
        #expect(sent.last?.uri == "http://backend.example:8080/pets")
        // Gold's per-method throttle for GET /pets: a burst of 2, then 429 Too Many Requests.
        #expect(await send(gateway, .get, key: "gold-key-value-0001", at: t).status.code == 200)
        let throttled = await send(gateway, .get, key: "gold-key-value-0001", at: t)
        #expect(throttled.status.code == 429)
        #expect(throttled.text == #"{"message":"Too Many Requests"}"#)
        // POST /pets is under the plan's own throttle, not the GET override.
        let created = await send(gateway, .post, key: "gold-key-value-0001", at: t)
        #expect(created.status.code == 201)
        #expect(created.text == #"{"key": "key-gold-id"}"#)
        // Trial: 3 a day, then 429 Limit Exceeded; the next UTC day it is back.
        for _ in 0..<3 { #expect(await send(gateway, .post, key: "trial-key-value-0002", at: t).status.code == 201) }
        let exhausted = await send(gateway, .post, key: "trial-key-value-0002", at: t)
        #expect(exhausted.status.code == 429)
        #expect(exhausted.text == #"{"message":"Limit Exceeded"}"#)
        #expect(await send(gateway, .post, key: "trial-key-value-0002", at: t + 86_400).status.code == 201)
        // A disabled key, a key of another stage's plan, an unknown key and no key: 403 Forbidden.
        for key in ["disabled-key-value-0003", "dev-key-value-0004", "nope", nil] as [String?] {
            let refused = await send(gateway, .post, key: key, at: t)
            #expect(refused.status.code == 403, "\(key ?? "no key")")
            #expect(refused.text == #"{"message":"Forbidden"}"#)
        }
    }

    @Test func stageSettings() throws {
        let stage = try StageConfiguration.apply(
            contentsOf: Support.fixture("stages/pets-keys-stage.json"),
            to: Stage(name: "prod", variables: [("backend", "override.example")])
        )
        // The command line's variables win over the file's.
        #expect(stage.variables.map(\.1) == ["override.example"])
        #expect(stage.throttle == ThrottleSettings(rateLimit: 10_000, burstLimit: 5000))
        #expect(stage.methodThrottle["/pets/POST"] == ThrottleSettings(rateLimit: 50, burstLimit: 100))
        #expect(stage.usagePlans.map(\.name) == ["Gold", "Trial"])
        #expect(stage.usagePlans[1].apiKeys == ["trial-key-value-0002": "key-trial-id"])
    }

    @Test(arguments: [
        (#"{"usagePlans": {"items": [{"name": "x"}]}}"#, "/usagePlans/items/0"),
        (#"{"stage": {"methodSettings": {"*/*": {"throttlingRateLimit": 1}}}}"#, "/stage/methodSettings/*~1*"),
        (
            #"{"usagePlans": {"items": [{"id": "p", "apiStages": [{"stage": "prod"}], "quota": {"limit": 1, "period": "YEAR"}}]}}"#,
            "/usagePlans/items/0/quota"
        ),
        (#"{"apiKeys": {"items": [{"id": "k"}]}}"#, "/apiKeys/items/0"),
    ])
    func badConfigurationsSayWhere(text: String, location: String) throws {
        #expect {
            try StageConfiguration.apply(JSONValue(parsing: text), to: Stage(name: "prod"))
        } throws: { error in
            (error as? DefinitionError)?.location == location
        }
    }
}
