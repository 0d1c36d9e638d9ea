import Benchmark
import Foundation
import TollgateJSON
import TollgateJSONSchema

// Validation of already-parsed instances (and parse + validate of a request body), in the
// shapes of the JSONSchema issue: the seed's Create Orders model with a 1-item and a 100-item
// array, and a 30-property record schema over a 5.4 KB document. `Benchmarks/peers/ajv_bench.js`
// builds the same cases for ajv 6 (Debian's node-ajv); `make bench` runs both.
//
//   swift package benchmark --target JSONSchemaBenchmarks

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

enum SchemaCases {
    static let swagger = try! JSONValue(
        parsing: [UInt8](Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/apis/orders-validation.json")))
    )
    static let orderBody = try! Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/payloads/orders-valid.json"))
    static let order = try! JSONValue(parsing: [UInt8](orderBody))

    static let createOrders = try! JSONSchema(document: swagger, at: JSONPointer("/definitions/CreateOrders"))

    static var hundredOrders: JSONValue {
        .array(Array(repeating: order.arrayValue![0], count: 100))
    }

    /// A record schema with 30 required properties of mixed types; the same in ajv_bench.js.
    static var recordSchema: JSONValue {
        var properties = JSONObject()
        var required: [JSONValue] = []
        for i in 0..<30 {
            let schema: JSONValue
            switch i % 6 {
            case 0: schema = ["type": "string", "maxLength": 64]
            case 1: schema = ["type": "integer", "minimum": 0, "maximum": 1000]
            case 2: schema = ["type": "number", "multipleOf": 0.5]
            case 3: schema = ["type": "boolean"]
            case 4: schema = ["type": "string", "enum": ["alpha", "beta", "gamma"]]
            default: schema = ["type": "string", "pattern": "^[a-z0-9-]+$"]
            }
            properties["p\(i)"] = schema
            required.append(.string("p\(i)"))
        }
        let record: JSONValue = ["type": "object", "properties": .object(properties), "required": .array(required), "additionalProperties": false]
        return ["type": "object", "properties": ["records": ["type": "array", "items": record]], "required": ["records"]]
    }

    static var records: JSONValue {
        var list: [JSONValue] = []
        for r in 0..<10 {
            var object = JSONObject()
            for i in 0..<30 {
                switch i % 6 {
                case 0: object["p\(i)"] = .string("value number \(r)-\(i) with some text")
                case 1: object["p\(i)"] = .number(JSONNumber(r * 10 + i))
                case 2: object["p\(i)"] = .number(JSONNumber(Double(r) + 0.5)!)
                case 3: object["p\(i)"] = .bool(r % 2 == 0)
                case 4: object["p\(i)"] = "beta"
                default: object["p\(i)"] = .string("slug-\(r)-\(i)")
                }
            }
            list.append(.object(object))
        }
        return ["records": .array(list)]
    }
}

let benchmarks: @Sendable () -> Void = {
    let fast = Benchmark.Configuration(metrics: [.wallClock, .throughput], scalingFactor: .kilo, maxDuration: .seconds(1))
    let slow = Benchmark.Configuration(metrics: [.wallClock, .throughput], maxDuration: .seconds(1))

    let createOrders = SchemaCases.createOrders
    let one = SchemaCases.order
    precondition(createOrders.isValid(one))
    Benchmark("isValid create-orders 1 item", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(createOrders.isValid(one)) }
    }
    let hundred = SchemaCases.hundredOrders
    precondition(createOrders.isValid(hundred))
    Benchmark("isValid create-orders 100 items", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(createOrders.isValid(hundred)) }
    }
    let recordSchema = try! JSONSchema(SchemaCases.recordSchema)
    let records = SchemaCases.records
    precondition(recordSchema.isValid(records), "\(recordSchema.validate(records).errors)")
    Benchmark("isValid records 30 properties", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(recordSchema.isValid(records)) }
    }
    // The same instances laid out as tapes: the form validation walks without reference counting.
    let oneTape = try! JSONTape(one)
    let hundredTape = try! JSONTape(hundred)
    let recordsTape = try! JSONTape(records)
    precondition(createOrders.isValid(oneTape) && createOrders.isValid(hundredTape) && recordSchema.isValid(recordsTape))
    Benchmark("isValid tape create-orders 1 item", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(createOrders.isValid(oneTape)) }
    }
    Benchmark("isValid tape create-orders 100 items", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(createOrders.isValid(hundredTape)) }
    }
    Benchmark("isValid tape records 30 properties", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(recordSchema.isValid(recordsTape)) }
    }
    let body = [UInt8](SchemaCases.orderBody)
    Benchmark("parse + isValid create-orders 1 item", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(createOrders.isValid(try! JSONValue(parsing: body))) }
    }
    // Straight from the bytes to a tape (no `JSONValue`), as the gateway validates a body.
    Benchmark("parse tape + isValid create-orders 1 item", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(createOrders.isValid(try! JSONTape(parsing: body))) }
    }
    let invalid = try! JSONValue(parsing: [UInt8](Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/payloads/orders-invalid.json"))))
    Benchmark("validate (messages) create-orders invalid item", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(createOrders.validate(invalid)) }
    }
}
