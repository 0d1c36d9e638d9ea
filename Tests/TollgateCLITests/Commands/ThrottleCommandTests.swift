import Foundation
import Testing

/// End-to-end tests of `tollgate throttle`.
struct ThrottleCommandTests {
    func config(_ json: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-throttle-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    @Test func tokenBucketReplay() async throws {
        let path = try config(#"{"rateLimit": 1, "burstLimit": 2}"#)
        let trace = """
            {"t": 1710410400, "key": "a"}
            {"t": 1710410400.000000001, "key": "a"}
            {"t": 1710410400.5, "key": "a"}
            {"t": 1710410401, "key": "a"}
            {"t": 1710410400, "key": "b", "cost": 2}
            {"t": 1710410399, "key": "a"}
            """
        let result = try await CLI.run(["throttle", "--config", path], stdin: trace)
        #expect(result.status == 0)
        #expect(result.stdout == "allow\nallow\ndeny\nallow\nallow\ndeny\n")
        #expect(result.stderr == "6 events: 4 allowed, 2 denied\n")
    }

    @Test func quotaReplay() async throws {
        let path = try config(#"{"quota": {"limit": 3, "period": "DAY", "offset": 1, "startDate": 1710410400, "weekStart": "SUNDAY"}}"#)
        let trace = (0..<3).map { _ in #"{"t": 1710410400, "key": "k"}"# }.joined(separator: "\n") + "\n" + #"{"t": 1710460800, "key": "k"}"#
        let result = try await CLI.run(["throttle", "--config", path], stdin: trace)
        #expect(result.stdout == "allow\nallow\ndeny\nallow\n")
    }

    @Test func rateBasedReplay() async throws {
        let path = try config(#"{"rateBased": {"limit": 2, "windowSeconds": 300, "countBlocked": false}}"#)
        let trace = ["0", "100", "200", "300.5"].map { #"{"t": \#($0), "key": "ip"}"# }.joined(separator: "\n")
        let result = try await CLI.run(["throttle", "--config", path], stdin: trace)
        #expect(result.stdout == "allow\nallow\ndeny\nallow\n")
    }

    @Test func badInputExitsTwo() async throws {
        let path = try config(#"{"rateLimit": 1, "burstLimit": 2}"#)
        let bad = try await CLI.run(["throttle", "--config", path], stdin: #"{"t": "x"}"#)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\"t\" must be seconds since the epoch"))
        let badConfig = try config(#"{"nothing": 1}"#)
        #expect(try await CLI.run(["throttle", "--config", badConfig], stdin: "").status == 2)
    }
}
