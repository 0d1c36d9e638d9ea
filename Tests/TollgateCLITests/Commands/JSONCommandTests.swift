import Foundation
import Testing

/// End-to-end: runs the built `tollgate` binary, as a user would.
struct JSONCommandTests {
    func run(_ arguments: [String], stdin: String? = nil) async throws -> CLI.Result { try await CLI.run(arguments, stdin: stdin) }

    static let packageRoot = CLI.packageRoot

    @Test func versionAndHelp() async throws {
        let version = try await run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try await run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: tollgate <subcommand>"))
        #expect(help.stdout.contains("json"))
    }

    @Test(arguments: [[], ["--serialize"]])
    func benchJSONPrintsRates(mode: [String]) async throws {
        let result = try await CLI.run(["bench", "json", "Fixtures/payloads/orders-valid.json", "--seconds", "0.05"] + mode)
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((json?["ops_per_sec"] as? Int ?? 0) > 0)
        #expect(try await CLI.run(["bench", "json", "Fixtures/README.md"]).status != 0)  // not JSON: an error, not a measurement
    }

    @Test(arguments: ["0", "-1", "nan", "inf", "1e9"])
    func benchRefusesABadDuration(seconds: String) async throws {
        let result = try await CLI.run(["bench", "json", "Fixtures/payloads/orders-valid.json", "--seconds=\(seconds)"])
        #expect(result.status == 64)  // a usage error, not a trap
        #expect(result.stderr.contains("--seconds must be more than 0 and at most 3600"))
    }

    @Test func compactsAFixture() async throws {
        let result = try await run(["json", "Fixtures/payloads/pets.json"])
        #expect(result.status == 0)
        #expect(
            result.stdout == #"[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]"#
                + "\n"
        )
    }

    @Test func prettyAtAPointer() async throws {
        let result = try await run(["json", "--pretty", "--pointer", "/0/details", "Fixtures/payloads/orders-invalid.json"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\n  \"limit\": 1000\n}\n")
        let missing = try await run(["json", "--pointer", "/9", "Fixtures/payloads/pets.json"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nothing at JSON Pointer /9"))
    }

    @Test func reportsErrorsWithFileLineAndColumn() async throws {
        let result = try await run(["json", "--check", "-"], stdin: "{\n  \"a\": 1,\n}")
        #expect(result.status == 2)
        #expect(result.stderr == "<stdin>:3:1: trailing comma: expected a value after ','\n")
        let missing = try await run(["json", "no-such-file.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read no-such-file.json"))
    }

    @Test func checksEveryFixture() async throws {
        let fixtures = try FileManager.default.subpathsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("Fixtures").path)
            .filter { $0.hasSuffix(".json") }.map { "Fixtures/" + $0 }
        #expect(fixtures.count >= 6)
        let result = try await run(["json", "--check"] + fixtures)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func rejectsBadOptions() async throws {
        #expect(try await run(["json", "--max-depth", "0"]).status == 64)
        #expect(try await run(["json", "--pointer", "x"]).status == 64)
    }
}
