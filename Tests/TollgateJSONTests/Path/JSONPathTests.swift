import Testing
import TollgateJSON
import _TollgateTestSupport

/// JSONPath in Jayway's dialect: the examples of Jayway's README on its bookstore document.
@Suite struct JSONPathTests {
    static let store: JSONValue = try! JSONValue(
        parsing: """
            {"store": {"book": [
              {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
              {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
              {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
              {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
            ], "bicycle": {"color": "red", "price": 19.95}}, "expensive": 10}
            """
    )

    func select(_ path: String) throws -> String {
        JSONValue.array(try JSONPath(path).select(in: Self.store)).serialized()
    }

    @Test(arguments: [
        ("$.store.book[*].author", #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        ("$..author", #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        ("$.store.*", "2 values"),
        ("$.store..price", "[8.95,12.99,8.99,22.99,19.95]"),
        ("$..book[2].title", #"["Moby Dick"]"#),
        ("$..book[-2].title", #"["Moby Dick"]"#),
        ("$..book[0,1].price", "[8.95,12.99]"),
        ("$..book[:2].price", "[8.95,12.99]"),
        ("$..book[1:2].price", "[12.99]"),
        ("$..book[-2:].price", "[8.99,22.99]"),
        ("$..book[2:].price", "[8.99,22.99]"),
        ("$..book[?(@.isbn)].title", #"["Moby Dick","The Lord of the Rings"]"#),
        ("$.store.book[?(@.price < 10)].price", "[8.95,8.99]"),
        ("$..book[?(@.price <= $['expensive'])].price", "[8.95,8.99]"),
        ("$..book[?(@.category == 'reference' || @.price > 20)].price", "[8.95,22.99]"),
        ("$..book[?(@.category != 'fiction' && !(@.price > 9))].price", "[8.95]"),
        ("$['store']['bicycle']['color']", #"["red"]"#),
        ("$.store['bicycle','nope'].color", #"["red"]"#),
        ("$.nope.x", "[]"),
        ("$", "1 values"),
    ])
    func jaywayExamples(path: String, expected: String) throws {
        if expected.hasSuffix(" values") {
            #expect("\(try JSONPath(path).select(in: Self.store).count) values" == expected)
        } else {
            #expect(try select(path) == expected)
        }
    }

    @Test func definitePathsReadOneValueOrNothing() throws {
        #expect(try JSONPath("$.store.bicycle.color").isDefinite)
        #expect(try JSONPath("$.store.bicycle.color").read(Self.store) == "red")
        #expect(try JSONPath("$.store.bicycle.nope").read(Self.store) == nil)
        #expect(try !JSONPath("$..color").isDefinite)
        #expect(try JSONPath("$..nope").read(Self.store) == .array([]))
        #expect(try JSONPath("store.bicycle.color").read(Self.store) == "red")
    }

    @Test(arguments: ["", "$.", "$[", "$['a'", "$[?(@.a == )]", "$x", "$[1:2:x]", "$..", "$[?(@.a"])
    func malformedPathsAreErrors(path: String) {
        #expect(throws: JSONPathError.self) { try JSONPath(path) }
    }
}

/// A definite path read from a tape's words selects what it selects in the `JSONValue` (repeated keys,
/// negative and missing indexes, missing names, paths through scalars), on generated documents.
@Suite struct JSONPathOnTapeTests {
    @Test func definitePathsSelectTheSameValue() throws {
        var g = SplitMix64(seed: 31)
        var selected = 0
        for _ in 0..<2000 {
            let text = RandomJSONText.document(&g)
            let value = try JSONValue(parsing: text)
            let tape = try JSONTape(parsing: text)
            for _ in 0..<8 {
                // A walk down the document, now and then off it.
                var path = "$"
                var at: JSONValue? = value
                for _ in 0..<g.below(5) {
                    switch at {
                    case .object(let object) where g.below(5) > 0 && !object.isEmpty:
                        let key = Array(object.keys)[g.below(object.count)]
                        path += g.below(2) == 0 ? ".\(key)" : "['\(key)']"
                        at = object[key]
                    case .array(let items) where g.below(5) > 0:
                        let i = g.below(items.count + 2) - 1 - (g.below(2) == 0 ? items.count : 0)
                        path += "[\(i)]"
                        let j = i < 0 ? items.count + i : i
                        at = items.indices.contains(j) ? items[j] : nil
                    default:
                        path += ".\(RandomJSONText.keys[g.below(RandomJSONText.keys.count)])"
                        at = nil
                    }
                }
                let compiled = try JSONPath(path)
                let expected = compiled.read(value)
                switch compiled.select(in: tape) {
                case .value(let i):
                    #expect(tape.value(at: i) == expected, "\(path) in \(text)")
                    selected += 1
                case .missing: #expect(expected == nil, "\(path) in \(text)")
                case nil: Issue.record("\(path) is definite")
                }
            }
        }
        #expect(selected > 3000)
        #expect(try JSONPath("$..id").select(in: JSONTape(parsing: "{}")) == nil)
    }
}
