import Testing

/// Every command's `--help` carries an example, and each example runs as written (from the package
/// root, where its fixture paths point).
@Suite struct HelpCommandTests {
    static let commands: [[String]] = [
        ["json"], ["validate"], ["select"], ["render"], ["invoke"], ["serve"], ["throttle"], ["usage"], ["db", "migrate"],
        ["bench", "json"], ["bench", "select"], ["bench", "validate"], ["bench", "render"], ["bench", "invoke"], ["bench", "store"],
    ]

    @Test(arguments: commands)
    func helpHasAnExample(command: [String]) async throws {
        let help = try await CLI.run(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Example"), "tollgate \(command.joined(separator: " ")) --help")
    }

    /// The examples that need no server, database or other program, run as their help shows them.
    @Test func examplesRun() async throws {
        let validate = try await CLI.run([
            "validate", "--schema", "Fixtures/apis/orders-validation.json", "--schema-pointer", "/definitions/CreateOrders",
            "Fixtures/payloads/orders-invalid.json",
        ])
        #expect(validate.status == 1 && validate.stdout.contains("/0/shares"))
        let render = try await CLI.run([
            "render", "--template", "Fixtures/templates/headers-passthrough.vtl", "--event", "Fixtures/events/headers-passthrough.json",
        ])
        #expect(render.status == 0 && !render.stdout.isEmpty)
        let select = try await CLI.run(["select", "--pattern", ".*Not found.*"], stdin: #"{"errorMessage":"Not found"}"#)
        #expect(select.status == 0)
        let json = try await CLI.run(["json", "--check", "Fixtures/payloads/orders-valid.json", "Fixtures/payloads/orders-invalid.json"])
        #expect(json.status == 0)
        let bench = try await CLI.run(["bench", "json", "Fixtures/payloads/orders-valid.json", "--tape", "--seconds", "0.01"])
        #expect(bench.status == 0 && bench.stdout.contains("ns_per_op"))
    }
}
