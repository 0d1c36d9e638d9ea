import TollgateGateway
import TollgateJSON
import Yams

/// YAML to JSON values, with YAML 1.1 core schema types as Yams resolves them.
enum YAMLDocument {
    static func parse(_ text: String) throws(DefinitionError) -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DefinitionError(location: location(of: error), message: "not valid YAML: \(error)")
        } catch {
            throw DefinitionError(location: "", message: "not valid YAML: \(error)")
        }
        guard let node else { throw DefinitionError(location: "1:1", message: "the document is empty") }
        return try convert(node)
    }

    static func location(of error: YamlError) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): "\(mark.line):\(mark.column)"
        default: ""
        }
    }

    static func convert(_ node: Node) throws(DefinitionError) -> JSONValue {
        let at = node.mark.map { "\($0.line):\($0.column)" } ?? ""
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return .bool(node.bool ?? false)
            case Tag.Name.int.rawValue:
                if let number = JSONNumber(scalar.string) { return .number(number) }
                if let value = node.int { return .number(JSONNumber(value)) }
                return .string(scalar.string)
            case Tag.Name.float.rawValue:
                if let number = JSONNumber(scalar.string) { return .number(number) }
                if let value = node.float, let number = JSONNumber(value) { return .number(number) }
                return .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard let name = key.string else { throw DefinitionError(location: at, message: "a mapping key is not a string") }
                object[name] = try convert(value)
            }
            return .object(object)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try convert(item)) }
            return .array(items)
        case .alias:
            throw DefinitionError(location: at, message: "YAML aliases are not supported in API definitions")
        }
    }
}
