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

    /// The node without its tag, resolved as YAML would resolve it plainly.
    static func untagged(_ node: Node) -> Node {
        switch node {
        case .scalar(let scalar): .scalar(Node.Scalar(scalar.string, Tag(.implicit), scalar.style, scalar.mark))
        case .mapping(let mapping): .mapping(Node.Mapping(mapping.map { ($0.key, $0.value) }, Tag(.implicit), mapping.style, mapping.mark))
        case .sequence(let sequence): .sequence(Node.Sequence(Array(sequence), Tag(.implicit), sequence.style, sequence.mark))
        case .alias: node
        }
    }

    static func location(of error: YamlError) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): "\(mark.line):\(mark.column)"
        default: ""
        }
    }

    static func convert(_ node: Node) throws(DefinitionError) -> JSONValue {
        let at = node.mark.map { "\($0.line):\($0.column)" } ?? ""
        // CloudFormation's short-form intrinsics (`!Ref X`, `!Sub '…'`, `!GetAtt A.B`, …) as their long
        // forms ("Intrinsic function reference" in the CloudFormation user guide).
        let tag = node.tag.rawValue
        if tag.hasPrefix("!"), !tag.hasPrefix("!!") {
            let name = String(tag.dropFirst())
            var value = try convert(untagged(node))
            if name == "GetAtt", case .string(let text) = value, let dot = text.firstIndex(of: ".") {
                value = .array([.string(String(text[..<dot])), .string(String(text[text.index(after: dot)...]))])
            }
            return .object([(name == "Ref" || name == "Condition" ? name : "Fn::" + name): value])
        }
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
