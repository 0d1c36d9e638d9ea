public import TollgateJSON

extension VTLBindings {
    /// Bindings from an event document, the format `tollgate render --event` reads:
    /// `{"body": "<raw body>", "params": {"path": {}, "querystring": {}, "header": {}}, "context": {...},
    /// "stageVariables": {...}, "variables": {...}}`. Every part is optional; "variables" binds plain values by name.
    /// Throws a ``VTLError`` of kind `.invalidArgument` naming the part that has the wrong shape.
    public init(event: JSONValue) throws(VTLError) {
        guard case .object(let object) = event else { throw VTLError(.invalidArgument, "the event must be a JSON object") }
        func pairs(_ value: JSONValue?, _ what: String) throws(VTLError) -> VTLParameters {
            guard let value else { return [] }
            guard case .object(let members) = value else { throw VTLError(.invalidArgument, "\(what) must be an object of strings") }
            var out = VTLParameters()
            for (key, member) in members {
                guard case .string(let s) = member else { throw VTLError(.invalidArgument, "\(what).\(key) must be a string") }
                out.append(key, s)
            }
            return out
        }
        var input = APIGatewayInput()
        if let body = object["body"] {
            guard case .string(let text) = body else { throw VTLError(.invalidArgument, "body must be a string (the raw request body)") }
            input.body = text
        }
        let params = object["params"]
        input.path = try pairs(params?["path"], "params.path")
        input.querystring = try pairs(params?["querystring"], "params.querystring")
        input.header = try pairs(params?["header"], "params.header")
        if let context = object["context"] {
            guard case .object(let members) = context else { throw VTLError(.invalidArgument, "context must be an object") }
            input.context = members
        }
        input.stageVariables = try pairs(object["stageVariables"], "stageVariables")
        var variables: [String: JSONValue] = [:]
        if let given = object["variables"] {
            guard case .object(let members) = given else { throw VTLError(.invalidArgument, "variables must be an object") }
            for (key, value) in members { variables[key] = value }
        }
        self.init(variables: variables, apiGateway: input)
    }
}
