import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI

/// A definition error's place is a value: a JSON Pointer into the document (as tokens), a name, or
/// nowhere; its text form is what it always was.
@Suite struct DefinitionErrorTests {
    @Test func placesParseAndPrintBack() throws {
        let pointer = DefinitionError(location: "/paths/~1orders~0x/post", message: "m")
        #expect(pointer.pointer?.tokens == ["paths", "/orders~x", "post"])
        #expect(pointer.location == "/paths/~1orders~0x/post")
        #expect(pointer.description == "/paths/~1orders~0x/post: m")
        let root = DefinitionError(location: "/", message: "m")
        #expect(root.place == .pointer(JSONPointer(tokens: [])))
        #expect(root.location == "/")
        let named = DefinitionError(location: "stage prod/throttle", message: "m")
        #expect(named.place == .named("stage prod/throttle") && named.pointer == nil)
        // Not a JSON Pointer (`~2` is no escape): kept as written.
        #expect(DefinitionError(location: "/a~2", message: "m").place == .named("/a~2"))
        let nowhere = DefinitionError(location: "", message: "m", line: 3, column: 4)
        #expect(nowhere.place == .none && nowhere.description == "3:4: m")
        var moved = named
        moved.location = "/x"
        #expect(moved.pointer?.tokens == ["x"])
    }

    @Test func aLoaderErrorNamesTheNodeAsTokens() throws {
        let definition = #"""
            {"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a/{id}": {"post": {
              "responses": {"200": {"description": "ok"}},
              "x-amazon-apigateway-integration": {"type": "carrier-pigeon"}}}}}
            """#
        let error = try #require(throws: DefinitionError.self) { try OpenAPILoader.load(definition) }
        #expect(error.pointer?.tokens == ["paths", "/a/{id}", "post", "x-amazon-apigateway-integration", "type"])
    }
}
