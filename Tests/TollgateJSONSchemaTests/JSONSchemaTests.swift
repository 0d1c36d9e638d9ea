import Foundation
import Testing
import TollgateJSON
import TollgateJSONSchema
import _TollgateTestSupport

struct JSONSchemaTests {
    static let fixtures = Support.root
        .appendingPathComponent("Fixtures")

    static func load(_ path: String) throws -> JSONValue {
        try JSONValue(parsing: [UInt8](Data(contentsOf: fixtures.appendingPathComponent(path))))
    }

    static func createOrders() throws -> JSONSchema {
        try JSONSchema(document: load("apis/orders-validation.json"), at: JSONPointer("/definitions/CreateOrders"))
    }

    /// The AWS blog's invalid order gives the three messages of its CloudWatch log, in order.
    @Test func awsBlogValidationLog() throws {
        let schema = try Self.createOrders()
        let body = try Self.load("payloads/orders-invalid.json")
        #expect(!schema.isValid(body))
        let result = schema.validate(body)
        #expect(
            result.apiGatewayLogLine()
                == #"Request body does not match model schema for content type application/json: [numeric instance is greater than the required maximum (maximum: 1000, found: 999999), string "thisstringistoolong" is too long (length: 19, maximum allowed: 4), instance value ("foobar") not found in enum (possible values: ["STOCK","BOND","CASH"])]"#
        )
        #expect(result.errors.map(\.instancePointer.description) == ["/0/shares", "/0/symbol", "/0/type"])
        #expect(result.errors.map(\.keyword) == ["maximum", "maxLength", "enum"])
        #expect(result.errors[0].schemaLocation.description == "#/definitions/Order/properties/shares")
    }

    @Test func validOrdersPass() throws {
        let schema = try Self.createOrders()
        for path in ["payloads/orders-valid.json", "payloads/orders-sample.json"] {
            let body = try Self.load(path)
            #expect(schema.isValid(body), "\(path)")
            #expect(schema.validate(body).isValid)
        }
        #expect(!schema.isValid([]))
        #expect(schema.validate([]).validationErrorString == "[array is too short: must have at least 1 elements but instance has 0 elements]")
    }

    /// fge stops descending after the first error: a missing `details` hides the `shares` error.
    @Test func firstErrorStopsDescent() throws {
        let schema = try Self.createOrders()
        let body: JSONValue = [["account-id": "abcdef123456", "type": "STOCK", "symbol": "AMZN", "shares": 999999]]
        #expect(schema.validate(body).validationErrorString == #"[object has missing required properties (["details"])]"#)
        #expect(
            schema.validate(body, mode: .allErrors).validationErrorString
                == #"[object has missing required properties (["details"]), numeric instance is greater than the required maximum (maximum: 1000, found: 999999)]"#
        )
    }

    @Test(arguments: [
        (#"{"type":"integer"}"#, "1.0", "[instance type (number) does not match any allowed primitive type (allowed: [\"integer\"])]"),
        (#"{"type":["string","null"]}"#, "1", "[instance type (integer) does not match any allowed primitive type (allowed: [\"null\",\"string\"])]"),
        (#"{"minimum":1.5,"exclusiveMinimum":true}"#, "1.5", "[numeric instance is not strictly greater than the required minimum 1.5]"),
        (#"{"maximum":1e2}"#, "101", "[numeric instance is greater than the required maximum (maximum: 1E+2, found: 101)]"),
        (#"{"multipleOf":0.01}"#, "16.99", "[]"),
        (#"{"multipleOf":0.01}"#, "16.999", "[remainder of division is not zero (16.999 / 0.01)]"),
        (#"{"multipleOf":3}"#, "123456789012345678901234567891", "[remainder of division is not zero (123456789012345678901234567891 / 3)]"),
        (#"{"multipleOf":3}"#, "123456789012345678901234567890", "[]"),
        (#"{"minLength":2}"#, #""😀""#, "[string \"😀\" is too short (length: 1, required minimum: 2)]"),
        (#"{"pattern":"^[a-z]+$"}"#, #""ab1""#, "[ECMA 262 regex \"^[a-z]+$\" does not match input string \"ab1\"]"),
        (#"{"uniqueItems":true}"#, #"[1,{"a":1,"b":2},1.0]"#, "[array must not contain duplicate elements]"),
        (#"{"uniqueItems":true}"#, #"[{"a":1,"b":2},{"b":2,"a":1}]"#, "[array must not contain duplicate elements]"),
        (
            #"{"properties":{"a":{}},"additionalProperties":false}"#, #"{"z":1,"a":1,"b":2}"#,
            "[object instance has properties which are not allowed by the schema: [\"b\",\"z\"]]"
        ),
        (
            #"{"dependencies":{"a":["b","c"]}}"#, #"{"a":1,"c":2}"#,
            "[property \"a\" of object has missing property dependencies (schema requires [\"b\",\"c\"]; missing: [\"b\"])]"
        ),
        (#"{"items":[{}],"additionalItems":false}"#, "[1,2]", "[schema only allows 1 elements in array but instance has 2 elements]"),
        (#"{"allOf":[{"type":"string"},{"minLength":3}]}"#, #""ab""#, "[instance failed to match all required schemas (matched only 1 out of 2)]"),
        (#"{"anyOf":[{"type":"string"},{"type":"null"}]}"#, "1", "[instance failed to match at least one required schema among 2]"),
        (#"{"oneOf":[{"type":"integer"},{"minimum":0}]}"#, "1", "[instance failed to match exactly one schema (matched 2 out of 2)]"),
        (#"{"not":{"type":"null"}}"#, "null", "[instance matched a schema which it should not have]"),
        (#"{"minProperties":2}"#, #"{"a":1}"#, "[object has too few properties (found 1 but schema requires at least 2)]"),
        (#"{"maxItems":1}"#, "[1,2]", "[array is too long: must have at most 1 elements but instance has 2 elements]"),
        (
            #"{"format":"date-time"}"#, #""2024-13-01T00:00:00Z""#,
            "[string \"2024-13-01T00:00:00Z\" is invalid against requested date format(s) [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,12}Z]]"
        ),
        (#"{"format":"ipv4"}"#, #""1.2.3.256""#, "[string \"1.2.3.256\" is not a valid IPv4 address]"),
        (#"{"format":"unknown-format"}"#, #""x""#, "[]"),
    ])
    func messages(schema: String, instance: String, expected: String) throws {
        let compiled = try JSONSchema(JSONValue(parsing: schema))
        let value = try JSONValue(parsing: instance)
        #expect(compiled.validate(value).validationErrorString == expected)
        #expect(compiled.isValid(value) == (expected == "[]"))
    }

    @Test(arguments: [
        (#"{"properties":{"shares":{"minimum":"1"}}}"#, "/properties/shares/minimum: expected a number, found string"),
        (#"{"minLength":-1}"#, "/minLength: must not be negative, found -1"),
        (#"{"maxItems":1.5}"#, "/maxItems: expected an integer, found 1.5"),
        (#"{"type":"float"}"#, "/type: unknown type \"float\": expected array, boolean, integer, null, number, object or string"),
        (#"{"required":[]}"#, "/required: expected a non-empty array of strings"),
        (##"{"$ref":"#/definitions/missing"}"##, "/$ref: unresolvable $ref \"#/definitions/missing\" (resolved to #/definitions/missing)"),
        (#"{"pattern":"("}"#, "/pattern: invalid ECMA 262 regex \"(\": Unterminated group"),
        (#"{"items":[1]}"#, "/items/0: a schema must be an object, found number"),
        (#"{"multipleOf":0}"#, "/multipleOf: must be strictly greater than 0, found 0"),
        (#"{"exclusiveMinimum":true}"#, "/exclusiveMinimum: requires \"minimum\""),
        ("[]", "/: a schema must be an object, found array"),
    ])
    func compileErrors(schema: String, message: String) throws {
        #expect {
            _ = try JSONSchema(JSONValue(parsing: schema))
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test func refCyclesTerminate() throws {
        let tree = try JSONSchema(
            JSONValue(parsing: ##"{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}}}"##)
        )
        let deep: JSONValue = ["name": "a", "children": [["name": "b", "children": [["name": 3]]]]]
        #expect(!tree.isValid(deep))
        #expect(tree.validate(deep).errors.first?.instancePointer.description == "/children/0/children/0/name")
        // A schema that refers to itself without consuming the instance is a validation loop.
        let loop = try JSONSchema(
            JSONValue(
                parsing: ##"{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"allOf":[{"$ref":"#/definitions/a"}]}},"$ref":"#/definitions/a"}"##
            )
        )
        #expect(!loop.isValid(1))
        #expect(loop.validate(1).validationErrorString == "[instance failed to match all required schemas (matched only 0 out of 1)]")
        let direct = try JSONSchema(
            JSONValue(parsing: ##"{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}"##)
        )
        #expect(!direct.isValid(1))
        #expect(
            direct.validate(1).validationErrorString
                == ##"[validation loop: schema "#/definitions/a" visited twice for pointer "" of validated instance]"##
        )
    }

    /// API Gateway model URLs resolve to models by name.
    @Test func apiGatewayModelReferences() throws {
        let models: [String: JSONValue] = [
            "Order": ["type": "object", "required": ["symbol"]],
            "Orders": ["type": "array", "items": ["$ref": "https://apigateway.amazonaws.com/restapis/abc123/models/Order"]],
        ]
        let schema = try JSONSchema(models["Orders"]!, resolver: SchemaDocuments(models: models))
        #expect(schema.isValid([["symbol": "AMZN"]]))
        #expect(schema.validate([[:]]).validationErrorString == #"[object has missing required properties (["symbol"])]"#)
        #expect(throws: JSONSchema.CompileError.self) {
            try JSONSchema(["$ref": "https://apigateway.amazonaws.com/restapis/abc123/models/Missing"], resolver: SchemaDocuments(models: models))
        }
    }

    @Test func metaschemaIsBundled() throws {
        let meta = try JSONSchema(["$ref": "http://json-schema.org/draft-04/schema#"])
        #expect(meta.isValid(["type": "string", "minLength": 1]))
        #expect(!meta.isValid(["minLength": -1]))
        #expect(!meta.isValid(["type": "float"]))
    }

    @Test func sharedAcrossThreads() async throws {
        let schema = try Self.createOrders()
        let valid = try Self.load("payloads/orders-valid.json")
        let invalid = try Self.load("payloads/orders-invalid.json")
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<100 {
                group.addTask { i % 2 == 0 ? schema.isValid(valid) : !schema.isValid(invalid) && schema.validate(invalid).errors.count == 3 }
            }
            for await ok in group { #expect(ok) }
        }
    }
}

/// `enum` and `uniqueItems` compare strings by code units, as fge (Jackson, `String.equals`) does.
struct CodeUnitEqualityTests {
    @Test func canonicallyEquivalentStringsAreDifferent() throws {
        let composed: JSONValue = "\u{E9}"
        let decomposed: JSONValue = "e\u{301}"
        let enumeration = try JSONSchema(["enum": [composed]])
        #expect(enumeration.isValid(composed))
        #expect(!enumeration.isValid(decomposed))
        #expect(!enumeration.isValid(try JSONTape(decomposed)))
        #expect(!enumeration.validate(decomposed).isValid)
        let mixed = try JSONSchema(["enum": [composed, 1]])  // not the string-only fast table
        #expect(!mixed.isValid(decomposed))
        let unique = try JSONSchema(["uniqueItems": true])
        #expect(unique.isValid([composed, decomposed]))
        #expect(unique.isValid(try JSONTape([composed, decomposed])))
        #expect(unique.validate([composed, decomposed]).isValid)
        #expect(!unique.isValid([composed, composed]))
    }

    @Test func canonicallyEquivalentPropertyNamesAreDifferentProperties() throws {
        let schema = try JSONSchema(
            JSONValue(parsing: #"{"properties":{"\u00e9":{"type":"string"},"e\u0301":{"type":"integer"}},"additionalProperties":false}"#)
        )
        for (text, valid) in [
            (#"{"\u00e9":"x","e\u0301":1}"#, true), (#"{"\u00e9":1}"#, false), (#"{"e\u0301":"x"}"#, false), (#"{"e\u0301":1}"#, true),
        ] {
            let instance = try JSONValue(parsing: text)
            #expect(schema.isValid(instance) == valid, "\(text)")
            #expect(schema.isValid(try JSONTape(instance)) == valid, "\(text)")
            #expect(schema.validate(instance).isValid == valid, "\(text)")
        }
    }
}

/// `isValid` on a `JSONTape` gives the same answers as on the value.
struct TapeValidationTests {
    /// The tape checker's shortcuts (members in the schema's order, a node's checks as fields,
    /// integer bounds, the 8-byte key compare) against the reporting validator, on schemas and
    /// instances chosen around their edges.
    @Test func shortcutsAgreeWithTheFullValidator() throws {
        let schemas = [
            #"{"properties":{"a":{"minimum":1,"exclusiveMinimum":true},"bb":{"maximum":10,"exclusiveMaximum":true},"a-long-name":{"type":"integer"}},"required":["a","bb"]}"#,
            #"{"properties":{"x":{"type":"string","minLength":2,"maxLength":3,"pattern":"^[a-c]+$"},"y":{"enum":["p","q"]}},"additionalProperties":false}"#,
            #"{"properties":{"n":{"type":"integer","minimum":-9223372036854775808,"maximum":9223372036854775807}},"required":["n"]}"#,
            #"{"properties":{"n":{"minimum":9223372036854775807,"exclusiveMinimum":true}}}"#,
            #"{"properties":{"s":{"enum":["x"],"minLength":5}}}"#,
            #"{"properties":{"12345678":{"type":"null"},"123456789":{"type":"boolean"}},"patternProperties":{"^z":{"type":"string"}}}"#,
            // Members and elements whose schema is only a `$ref` (resolved when the tables are built),
            // a chain of references that loops on itself, and recursion through the instance.
            ##"{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"type":"object","required":["x"]}},"properties":{"x":{"$ref":"#/definitions/a"}},"additionalProperties":{"$ref":"#/definitions/a"}}"##,
            ##"{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"properties":{"x":{"$ref":"#/definitions/a"}}}"##,
            ##"{"properties":{"x":{"$ref":"#"}},"additionalProperties":false}"##,
            // Plain object members (checked without a loop-guard frame), flat ones (their member
            // loop inline), an object member that is not flat, and arrays of either.
            #"{"properties":{"x":{"type":"object","required":["q"],"properties":{"q":{"type":"integer","maximum":3}},"additionalProperties":false},"y":{"properties":{"z":{"minLength":2}}},"zz":{"minProperties":1,"properties":{"w":{"properties":{"v":{"type":"null"}}}}}}}"#,
            #"{"items":{"required":["x"],"properties":{"x":{"type":"object","properties":{"q":{"enum":["a"]}},"required":["q"]}}}}"#,
            #"{"items":{"type":"object","properties":{"account-identifier":{"pattern":"^[a-z]{2}[0-9]{2}$"},"q":{"type":"boolean"}}}}"#,
        ]
        let instances = [
            #"{"a":2,"bb":9}"#, #"{"bb":9,"a":2}"#, #"{"a":1,"bb":9}"#, #"{"a":1.5,"bb":9.99}"#, #"{"a":1.0,"bb":10.0}"#, #"{"a":2,"bb":10}"#,
            #"{"a":"1","bb":1,"a-long-name":3}"#, #"{"a-long-name":3.0,"a":5,"bb":1}"#, #"{"a":100000000000000000000,"bb":-100000000000000000000}"#,
            #"{"x":"ab","y":"p"}"#, #"{"x":"abcd"}"#, #"{"x":"a"}"#, #"{"x":"abd"}"#, #"{"y":"r"}"#, #"{"y":1}"#, #"{"z":1}"#, #"{"x":"ćć"}"#,
            #"{"n":9223372036854775807}"#, #"{"n":9223372036854775808}"#, #"{"n":-9223372036854775808}"#, #"{"n":-9223372036854775809}"#,
            #"{"n":1e2}"#, #"{"s":"x"}"#, #"{"s":1}"#, #"{"s":null}"#, #"{"12345678":null,"123456789":true,"zz":"q"}"#,
            #"{"123456789":null,"12345678":true}"#, #"{"zz":1}"#, #"{"1234567":null}"#, #"{"x":1}"#, #"{}"#, #"[]"#,
            #"{"x":{"x":{}}}"#, #"{"x":{"y":1}}"#, #"{"x":{"x":{"x":{"q":1}}}}"#, #"{"q":{"x":1}}"#, #"{"q":{}}"#,
            #"{"x":{"q":3}}"#, #"{"x":{"q":4}}"#, #"{"x":{"q":3,"r":1}}"#, #"{"x":{}}"#, #"{"x":"s"}"#, #"{"y":{"z":"a"}}"#, #"{"y":{"z":1}}"#,
            #"{"y":7}"#, #"{"zz":{}}"#, #"{"zz":{"w":{"v":null}}}"#, #"{"zz":{"w":{"v":1}}}"#, #"[{"x":{"q":"a"}},{"x":{"q":"b"}}]"#,
            #"[{"x":{"q":"a"}},{"x":{}}]"#, #"[{"x":{"q":"a"}},{}]"#, #"[{"x":1},5]"#, #"[{"account-identifier":"ab12","q":true}]"#,
            #"[{"account-identifier":"ab1","q":true}]"#, #"[{"account-identifier":"xab12","q":1}]"#, #"[{"account-identifier":"ab12"},"s"]"#,
        ]
        for schemaText in schemas {
            let schema = try JSONSchema(JSONValue(parsing: schemaText))
            for text in instances {
                let instance = try JSONValue(parsing: text)
                let expected = schema.validate(instance).isValid
                #expect(schema.isValid(try JSONTape(instance)) == expected, "\(schemaText) \(text)")
                #expect(schema.isValid(instance) == expected, "\(schemaText) \(text)")
            }
        }
    }

    /// String checks read a string's bytes in place (over 16 bytes) or from a copy (16 or fewer):
    /// strings of every length from 0 to 40, ASCII and not (two-, three- and four-byte code
    /// points), as members and as elements, against length bounds, `enum` and `pattern`, through
    /// the value, the tape and the full validator.
    @Test func stringChecksAgreeAtEveryLength() throws {
        let pieces = ["a", "é", "€", "😀"]
        var strings: [String] = []
        for length in 0...40 {
            for piece in pieces { strings.append(String(repeating: "a", count: max(0, length - 1)) + (length > 0 ? piece : "")) }
        }
        let long = String(repeating: "a", count: 17)
        let schemas = [
            #"{"properties":{"s":{"minLength":16,"maxLength":17}}}"#,
            #"{"properties":{"s":{"minLength":5}}}"#,
            #"{"properties":{"s":{"maxLength":15}}}"#,
            #"{"properties":{"s":{"enum":["aaaaaaaaaaaaaaa€","\#(long)","aaaa😀","", "aaaaaaaaaaaaaaaa"]}}}"#,
            #"{"properties":{"s":{"pattern":"^a{16}$"}}}"#,
            #"{"properties":{"s":{"pattern":"a😀$"}}}"#,
            #"{"items":{"type":"string","maxLength":16,"pattern":"[é€]$"}}"#,
        ]
        var answers: Set<Bool> = []
        for schemaText in schemas {
            let schema = try JSONSchema(JSONValue(parsing: schemaText))
            for string in strings {
                for instance in [
                    JSONValue.object(JSONObject(uniqueKeysWithValues: [("s", .string(string))])), .array([.string(string), .string(long)]),
                ] {
                    let expected = schema.validate(instance).isValid
                    #expect(schema.isValid(instance) == expected, "\(schemaText) \(string)")
                    #expect(schema.isValid(try JSONTape(instance)) == expected, "\(schemaText) \(string)")
                    answers.insert(expected)
                }
            }
        }
        #expect(answers == [true, false])
    }

    /// The member walk tries the property the schema declares next, else looks the key up and
    /// resumes after it: orders' members in every order, with one missing, one repeated out of
    /// place as an unknown key, or one value broken, against the full validator.
    @Test func everyMemberOrderAgrees() throws {
        let schema = try JSONSchemaTests.createOrders()
        let members: [(String, JSONValue, JSONValue)] = [
            ("account-id", "abcdef123456", "abc"), ("type", "STOCK", "GOLD"), ("symbol", "AMZN", ""),
            ("shares", 100, 0), ("details", ["limit": 1000], ["limit": "x"]),
        ]
        func permutations(_ items: [Int]) -> [[Int]] {
            items.count <= 1
                ? [items]
                : items.indices.flatMap { k in permutations(items.enumerated().filter { $0.offset != k }.map(\.element)).map { [items[k]] + $0 } }
        }
        var checked = 0
        for order in permutations(Array(members.indices)) {
            for variant in 0..<8 {
                var object = JSONObject()
                for (position, k) in order.enumerated() {
                    if variant == 1 && position == 2 { continue }  // one missing
                    let (name, good, bad) = members[k]
                    object[name] = variant == 2 && position == 3 ? bad : good
                    if variant == 3 && position == 1 { object["zz"] = 1 }  // an unknown key in between
                    if variant == 4 && position == 4 { object["accountid"] = 1 }  // a near miss of a name
                }
                if variant == 5 { object["account-id"] = nil }
                let instance: JSONValue = [.object(object)]
                let expected = schema.validate(instance).isValid
                #expect(schema.isValid(try JSONTape(instance)) == expected, "\(instance)")
                #expect(schema.isValid(instance) == expected, "\(instance)")
                checked += expected ? 1 : 0
            }
        }
        #expect(checked > 120)
    }

    @Test func fixturesAgree() throws {
        let schema = try JSONSchemaTests.createOrders()
        for path in ["payloads/orders-valid.json", "payloads/orders-sample.json", "payloads/orders-invalid.json", "payloads/pets.json"] {
            let value = try JSONSchemaTests.load(path)
            #expect(schema.isValid(try JSONTape(value)) == schema.isValid(value), "\(path)")
        }
        let missingDetails: JSONValue = [["account-id": "abcdef123456", "type": "STOCK", "symbol": "AMZN", "shares": 10]]
        #expect(!schema.isValid(try JSONTape(missingDetails)))
        let badPattern: JSONValue = [["account-id": "abc", "type": "STOCK", "symbol": "AMZN", "shares": 10, "details": ["limit": 1]]]
        #expect(!schema.isValid(try JSONTape(badPattern)))
    }
}

/// `uniqueItems` on a tape (arrays of scalars compared where they lie) and on values (short arrays
/// pairwise) against the report's check, on generated arrays: strings (canonically equivalent ones included), integers, decimals
/// equal to them, booleans, nulls and containers, with and without repeats, past the 64 elements
/// compared in place.
struct UniqueItemsTests {
    @Test func theTapeAgreesWithValues() throws {
        let schema = try JSONSchema(["uniqueItems": true])
        let pool: [String] = [
            #""a""#, #""b""#, #""\u00e9""#, #""e\u0301""#, #""""#, #""a long string past eight bytes""#, "1", "2", "-7",
            "1.0", "2e0", "true", "false", "null", "[1]", #"{"a":1}"#, "9223372036854775807", "12345678901234567890",
        ]
        var g = SplitMix64(seed: 5)
        var answers: Set<Bool> = []
        for _ in 0..<3000 {
            let count = g.below(4) == 0 ? 60 + g.below(10) : g.below(8)
            let width = g.below(3) == 0 ? 4 : pool.count
            let items = (0..<count).map { _ in pool[g.below(width)] }
            let array = try JSONValue(parsing: "[" + items.joined(separator: ",") + "]")
            // The report's check (a set of the elements) is the reference for both fast paths.
            let expected = schema.validate(array).isValid
            #expect(schema.isValid(array) == expected, "\(items)")
            #expect(schema.isValid(try JSONTape(array)) == expected, "\(items)")
            answers.insert(expected)
        }
        #expect(answers == [true, false])
    }
}

/// `minimum` and `maximum` on a tape (short decimals compared as doubles) against the same checks on
/// values (exact decimals), on generated bounds and numbers: equal values written differently, values
/// a last digit apart, 15 and more significant digits, exponents in and past the doubles' exact range.
struct NumericBoundsTests {
    @Test func theTapeAgreesWithValues() throws {
        let pool = [
            "0", "-0.0", "1", "1.0", "10e-1", "249.99", "249.990", "249.98999999999999", "249.99000000000001", "0.1", "0.10000000000000001",
            "1e-7", "1.0E-7", "123456789012345", "1234567890123456", "999999999999999.9", "1e22", "1e23", "-5", "-4.999999999999999",
            "9007199254740993", "9007199254740992", "1.7976931348623157e308", "5e-324", "12345678901234567890",
        ]
        var g = SplitMix64(seed: 3)
        var answers: Set<Bool> = []
        for _ in 0..<6000 {
            // One bound or both (a node's spec holds both, each exclusive or not).
            let keywords = [["minimum"], ["maximum"], ["minimum", "maximum"]][g.below(3)]
            let members = keywords.map { keyword in
                let exclusive = g.below(2) == 0
                return #""\#(keyword)": \#(pool[g.below(pool.count)])"#
                    + (exclusive ? #", "exclusive\#(keyword.prefix(1).uppercased() + keyword.dropFirst())": true"# : "")
            }
            let schemaText = "{" + members.joined(separator: ", ") + "}"
            let schema = try JSONSchema(JSONValue(parsing: schemaText))
            let instance = try JSONValue(parsing: pool[g.below(pool.count)])
            let expected = schema.isValid(instance)
            #expect(schema.isValid(try JSONTape(instance)) == expected, "\(schemaText) \(instance)")
            answers.insert(expected)
        }
        #expect(answers == [true, false])
    }
}
