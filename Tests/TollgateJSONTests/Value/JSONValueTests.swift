import Testing
import TollgateJSON

struct JSONValueTests {
    @Test func objectsKeepInsertionOrder() throws {
        let value = try JSONValue(parsing: #"{"zeta":1,"alpha":2,"mid":3}"#)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
        var object = try #require(value.objectValue)
        object["alpha"] = 20
        object["new"] = true
        object["zeta"] = nil
        #expect(JSONValue.object(object).serialized() == #"{"alpha":20,"mid":3,"new":true}"#)
        #expect(object.removeValue(forKey: "mid") == 3)
        #expect(object.keys == ["alpha", "new"])
    }

    @Test func equalityIgnoresKeyOrderButNotArrayOrder() throws {
        let a = try JSONValue(parsing: #"{"a":1,"b":[1,2]}"#)
        let b = try JSONValue(parsing: #"{"b":[1.0,2],"a":1e0}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(try a != JSONValue(parsing: #"{"a":1,"b":[2,1]}"#))
        #expect(try a != JSONValue(parsing: #"{"a":1}"#))
        #expect(try !(a.objectValue!.orderedEquals(b.objectValue!)))
        #expect(JSONValue.string("1") != JSONValue.number(1))
        #expect(JSONValue.bool(true) != JSONValue.number(1))
        #expect(JSONValue.null != JSONValue.string(""))
    }

    /// Strings compare by code units, as Java's `String.equals` (and so Jackson) does: a
    /// precomposed `é` is not the same string or key as `e` + combining acute accent.
    @Test func stringsCompareByCodeUnitsNotCanonicalEquivalence() throws {
        let composed = "\u{E9}"
        let decomposed = "e\u{301}"
        #expect(composed == decomposed)  // Swift's String equality, which JSON must not use
        #expect(JSONValue.string(composed) != JSONValue.string(decomposed))
        let object = try JSONValue(parsing: #"{"\u00e9":1,"e\u0301":2}"#)
        #expect(object.objectValue?.count == 2)
        #expect(object[composed] == 1)
        #expect(object[decomposed] == 2)
        #expect(object != (try JSONValue(parsing: #"{"e\u0301":1,"\u00e9":2}"#)))
        #expect(object.objectValue?.orderedEquals(try JSONValue(parsing: #"{"\u00e9":1,"e\u0301":2}"#).objectValue!) == true)
    }

    @Test func accessors() throws {
        let value = try JSONValue(parsing: #"{"s":"x","n":2,"b":false,"a":[null],"o":{}}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.numberValue?.int64Value == 2)
        #expect(value["b"]?.boolValue == false)
        #expect(value["a"]?[0]?.isNull == true)
        #expect(value["a"]?[1] == nil)
        #expect(value["a"]?[-1] == nil)
        #expect(value["o"]?.objectValue?.isEmpty == true)
        #expect(value["missing"] == nil)
        #expect(value["s"]?["x"] == nil)
        #expect(value.typeName == "object")
        #expect(["null", "boolean", "number", "string", "array", "object"] == [JSONValue.null, true, 1, "", [], [:]].map(\.typeName))
    }

    @Test func literals() {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true], "b": [:]]
        #expect(value.serialized() == #"{"a":[1,2.5,"x",null,true],"b":{}}"#)
        let object: JSONObject = ["k": 1, "k": 2]
        #expect(object.count == 1)
        #expect(object["k"] == 2)
    }
}
