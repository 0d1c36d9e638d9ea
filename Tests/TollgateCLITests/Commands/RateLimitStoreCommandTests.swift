import Foundation
import Testing
import _TollgateTestSupport

/// `tollgate serve --rate-limit-store`: instances sharing one PostgreSQL database (a server of the
/// test's own on loopback) enforce one usage plan between them.
@Suite(.serialized) struct RateLimitStoreCommandTests {
    /// Two plans on the pets API: `trial` has a quota of 3 a day, `tight` a per-key bucket of burst 2
    /// that refills once every 100 s.
    static let stageConfig = #"""
        {
          "stage": {"stageName": "prod"},
          "usagePlans": {"items": [
            {"id": "plan-trial", "name": "Trial", "apiStages": [{"apiId": "abc123", "stage": "prod"}],
             "quota": {"limit": 3, "offset": 0, "period": "DAY"}},
            {"id": "plan-tight", "name": "Tight", "apiStages": [{"apiId": "abc123", "stage": "prod"}],
             "throttle": {"burstLimit": 2, "rateLimit": 0.01}}
          ]},
          "apiKeys": {"items": [
            {"id": "key-trial", "value": "trial-key-value-0002", "enabled": true},
            {"id": "key-tight", "value": "tight-key-value-0005", "enabled": true}
          ]},
          "usagePlanKeys": {
            "plan-trial": {"items": [{"id": "key-trial", "type": "API_KEY", "value": "trial-key-value-0002"}]},
            "plan-tight": {"items": [{"id": "key-tight", "type": "API_KEY", "value": "tight-key-value-0005"}]}
          }
        }
        """#

    let database: PostgresServer
    let config: URL

    init() async throws {
        database = try await PostgresServer.start()
        config = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-shared-\(UUID().uuidString).json")
        try Data(Self.stageConfig.utf8).write(to: config)
    }

    func serve(_ extra: [String] = []) async throws -> ServeCommandTests.Server {
        let server = try await ServeCommandTests.Server.start(
            ["Fixtures/apis/pets-keys.json", "--stage-config", config.path, "--rate-limit-store", database.url] + extra
        )
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        return server
    }

    func post(_ server: ServeCommandTests.Server, key: String) async -> (status: Int, body: String) {
        await ServeCommandTests.exchange(port: server.port, ServeCommandTests.request("POST", "/pets", headers: ["x-api-key: \(key)"]).0)
    }

    @Test func twoInstancesShareOneQuotaAndOneBucketAcrossARestart() async throws {
        defer { try? FileManager.default.removeItem(at: config) }
        let migrated = try await CLI.run(["db", "migrate", database.url])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let a = try await serve()
        var b = try await serve()
        // The quota: 3 across both, whichever serves.
        var statuses: [Int] = []
        for i in 0..<6 { statuses.append(await post(i % 2 == 0 ? a : b, key: "trial-key-value-0002").status) }
        #expect(statuses.filter { $0 == 201 }.count == 3, "\(statuses)")
        #expect(statuses.suffix(3) == [429, 429, 429])
        let exceeded = await post(a, key: "trial-key-value-0002")
        #expect(exceeded.status == 429 && exceeded.body == #"{"message":"Limit Exceeded"}"#)
        // The bucket: burst 2 for the merged trace, as one bucket would allow.
        var tight: [Int] = []
        for i in 0..<5 { tight.append(await post(i % 2 == 0 ? b : a, key: "tight-key-value-0005").status) }
        #expect(tight == [201, 201, 429, 429, 429], "\(tight)")
        #expect(await post(a, key: "tight-key-value-0005").body == #"{"message":"Too Many Requests"}"#)
        // A restarted instance finds the quota used.
        #expect(await b.stop() == 0)
        b = try await serve()
        #expect(await post(b, key: "trial-key-value-0002").status == 429)
        // get-usage's view of it, by key id or value.
        let usage = try await CLI.run([
            "usage", "Fixtures/apis/pets-keys.json", "--stage-config", config.path, "--key", "key-trial", "--rate-limit-store", database.url,
        ])
        #expect(usage.status == 0, "\(usage.stderr)")
        #expect(usage.stdout.contains(#""usagePlanId":"plan-trial""#), "\(usage.stdout)")
        #expect(usage.stdout.contains(#""items":{"key-trial":[[3,0]]}"#) && usage.stdout.contains(#""remaining":0"#))
        let unknown = try await CLI.run([
            "usage", "Fixtures/apis/pets-keys.json", "--stage-config", config.path, "--key", "nobody", "--rate-limit-store", database.url,
        ])
        #expect(unknown.status == 1 && unknown.stderr.contains("no usage plan with a quota holds the key nobody"))
        #expect(await a.stop() == 0)
        #expect(await b.stop() == 0)
    }

    /// A database that is not there: a clear error and exit status 1, not a wait for ever.
    @Test func migratingANonexistentDatabaseFails() async throws {
        defer { try? FileManager.default.removeItem(at: config) }
        let result = try await CLI.run(["db", "migrate", "postgres://nobody@127.0.0.1:1/x?sslmode=disable"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("tollgate db migrate: no answer from the database within 10.0 seconds"), "\(result.stderr)")
    }

    /// The database goes away under two instances, one letting requests through (the default) and one
    /// denying them: neither crashes, each answers as it was told, and both log why.
    @Test func aDatabaseThatGoesAwayFollowsEachInstancesPolicy() async throws {
        defer { try? FileManager.default.removeItem(at: config) }
        let open = try await serve()
        let closed = try await serve(["--rate-limit-store-unavailable", "deny", "--rate-limit-store-timeout", "2"])
        #expect(await post(open, key: "trial-key-value-0002").status == 201)
        try await database.stop()
        for _ in 0..<5 { #expect(await post(open, key: "trial-key-value-0002").status == 201) }
        let denied = await post(closed, key: "trial-key-value-0002")
        #expect(denied.status == 429 && denied.body == #"{"message":"Too Many Requests"}"#)
        #expect(open.process.isRunning && closed.process.isRunning)
        try await database.restart()
        #expect(await open.stop() == 0)
        #expect(await closed.stop() == 0)
        let log = await open.restOfOutput()
        #expect(log.contains("rate-limit store unavailable: decision follows the allow policy"), "\(log)")
    }
}
