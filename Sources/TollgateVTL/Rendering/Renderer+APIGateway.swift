import TollgateJSON

// `$input` and `$util` (docs/behaviour.md §1, §2).
extension Renderer {
    mutating func inputMethod(
        _ method: MethodName,
        _ arguments: Arguments,
        path prepared: JSONPath?,
        _ position: SourcePosition
    ) throws(VTLError) -> Value {
        guard let input else { return .null }
        switch (method, arguments.count) {
        case (.getBody, 0), (.body, 0):
            // An empty body renders `{}` (docs/behaviour.md §1, observed on AWS).
            if input.pointee.body.isEmpty { return .string(StringRef(static: "{}")) }
            return text(input.pointee.body)
        case (.json, 1):
            var bytes = RawByteBuffer(capacity: 256)
            defer { bytes.release() }
            try Self.writeInputJSON(arguments[0], prepared, position, gateway: gatewayState(), into: &bytes)
            return .string(arena.string(bytes.bytes))
        case (.path, 1):
            let state = gatewayState()
            guard let path = try Self.jsonPath(arguments[0], prepared, position, gateway: state) else { return .null }
            // A definite path is read from the body's tape, and only what it selects becomes values.
            switch state.tape() {
            case .success(let tape):
                if let selection = path.select(in: tape) {
                    guard case .value(let at) = selection else { return .null }
                    return Value(tape: tape, at: at, in: &arena)
                }
            case .failure(.invalidJSON):
                return .null
            case .failure(.tooLarge):
                break
            }
            return state.json().flatMap { path.read($0) }.map { Value(json: $0, jsonLists: true, in: &arena) } ?? .null
        case (.params, 0):
            if let params { return params }
            let params = arena.map()
            params.reserveCapacity(3, in: &arena)
            let path = arena.map(parameters: input.pointee.path.view)
            let querystring = arena.map(parameters: input.pointee.querystring.view)
            let header = arena.map(parameters: input.pointee.header.view)
            params.appendNew(StringRef(static: "path"), .map(path), in: &arena)
            params.appendNew(StringRef(static: "querystring"), .map(querystring), in: &arena)
            params.appendNew(StringRef(static: "header"), .map(header), in: &arena)
            self.params = .map(params)
            return .map(params)
        case (.params, 1):
            // Path first, then query string, then headers (docs/behaviour.md §1); nothing found renders empty.
            guard case .string(let key) = arguments[0] else { return .null }
            // Java `String.equals`: the same code units.
            func find(_ parameters: VTLParameters.View) -> Value? {
                (0..<parameters.count).first { key.equals(parameters.name($0)) }.map { .string(parameters.value($0)) }
            }
            return find(input.pointee.path.view) ?? find(input.pointee.querystring.view) ?? find(input.pointee.header.view) ?? .string(.empty)
        default:
            return .null
        }
    }

    /// The JSONPath an argument names: prepared at parse time for a literal, else compiled once per render.
    static func jsonPath(
        _ argument: Value,
        _ prepared: JSONPath?,
        _ position: SourcePosition,
        gateway state: GatewayState
    ) throws(VTLError) -> JSONPath? {
        if let prepared { return prepared }
        guard case .string(let text) = argument else { return nil }
        let source = text.string
        if let cached = state.paths[source] { return cached }
        do {
            let path = try JSONPath(source)
            state.paths[source] = path
            return path
        } catch {
            throw VTLError(.invalidArgument, "Invalid JSONPath '\(source)': \(error)", at: position)
        }
    }

    /// `$input.json(path)`: the result as compact JSON text; a missing path or a body that is not JSON
    /// gives `""` (docs/behaviour.md §1).
    static func writeInputJSON(
        _ argument: Value,
        _ prepared: JSONPath?,
        _ position: SourcePosition,
        gateway state: GatewayState,
        into out: inout RawByteBuffer
    ) throws(VTLError) {
        guard let path = try jsonPath(argument, prepared, position, gateway: state) else { return }
        if path.isRoot, !state.input.pointee.body.isEmpty, CompactJSON.write(state.input.pointee.body, into: &out) { return }
        // A definite path is written from the body's tape.
        switch state.tape() {
        case .success(let tape):
            if let selection = path.select(in: tape) {
                guard case .value(let at) = selection else { return out.append("\"\"") }
                return tape.words.withUnsafeBufferPointer { w in
                    tape.arena.withUnsafeBufferPointer { a in Self.writeJSON(tape: w, a, at, into: &out) }
                }
            }
        case .failure(.invalidJSON):
            return out.append("\"\"")
        case .failure(.tooLarge):
            break
        }
        guard let result = state.json().flatMap({ path.read($0) }) else { return out.append("\"\"") }
        Self.writeJSON(result, into: &out)
    }

