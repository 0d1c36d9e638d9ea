import Foundation
import Testing

/// End-to-end tests of `tollgate select` and `tollgate bench select`.
struct SelectCommandTests {
    @Test func exitStatusTellsTheAnswer() async throws {
        #expect(try await CLI.run(["select", "--pattern", ".*\"httpStatus\":404.*"], stdin: #"{"httpStatus":404}"#).status == 0)
        #expect(try await CLI.run(["select", "--pattern", ".*\"httpStatus\":404.*"], stdin: #"{"httpStatus":500}"#).status == 1)
        // The input is used exactly: a trailing newline is part of it, and '.' does not match it.
        #expect(try await CLI.run(["select", "--pattern", "x"], stdin: "x\n").status == 1)
        #expect(try await CLI.run(["select", "--pattern", "x", "--find"], stdin: "x\n").status == 0)
        #expect(try await CLI.run(["select", "--pattern", "(?s)x.", "--flags", ""], stdin: "x\n").status == 0)
        #expect(try await CLI.run(["select", "--pattern", "X", "--flags", "i"], stdin: "x").status == 0)
    }

    @Test func invalidPatternPrintsJavasMessage() async throws {
        let result = try await CLI.run(["select", "--pattern", #"{"code":404}"#], stdin: "")
        #expect(result.status == 2)
        #expect(result.stderr == "Illegal repetition near index 1\n{\"code\":404}\n ^\n")
    }

    @Test func jsonLines() async throws {
        let input = #"{"pattern":"a+","input":"aaa"}"# + "\n" + #"{"pattern":"b","input":"abc"}"# + "\n" + #"{"pattern":"(","input":""}"# + "\n"
        let result = try await CLI.run(["select", "--jsonl"], stdin: input)
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                {"matches":true,"find":true}
                {"matches":false,"find":true}
                {"error":"Unclosed group","index":1}

                """
        )
    }

    @Test func benchPrintsRates() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-bench-\(UUID().uuidString).txt")
        try Data(#"{"errorType":"NotFound","httpStatus":404}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await CLI.run(["bench", "select", "--pattern", ".*NotFound.*", "--input", file.path, "--seconds", "0.05"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((json?["ops_per_sec"] as? Int ?? 0) > 0)
        #expect((json?["ns_per_op"] as? Double ?? 0) > 0)
    }

    @Test func usageErrors() async throws {
        #expect(try await CLI.run(["select"], stdin: "").status == 64)
        #expect(try await CLI.run(["select", "--pattern", "a", "--flags", "q"], stdin: "").status == 64)
    }
}
