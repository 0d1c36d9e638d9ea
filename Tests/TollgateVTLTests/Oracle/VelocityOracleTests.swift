import Foundation
import Testing
import TollgateJSON
import TollgateVTL
import _TollgateTestSupport

/// Renders several hundred core-language templates through Apache Velocity 1.7 (Debian's `velocity`, run by
/// Tests/Oracles/VelocityOracle.java) and through TollgateVTL, and fails on any difference.
/// Both bind the same context (`oracleContext`, equal to `VelocityOracle.context()`), and both render null
/// references empty, as API Gateway does.
@Suite struct VelocityOracleTests {
    static let oracleContext: [String: JSONValue] = [
        "s": "Hello, World", "e": "", "sp": "  padded  ", "csv": "a,b,,c,", "n": 42, "neg": -7, "zero": 0,
        "big": 3_000_000_000, "d": 2.5, "t": true, "f": false,
        "list": [1, "two", 3.5, true], "names": ["b", "a", "c"], "empty": [],
        "map": ["a": 1, "b": "x", "c": [1, 2]],
        "nested": ["k": ["m": "v"], "arr": [["x": 1], ["x": 2]]],
        "uni": "h\u{e9}llo \u{1F600}",
    ]

    static let jars = ["/usr/share/java/velocity.jar", "/usr/share/java/commons-collections3.jar", "/usr/share/java/commons-lang.jar"]

    @Test func agreesWithApacheVelocity() async throws {
        let cases = OracleCases.all
        let expected = try await Self.runVelocity(cases)
        try #require(expected.count == cases.count, "the oracle answered \(expected.count) of \(cases.count) cases")
        var disagreements: [String] = []
        for (template, velocity) in zip(cases, expected) {
            let ours: String
            do {
                ours = "ok\t" + (try VTLTemplate(template).render(VTLBindings(variables: Self.oracleContext)).text)
            } catch {
                ours = "error\t\(error.kind)"
            }
            let agree = velocity.hasPrefix("error") ? ours.hasPrefix("error") : ours == velocity
            if !agree {
                disagreements.append(
                    "template: \(template.debugDescription)\n  velocity: \(velocity.debugDescription)\n  tollgate: \(ours.debugDescription)"
                )
            }
        }
        #expect(
            disagreements.isEmpty,
            "\(disagreements.count) of \(cases.count) templates differ:\n\(disagreements.prefix(40).joined(separator: "\n"))"
        )
        #expect(cases.count >= 500)
    }

    static func runVelocity(_ cases: [String]) async throws -> [String] {
        for jar in jars where !FileManager.default.fileExists(atPath: jar) {
            Issue.record("\(jar) is missing: run `make setup` (Debian packages velocity, libcommons-lang-java)")
            return []
        }
        let oracle = Support.root.appendingPathComponent("Tests/Oracles/VelocityOracle.java").path
        let text = cases.map(escape).joined(separator: "\n") + "\n"
        let run = try await ChildProcess.run("java", ["-cp", jars.joined(separator: ":"), oracle], stdin: Data(text.utf8))
        return run.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { unescape(String($0)) }
    }

    static func escape(_ s: String) -> String { OracleEscaping.escape(s) }

    static func unescape(_ s: String) -> String { OracleEscaping.unescape(s) }
}
