import Foundation
public import TollgateGateway
public import TollgateJSON

/// Loads an API exported from API Gateway (Swagger 2.0 or OpenAPI 3.0 with `x-amazon-apigateway-*`
/// extensions, spec §11), JSON or YAML, into an ``APIDefinition``.
///
/// ```swift
/// let api = try OpenAPILoader.load(contentsOf: "Fixtures/apis/orders-validation.json")
/// let gateway = try Gateway(api)      // compiles schemas, templates and patterns; throws with a location
/// ```
public enum OpenAPILoader {
    /// Reads and loads the file at `path` (`.yaml`/`.yml` as YAML, anything else by its first character).
    public static func load(contentsOf path: String) throws(DefinitionError) -> APIDefinition {
        guard let data = FileManager.default.contents(atPath: path) ?? FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() else {
            throw DefinitionError(location: "", message: "cannot read \(path)")
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw DefinitionError(location: "", message: "\(path) is not UTF-8")
        }
        return try load(text)
    }

    /// Loads a definition from its text: JSON when it starts with `{`, YAML otherwise.
    public static func load(_ text: String) throws(DefinitionError) -> APIDefinition {
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
        return try load(document: document)
    }

    /// Loads a parsed definition.
    public static func load(document: JSONValue) throws(DefinitionError) -> APIDefinition {
        var reader = DefinitionReader(document: document)
        return try reader.read()
    }
}
