import Foundation
import Testing
import TollgateJSON
import _TollgateTestSupport

/// The real documents under Fixtures/ parse, keep their content, and round-trip.
struct FixturesTests {
    static let fixtures = Support.root.appendingPathComponent("Fixtures")

    func load(_ path: String) throws -> JSONValue {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(path))
        return try JSONValue(parsing: [UInt8](data))
    }

    @Test(arguments: [
        "apis/orders-validation.json", "apis/error-handling.json", "payloads/orders-sample.json", "payloads/orders-valid.json",
        "payloads/orders-invalid.json", "payloads/pets.json",
    ])
    func roundTrips(path: String) throws {
        let value = try load(path)
        let again = try JSONValue(parsing: value.serialized())
        #expect(again == value)
        #expect(again.objectValue.map { $0.orderedEquals(value.objectValue!) } ?? true)
    }

    @Test func validationDemoContent() throws {
        let api = try load("apis/orders-validation.json")
        #expect(api["swagger"] == "2.0")
        #expect(api["paths"]?["/orders"]?.objectValue?.keys == ["post", "get"])
        #expect(api[try JSONPointer("/x-amazon-apigateway-request-validators/body-only/validateRequestParameters")] == false)
        #expect(api[try JSONPointer("/definitions/Order/properties/shares/maximum")] == 1000)
    }

    @Test func errorHandlingDemoContent() throws {
        let api = try load("apis/error-handling.json")
        let integration = try #require(api[try JSONPointer("/paths/~1lambda/get/x-amazon-apigateway-integration")])
        #expect(
            integration["responses"]?.objectValue?.keys == [
                "default", #".*httpStatus\":404.*"#, #".*httpStatus\":403.*"#, #".*httpStatus\":400.*"#, #".*httpStatus\":500.*"#,
            ]
        )
        #expect(integration["uri"]?.stringValue?.contains("function:error-demo/invocations") == true)
    }

    @Test func petsKeepDecimalLexemes() throws {
        #expect(try load("payloads/pets.json").serialized().contains(#""price":0.99"#))
    }
}