    /// ``writeJSON(_:into:)`` of the value at word `index` of a tape's buffers.
    static func writeJSON<Sink: ByteSink & ~Copyable>(
        tape w: UnsafeBufferPointer<UInt64>,
        _ a: UnsafeBufferPointer<UInt8>,
        _ index: Int,
        into out: inout Sink
    ) {
        let word = w[index]
        func bytes(_ word: UInt64) -> UnsafeBufferPointer<UInt8> { JSONTape.bytes(a, word) }
        switch JSONTape.kind(word) {
        case .null: out.append("null")
        case .false: out.append("false")
        case .true: out.append("true")
        case .integer: out.appendDecimal(Int64(bitPattern: w[index + 1]))
        case .number:
            // `-0` and integers past `Int64` keep their text, as ``writeJSON(_:into:)`` writes them.
            let lexeme = bytes(word)
            if JSONNumber.isIntegerLexeme(lexeme) {
                out.append(contentsOf: lexeme)
            } else {
                out.appendJavaDouble(JSONNumber(validLexemeBytes: lexeme))
            }
        case .string: writeJSONString(bytes: bytes(word), into: &out)
        case .array:
            out.append(UInt8(ascii: "["))
            let end = JSONTape.next(w, after: index)
            var i = index + 2
            while i < end {
                if i > index + 2 { out.append(UInt8(ascii: ",")) }
                writeJSON(tape: w, a, i, into: &out)
                i = JSONTape.next(w, after: i)
            }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            let end = JSONTape.next(w, after: index)
            var i = index + 2
            while i < end {
                if i > index + 2 { out.append(UInt8(ascii: ",")) }
                writeJSONString(bytes: bytes(w[i]), into: &out)
                out.append(UInt8(ascii: ":"))
                writeJSON(tape: w, a, i + 1, into: &out)
                i = JSONTape.next(w, after: i + 1)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// JSON text of a JSONPath result, compact, as json-smart writes it (decimals as Java doubles).
    static func writeJSON<Sink: ByteSink & ~Copyable>(_ value: JSONValue, into out: inout Sink) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let n):
            if n.isIntegerLexeme {
                out.append(utf8: n.lexeme)
            } else {
                out.appendJavaDouble(n)
            }
        case .string(let s): writeJSONString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeJSON(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeJSONString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                writeJSON(member, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Whether two strings have the same UTF-8 (a body of megabytes compares in microseconds).
    static func sameText(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        guard a.utf8.count == b.utf8.count, !a.isEmpty else { return false }
        return a.withUTF8 { x in b.withUTF8 { y in bytesEqual(x.baseAddress!, y.baseAddress!, x.count) } }
    }

    mutating func utilMethod(_ method: MethodName, _ arguments: Arguments, _ position: SourcePosition) throws(VTLError) -> Value {
        guard arguments.count == 1 else { return .null }
        let argument = arguments[0]
        if argument.isNull { return .null }
        let text = try string(argument)
        switch method {
        case .escapeJavaScript: return self.text(Util.escapeJavaScript(text))
        case .parseJson:
            // `$util.parseJson($input.body)` reads the tape `$input.path` and `$input.json` read.
            if let input, Self.sameText(text, input.pointee.body), case .success(let tape) = gatewayState().tape() {
                return Value(tape: tape, at: 0, in: &arena)
            }
            do throws(JSONTape.ParseError) {
                return Value(tape: try JSONTape(parsing: text), at: 0, in: &arena)
            } catch .invalidJSON(let error) {
                throw VTLError(.invalidArgument, "$util.parseJson: \(error)", at: position)
            } catch {
                // Past the tape's limits (strings of hundreds of MiB): through a `JSONValue`.
                do {
                    return Value(json: try JSONValue(parsing: text), jsonLists: true, in: &arena)
                } catch {
                    throw VTLError(.invalidArgument, "$util.parseJson: \(error)", at: position)
                }
            }
        case .urlEncode: return self.text(URLEncoding.formEncode(text))
        case .urlDecode:
            guard let decoded = URLEncoding.formDecode(text) else {
                throw VTLError(.invalidArgument, "$util.urlDecode: malformed escape in '\(text)'", at: position)
            }
            return self.text(decoded)
        case .base64Encode: return self.text(Util.base64Encode(text))
        case .base64Decode:
            guard let decoded = Util.base64Decode(text) else {
                throw VTLError(.invalidArgument, "$util.base64Decode: not base64: '\(text)'", at: position)
            }
            return self.text(decoded)
        default: return .null
        }
    }
}
