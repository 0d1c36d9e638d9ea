import Testing
import TollgateJSON

struct JSONPointerTests {
    /// The examples of RFC 6901 §5 and §6.
    static let document: JSONValue = [
        "foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8,
    ]

    @Test func equalityIsByCodeUnits() {
        let composed = JSONPointer(tokens: ["properties", "\u{E9}"])
        let decomposed = JSONPointer(tokens: ["properties", "e\u{301}"])
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        #expect(composed == JSONPointer(tokens: ["properties", "\u{E9}"]))
    }

    @Test(
        arguments: [
            ("", nil), ("/foo", nil), ("/foo/0", "bar"), ("/", 0), ("/a~1b", 1), ("/c%d", 2), ("/e^f", 3),
            ("/g|h", 4), ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7), ("/m~0n", 8),
        ] as [(String, JSONValue?)]
    )
    func resolvesRFCExamples(pointer: String, expected: JSONValue?) throws {
        let p = try JSONPointer(pointer)
        let value = try #require(Self.document[p])
        if let expected { #expect(value == expected) }
        #expect(p.description == pointer)
    }

    @Test(arguments: [
        ("#", ""), ("#/foo", "/foo"), ("#/foo/0", "/foo/0"), ("#/", "/"), ("#/a~1b", "/a~1b"), ("#/c%25d", "/c%d"),
        ("#/e%5Ef", "/e^f"), ("#/g%7Ch", "/g|h"), ("#/i%5Cj", "/i\\j"), ("#/k%22l", "/k\"l"), ("#/%20", "/ "), ("#/m~0n", "/m~0n"),
    ])
    func uriFragments(fragment: String, pointer: String) throws {
        let p = try JSONPointer(uriFragment: fragment)
        #expect(p == (try JSONPointer(pointer)))
        #expect(try JSONPointer(uriFragment: p.uriFragment) == p)
    }

    @Test func unresolvable() throws {
        let doc: JSONValue = ["a": [10, 20], "s": "x"]
        for text in ["/b", "/a/2", "/a/-", "/a/01", "/a/-1", "/a/x", "/s/0", "/a/0/b"] {
            #expect(doc[try JSONPointer(text)] == nil, "\(text)")
        }
        #expect(doc[try JSONPointer("/a/1")] == 20)
    }

    @Test func building() {
        let p = JSONPointer.root.appending("a/b").appending("m~n").appending(index: 3)
        #expect(p.description == "/a~1b/m~0n/3")
        #expect(p.tokens == ["a/b", "m~n", "3"])
        #expect(p.parent.description == "/a~1b/m~0n")
        #expect(JSONPointer.root.description == "")
    }

    @Test func syntaxErrors() {
        #expect(throws: JSONPointer.SyntaxError(message: "a JSON Pointer must be empty or start with '/'", offset: 0)) {
            try JSONPointer("a")
        }
        #expect(throws: JSONPointer.SyntaxError(message: "'~' must be followed by '0' or '1' in a JSON Pointer", offset: 3)) {
            try JSONPointer("/ab~2")
        }
        #expect(throws: JSONPointer.SyntaxError.self) { try JSONPointer(uriFragment: "/a") }
        #expect(throws: JSONPointer.SyntaxError.self) { try JSONPointer(uriFragment: "#/a%2") }
    }

    /// One token escaped and read back, and through the parser: `~` and `/` in any mix, `~01` (a
    /// literal `~1`), non-ASCII.
    @Test(arguments: ["", "plain", "a/b", "m~n", "~1", "/~/", "~01", "~0~1", "é/日本~"])
    func tokensEscapeAndReadBack(token: String) throws {
        let escaped = JSONPointer.escape(token)
        #expect(!escaped.contains("/"))
        #expect(JSONPointer.unescape(escaped) == token)
        #expect(try JSONPointer("/" + escaped).tokens == [token])
        #expect(JSONPointer(tokens: [token, "x"]).description == "/" + escaped + "/x")
    }
}
