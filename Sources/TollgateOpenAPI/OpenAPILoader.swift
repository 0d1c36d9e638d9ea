import Foundation
public import TollgateGateway
public import TollgateJSON

/// Loads an API exported from API Gateway (Swagger 2.0 or OpenAPI 3.0 with `x-amazon-apigateway-*`
/// extensions, docs/behaviour.md §11), JSON or YAML, into an `APIDefinition`.
///
/// ```swift
/// let api = try OpenAPILoader.load(contentsOf: "Fixtures/apis/orders-validation.json")
/// let gateway = try Gateway(api)      // compiles schemas, templates and patterns; throws with a location
/// ```
public enum OpenAPILoader {
    /// Reads and loads the file at `path` (`.yaml`/`.yml` as YAML, anything else by its first character).
    /// A CloudFormation template is read with ``CloudFormationLoader`` (its parameters' defaults).
    public static func load(contentsOf path: String) throws(DefinitionError) -> APIDefinition {
        try loadTemplate(contentsOf: path).api
    }

    /// A definition file as a CloudFormation template would give it: the API, and the stage the template
    /// deploys (none for an OpenAPI export).
    public static func loadTemplate(
        contentsOf path: String,
        parameters: [String: String] = [:],
        region: String = "us-east-1",
        accountId: String = "123456789012"
    ) throws(DefinitionError) -> CloudFormationLoader.Template {
        let positions = SourcePositions(read: { try? text(contentsOf: $0) })
        var template: CloudFormationLoader.Template
        do {
            let document = try parse(try text(contentsOf: path))
            if CloudFormationLoader.isTemplate(document) {
                let directory = (path as NSString).deletingLastPathComponent
                template = try CloudFormationLoader.load(
                    document: document,
                    parameters: parameters,
                    region: region,
                    accountId: accountId,
                    baseDirectory: directory.isEmpty ? nil : directory
                )
            } else {
                template = CloudFormationLoader.Template(api: try load(document: document))
            }
        } catch {
            throw positions.annotate(error, file: path)
        }
        template.path = path
        template.api.warnings = template.api.warnings.map { positions.annotate($0, file: path) }
        return template
    }

    static func text(contentsOf path: String) throws(DefinitionError) -> String {
        guard let data = FileManager.default.contents(atPath: path) ?? FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() else {
            throw DefinitionError(location: "", message: "cannot read \(path)")
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw DefinitionError(location: "", message: "\(path) is not UTF-8")
        }
        return text
    }

    /// Loads a definition from its text: JSON when it starts with `{`, YAML otherwise.
    public static func load(_ text: String) throws(DefinitionError) -> APIDefinition {
        try load(document: try parse(text))
    }

    static func parse(_ text: String) throws(DefinitionError) -> JSONValue {
        let document: JSONValue
        if text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{" {
            do {
                document = try JSONValue(parsing: text)
            } catch {
                throw DefinitionError(location: "\(error.line):\(error.column)", message: "not valid JSON: \(error)")
            }
        } else {
            document = try YAMLDocument.parse(text)
        }
        return document
    }

    /// Loads a parsed definition (an OpenAPI export, or a CloudFormation template with its defaults).
    public static func load(document: JSONValue) throws(DefinitionError) -> APIDefinition {
        if CloudFormationLoader.isTemplate(document) { return try CloudFormationLoader.load(document: document).api }
        var reader = DefinitionReader(document: document)
        return try reader.read()
    }
}
