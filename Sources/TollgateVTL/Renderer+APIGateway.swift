import TollgateJSON

// `$input` and `$util` (spec §1, §2).
extension Renderer {
    mutating func inputMethod(_ name: String, _ arguments: [Value], _ position: SourcePosition) throws(VTLError) -> Value {
        guard var state = gateway else { return .null }
        defer { gateway = state }
        switch (name, arguments.count) {
        case ("getBody", 0), ("body", 0):
            // An empty body renders `{}` (spec §1, observed on AWS).
            return .string(state.input.body.isEmpty ? "{}" : state.input.body)
        case ("json", 1), ("path", 1):
            guard case .string(let source) = arguments[0] else { return .null }
            let path: JSONPath
            if let cached = state.paths[source] {
                path = cached
            } else {
                do {
                    path = try JSONPath(source)
                } catch {
                    throw VTLError(.invalidArgument, "Invalid JSONPath '\(source)': \(error)", at: position)
                }
                state.paths[source] = path
            }
            let result = state.json().flatMap { path.read($0) }
            if name == "path" {
                return result.map { Value(json: $0, jsonLists: true) } ?? .null
            }
            // `$input.json`: the result as JSON text; a missing path or a body that is not JSON gives `""` (spec §1).
            guard let result else { return .string("\"\"") }
            var text = ""
            Self.appendJSON(result, to: &text)
            return .string(text)
        case ("params", 0):
            if let params = state.params { return params }
            let params = MapRef()
            func map(_ pairs: [(String, String)]) -> Value {
                let m = MapRef()
                for (k, v) in pairs { m.put(.string(k), .string(v)) }
                return .map(m)
            }
            params.put(.string("path"), map(state.input.path))
            params.put(.string("querystring"), map(state.input.querystring))
            params.put(.string("header"), map(state.input.header))
            state.params = .map(params)
            return .map(params)
        case ("params", 1):
            // Path first, then query string, then headers (spec §1); nothing found renders empty.
            guard case .string(let key) = arguments[0] else { return .null }
            for list in [state.input.path, state.input.querystring, state.input.header] {
                if let hit = list.first(where: { $0.0 == key }) { return .string(hit.1) }
            }
            return .string("")
        default:
            return .null
        }
    }

    /// JSON text of a JSONPath result, compact, as json-smart writes it (decimals as Java doubles).
    static func appendJSON(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): Value(number: n).appendJava(to: &out)
        case .string(let s): appendJSONString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                appendJSON(item, to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            var first = true
            for (key, member) in object {
                if !first { out += "," }
                first = false
                appendJSONString(key, to: &out)
                out += ":"
                appendJSON(member, to: &out)
            }
            out += "}"
        }
    }

    mutating func utilMethod(_ name: String, _ arguments: [Value], _ position: SourcePosition) throws(VTLError) -> Value {
        guard arguments.count == 1 else { return .null }
        let argument = arguments[0]
        if argument.isNull { return .null }
        let text = try string(argument)
        switch name {
        case "escapeJavaScript": return .string(Util.escapeJavaScript(text))
        case "parseJson":
            do {
                return Value(json: try JSONValue(parsing: text), jsonLists: true)
            } catch {
                throw VTLError(.invalidArgument, "$util.parseJson: \(error)", at: position)
            }
        case "urlEncode": return .string(Util.urlEncode(text))
        case "urlDecode":
            guard let decoded = Util.urlDecode(text) else {
                throw VTLError(.invalidArgument, "$util.urlDecode: malformed escape in '\(text)'", at: position)
            }
            return .string(decoded)
        case "base64Encode": return .string(Util.base64Encode(text))
        case "base64Decode":
            guard let decoded = Util.base64Decode(text) else {
                throw VTLError(.invalidArgument, "$util.base64Decode: not base64: '\(text)'", at: position)
            }
            return .string(decoded)
        default: return .null
        }
    }
}
