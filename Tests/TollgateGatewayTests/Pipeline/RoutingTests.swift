import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

/// Which resource a path reaches when several templates match it: a literal segment beats `{param}`,
/// which beats a greedy `{proxy+}`, segment by segment from the left (docs/behaviour.md §11).
@Suite struct RoutingTests {
    /// A mock GET on each path whose response names the resource it ran for.
    static func gateway(_ paths: [String]) throws -> Gateway {
        let resources = paths.map { path in
            """
            "\(path)": {"get": {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": {
              "type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
              "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "$context.resourcePath"}}}}}}
            """
        }
        return try Support.gateway(definition: #"{"swagger": "2.0", "info": {"title": "t"}, "paths": {"# + resources.joined(separator: ",") + "}}")
    }

    static let paths = ["/{proxy+}", "/{x}/b", "/a/{b}", "/a/{p+}", "/a/b", "/{x}/{y}", "/a/b/{c}"]

    @Test(arguments: [
        ("/a/b", "/a/b"),
        ("/a/c", "/a/{b}"),
        ("/z/b", "/{x}/b"),
        ("/z/y", "/{x}/{y}"),
        ("/a/c/d", "/a/{p+}"),
        ("/a/b/c", "/a/b/{c}"),
        ("/a/b/c/d", "/a/{p+}"),
        ("/a", "/{proxy+}"),
        ("/z/y/w", "/{proxy+}"),
        // Empty segments are skipped; segments are compared as text, non-ASCII too.
        ("/a//b", "/a/b"),
        ("/a/b/", "/a/b"),
        ("//a///c//", "/a/{b}"),
        ("/é/b", "/{x}/b"),
        ("/a/é/ü", "/a/{p+}"),
    ])
    func theMostSpecificTemplateWins(path: String, resource: String) async throws {
        // The order the definition lists them in must not matter.
        for paths in [Self.paths, Self.paths.reversed()] {
            let response = await Support.send(try Self.gateway(paths), .get, path, headers: [("Accept", "application/json")])
            #expect(response.status.code == 200)
            #expect(response.text == resource, "\(path) in \(paths)")
        }
    }

    @Test func noTemplateMatchesIsMissingAuthenticationToken() async throws {
        let gateway = try Self.gateway(["/a/b", "/a/{b}"])
        for path in ["/", "/a", "/a/b/c", "/b/a"] {
            let response = await Support.send(gateway, .get, path)
            #expect(response.status.code == 403, "\(path)")
            #expect(response.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")
        }
    }
}
