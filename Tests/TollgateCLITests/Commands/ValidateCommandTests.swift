import Foundation
import Testing

/// End-to-end tests of `tollgate validate` and `tollgate bench validate`.
struct ValidateCommandTests {
    static let model = ["--schema", "Fixtures/apis/orders-validation.json", "--schema-pointer", "/definitions/CreateOrders"]

    @Test func validPayloadsExitZero() async throws {
        let result = try await CLI.run(["validate"] + Self.model + ["Fixtures/payloads/orders-valid.json", "Fixtures/payloads/orders-sample.json"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func invalidPayloadListsFgeMessages() async throws {
        let result = try await CLI.run(["validate"] + Self.model + ["Fixtures/payloads/orders-invalid.json"])
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                Fixtures/payloads/orders-invalid.json: /0/shares: numeric instance is greater than the required maximum (maximum: 1000, found: 999999)
                Fixtures/payloads/orders-invalid.json: /0/symbol: string "thisstringistoolong" is too long (length: 19, maximum allowed: 4)
                Fixtures/payloads/orders-invalid.json: /0/type: instance value ("foobar") not found in enum (possible values: ["STOCK","BOND","CASH"])

                """
        )
    }

    @Test func jsonOutputAndStdin() async throws {
        let result = try await CLI.run(["validate", "--format", "json"] + Self.model, stdin: "[]")
        #expect(result.status == 1)
        #expect(
            result.stdout
                == ##"{"file":"<stdin>","valid":false,"errors":[{"pointer":"","schema":"#/definitions/CreateOrders","keyword":"minItems","message":"array is too short: must have at least 1 elements but instance has 0 elements"}]}"##
                + "\n"
        )
    }

    @Test func allErrorsDescendsPastTheFirst() async throws {
        let body = #"[{"account-id":"abcdef123456","type":"STOCK","symbol":"AMZN","shares":999999}]"#
        #expect(try await CLI.run(["validate"] + Self.model, stdin: body).stdout.split(separator: "\n").count == 1)
        #expect(try await CLI.run(["validate", "--all-errors"] + Self.model, stdin: body).stdout.split(separator: "\n").count == 2)
    }

    @Test func badJSONAndBadSchemaExitTwo() async throws {
        let bad = try await CLI.run(["validate"] + Self.model, stdin: "[{\"a\":}")
        #expect(bad.status == 2)
        #expect(bad.stderr == "<stdin>:1:7: expected a value, found '}'\n")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent("schema.json")
        try Data(#"{"properties":{"shares":{"minimum":"1"}}}"#.utf8).write(to: schema)
        let result = try await CLI.run(["validate", "--schema", schema.path], stdin: "{}")
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix(": /properties/shares/minimum: expected a number, found string\n"))
    }

    /// `--ref` loads another API Gateway model by its model URL.
    @Test func refLoadsAnotherModel() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let order = dir.appendingPathComponent("order.json")
        try Data(#"{"type":"object","required":["symbol"]}"#.utf8).write(to: order)
        let orders = dir.appendingPathComponent("orders.json")
        try Data(#"{"type":"array","items":{"$ref":"https://apigateway.amazonaws.com/restapis/a1b2c3/models/Order"}}"#.utf8).write(to: orders)
        let ref = "https://apigateway.amazonaws.com/restapis/a1b2c3/models/Order=\(order.path)"
        #expect(try await CLI.run(["validate", "--schema", orders.path, "--ref", ref], stdin: #"[{"symbol":"AMZN"}]"#).status == 0)
        let invalid = try await CLI.run(["validate", "--schema", orders.path, "--ref", ref], stdin: "[{}]")
        #expect(invalid.status == 1)
        #expect(invalid.stdout == "<stdin>: /0: object has missing required properties ([\"symbol\"])\n")
        #expect(try await CLI.run(["validate", "--schema", orders.path], stdin: "[]").status == 2)
    }

    @Test(arguments: [[], ["--tape"], ["--report"]])
    func benchValidatePrintsRates(mode: [String]) async throws {
        let result = try await CLI.run(["bench", "validate"] + Self.model + mode + ["Fixtures/payloads/orders-valid.json", "--seconds", "0.05"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((json?["ops_per_sec"] as? Int ?? 0) > 0)
    }
}
