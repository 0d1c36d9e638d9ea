import Foundation
import Testing
import TollgateGateway
import TollgateOpenAPI
import _TollgateTestSupport

/// Load errors and warnings name the file, the pointer in it (a template's logical id) and the line and
/// column of the node, whatever the input kind.
@Suite struct SourceMapTests {
    /// The error `load` throws for the file `name` of `files`.
    func loadError(_ files: [String: String], _ name: String) throws -> DefinitionError? {
        let directory = try Support.directory(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        do {
            let template = try OpenAPILoader.loadTemplate(contentsOf: path)
            do {
                _ = try Gateway(template.api, strict: true)
            } catch let error as DefinitionError {
                return template.locate(error).relative(to: directory.path)
            }
        } catch let error as DefinitionError {
            return error.relative(to: directory.path)
        }
        return nil
    }

    static let badTemplate = "'#if($x'"

    @Test func anExportInYAML() throws {
        let yaml = """
            swagger: "2.0"
            info: {title: t}
            paths:
              /a:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates:
                      application/json: \(Self.badTemplate)
            """
        let error = try #require(try loadError(["api.yaml": yaml], "api.yaml"))
        #expect(error.file == "api.yaml")
        #expect(error.location == "/paths/~1a/get/x-amazon-apigateway-integration/requestTemplates/application~1json")
        #expect((error.line, error.column) == (9, 11))
    }

    @Test func anExportInJSON() throws {
        let json = """
            {"swagger": "2.0", "info": {"title": "t"},
             "paths": {"/a": {"get": {
               "x-amazon-apigateway-integration": {"type": "bogus"}}}}}
            """
        let error = try #require(try loadError(["api.json": json], "api.json"))
        #expect(error.location == "/paths/~1a/get/x-amazon-apigateway-integration/type")
        #expect((error.line, error.column) == (3, 40))
    }

    @Test func aMethodResourceOfATemplate() throws {
        let yaml = """
            Resources:
              Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: x}}
              Page:
                Type: AWS::ApiGateway::Resource
                Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: page}
              PageMethod:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: !Ref Api
                  ResourceId: !Ref Page
                  HttpMethod: GET
                  Integration:
                    Type: MOCK
                    RequestTemplates:
                      application/json: \(Self.badTemplate)
            """
        let error = try #require(try loadError(["template.yaml": yaml], "template.yaml"))
        #expect(error.location == "/Resources/PageMethod/Properties/Integration/RequestTemplates/application~1json")
        #expect((error.line, error.column) == (15, 11))
    }

    @Test func aTemplateBodyAndItsBodyFile() throws {
        let body = """
            swagger: "2.0"
            info: {title: t}
            paths:
              /a:
                get:
                  x-amazon-apigateway-integration: {type: bogus}
            """
        let inline =
            "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n"
            + body.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
        let error = try #require(try loadError(["template.yaml": inline], "template.yaml"))
        #expect(error.file == "template.yaml")
        #expect(error.location == "/Resources/Api/Properties/Body/paths/~1a/get/x-amazon-apigateway-integration/type")
        #expect((error.line, error.column) == (11, 49))
        let files = [
            "template.yaml": "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {BodyS3Location: body.yaml}\n",
            "body.yaml": body,
        ]
        let external = try #require(try loadError(files, "template.yaml"))
        #expect(external.file == "body.yaml")
        #expect(external.location == "/paths/~1a/get/x-amazon-apigateway-integration/type")
        #expect((external.line, external.column) == (6, 41))
    }

    @Test func aSAMEventAndATemplateError() throws {
        let yaml = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Events:
                    Get:
                      Type: Api
                      Properties: {Path: /a, Method: get, Auth: {Authorizer: Missing}}
            """
        let error = try #require(try loadError(["template.yaml": yaml], "template.yaml"))
        #expect(error.location == "/Resources/Fn/Properties/Events/Get/Properties/Auth/Authorizer")
        #expect(error.line == 9)
    }
}

extension DefinitionError {
    /// The error with its file relative to `directory`.
    func relative(to directory: String) -> DefinitionError {
        var copy = self
        if let file, file.hasPrefix(directory + "/") { copy.file = String(file.dropFirst(directory.count + 1)) }
        return copy
    }
}
