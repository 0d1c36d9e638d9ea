import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// Compiles schema documents into ``SchemaNode``s: checks every keyword's type, compiles
/// regexes, resolves `$ref` (local pointers, `id` scopes, the bundled metaschema, the caller's
/// resolver), and memoizes by location so `$ref` cycles compile to cycles of indices.
struct SchemaCompiler {
    var nodes: [SchemaNodeBuilder] = []
    var memo: [SchemaLocation: Int] = [:]
    /// Loaded documents by URI (without fragment).
    var documents: [String: JSONValue] = [:]
    /// `id`s: absolute URI (without fragment, or with a plain-name fragment) → location.
    var ids: [String: SchemaLocation] = [:]
    let resolver: (any JSONSchemaResolver)?

    init(resolver: (any JSONSchemaResolver)?) {
        self.resolver = resolver
    }

    func error(_ location: SchemaLocation, _ keyword: String?, _ message: String) -> JSONSchema.CompileError {
        let pointer = keyword.map { location.pointer.appending($0) } ?? location.pointer
        return JSONSchema.CompileError(location: SchemaLocation(document: location.document, pointer: pointer), message: message)
    }

    // MARK: Documents and ids

    /// Loads a document under `uri` and indexes its `id`s.
    mutating func load(_ document: JSONValue, as uri: String) {
        documents[uri] = document
        index(document, location: SchemaLocation(document: uri, pointer: .root), base: URIReference(uri))
    }

    mutating func index(_ value: JSONValue, location: SchemaLocation, base: URIReference) {
        guard case .object(let object) = value else { return }
        var base = base
        if case .string(let id)? = object["id"] {
            base = base.resolving(URIReference(id))
            let key = base.fragment.map { $0.isEmpty ? base.document : base.document + "#" + $0 } ?? base.document
            if ids[key] == nil { ids[key] = location }
            if base.fragment?.isEmpty ?? true, ids[base.document] == nil { ids[base.document] = location }
        }
        for (keyword, child) in object {
            let at = location.pointer.appending(keyword)
            switch keyword {
            case "properties", "patternProperties", "definitions", "dependencies":
                guard case .object(let members) = child else { continue }
                for (name, schema) in members {
                    index(schema, location: SchemaLocation(document: location.document, pointer: at.appending(name)), base: base)
                }
            case "items", "allOf", "anyOf", "oneOf":
                if case .array(let elements) = child {
                    for (i, schema) in elements.enumerated() {
                        index(schema, location: SchemaLocation(document: location.document, pointer: at.appending(index: i)), base: base)
                    }
                } else {
                    index(child, location: SchemaLocation(document: location.document, pointer: at), base: base)
                }
            case "additionalItems", "additionalProperties", "not":
                index(child, location: SchemaLocation(document: location.document, pointer: at), base: base)
            default:
                continue
            }
        }
    }

    /// The resolution scope at `location`: the document URI changed by every `id` on the way.
    func baseURI(at location: SchemaLocation) -> URIReference {
        var base = URIReference(location.document)
        guard var current = documents[location.document] else { return base }
        if case .string(let id)? = current["id"] { base = base.resolving(URIReference(id)) }
        for token in location.pointer.tokens {
            guard let next = current[JSONPointer(tokens: [token])] else { break }
            current = next
            if case .object(let o) = current, case .string(let id)? = o["id"] { base = base.resolving(URIReference(id)) }
        }
        return base
    }

    func value(at location: SchemaLocation) -> JSONValue? {
        documents[location.document]?[location.pointer]
    }

    /// The location a `$ref` names, loading its document when needed.
    mutating func resolve(_ ref: String, from location: SchemaLocation) throws(JSONSchema.CompileError) -> SchemaLocation {
        let absolute = baseURI(at: location).resolving(URIReference(ref))
        let documentURI = absolute.document
        let fragment = absolute.fragment ?? ""
        var target: SchemaLocation?
        if !fragment.isEmpty && !fragment.hasPrefix("/") {
            target = ids[documentURI + "#" + fragment]
        } else {
            var base = ids[documentURI]
            if base == nil && documents[documentURI] == nil { try loadExternal(documentURI, for: location, ref: ref) }
            if base == nil, documents[documentURI] != nil { base = SchemaLocation(document: documentURI, pointer: .root) }
            if let base {
                do {
                    let pointer = try JSONPointer(uriFragment: "#" + fragment)
                    target = SchemaLocation(document: base.document, pointer: JSONPointer(tokens: base.pointer.tokens + pointer.tokens))
                } catch {
                    throw self.error(location, "$ref", "invalid JSON Pointer in $ref \"\(ref)\": \(error.message)")
                }
            }
        }
        guard let target, value(at: target) != nil else {
            throw error(location, "$ref", "unresolvable $ref \"\(ref)\" (resolved to \(absolute.text))")
        }
        return target
    }

    mutating func loadExternal(_ uri: String, for location: SchemaLocation, ref: String) throws(JSONSchema.CompileError) {
        if uri == Draft04Metaschema.uri {
            load(try! JSONValue(parsing: Draft04Metaschema.text), as: uri)
            return
        }
        guard let resolver else { return }
        do {
            if let document = try resolver.document(at: uri) { load(document, as: uri) }
        } catch {
            throw self.error(location, "$ref", "cannot load \(uri) for $ref \"\(ref)\": \(error)")
        }
    }

    // MARK: Compiling

    /// Compiles the schema at `location` (memoized); returns its node index.
    mutating func compile(_ location: SchemaLocation) throws(JSONSchema.CompileError) -> Int {
        if let index = memo[location] { return index }
        guard case .object(let object)? = value(at: location) else {
            throw error(location, nil, "a schema must be an object, found \(value(at: location)?.typeName ?? "nothing")")
        }
        let index = nodes.count
        memo[location] = index
        nodes.append(SchemaNodeBuilder(location: location))
        if let ref = object["$ref"] {
            guard case .string(let text) = ref else { throw error(location, "$ref", "expected a string, found \(ref.typeName)") }
            let target = try resolve(text, from: location)
            let targetIndex = try compile(target)
            nodes[index].ref = targetIndex
            return index
        }
        var node = SchemaNodeBuilder(location: location)
        try compileKeywords(object, at: location, into: &node)
        nodes[index] = node
        return index
    }

    mutating func child(_ location: SchemaLocation, _ tokens: String...) throws(JSONSchema.CompileError) -> Int {
        try compile(SchemaLocation(document: location.document, pointer: JSONPointer(tokens: location.pointer.tokens + tokens)))
    }

    func nonNegativeInteger(_ object: JSONObject, _ keyword: String, _ location: SchemaLocation) throws(JSONSchema.CompileError) -> Int? {
        guard let value = object[keyword] else { return nil }
        guard case .number(let n) = value, n.isIntegral else { throw error(location, keyword, "expected an integer, found \(value)") }
        guard let i = n.int64Value, i >= 0 else { throw error(location, keyword, "must not be negative, found \(value)") }
        return Int(clamping: i)
    }

    func number(_ object: JSONObject, _ keyword: String, _ location: SchemaLocation) throws(JSONSchema.CompileError) -> JSONNumber? {
        guard let value = object[keyword] else { return nil }
        guard case .number(let n) = value else { throw error(location, keyword, "expected a number, found \(value.typeName)") }
        return n
    }

    func boolean(_ object: JSONObject, _ keyword: String, _ location: SchemaLocation) throws(JSONSchema.CompileError) -> Bool {
        guard let value = object[keyword] else { return false }
        guard case .bool(let b) = value else { throw error(location, keyword, "expected a boolean, found \(value.typeName)") }
        return b
    }

    func regex(_ source: String, _ location: SchemaLocation, _ keyword: String) throws(JSONSchema.CompileError) -> ECMAScriptRegex {
        do { return try ECMAScriptRegex(source) } catch {
            throw self.error(location, keyword, "invalid ECMA 262 regex \"\(source)\": \(error.reason)")
        }
    }

    func stringArray(_ value: JSONValue, _ location: SchemaLocation, _ keyword: String) throws(JSONSchema.CompileError) -> [String] {
        guard case .array(let elements) = value, !elements.isEmpty else { throw error(location, keyword, "expected a non-empty array of strings") }
        var strings: [String] = []
        for element in elements {
            guard case .string(let s) = element else {
                throw error(location, keyword, "expected a non-empty array of strings, found \(element.typeName)")
            }
            if strings.contains(s) { throw error(location, keyword, "elements must be unique, \"\(s)\" repeats") }
            strings.append(s)
        }
        return strings
    }

    mutating func schemaArray(_ object: JSONObject, _ keyword: String, _ location: SchemaLocation) throws(JSONSchema.CompileError) -> [Int]? {
        guard let value = object[keyword] else { return nil }
        guard case .array(let elements) = value, !elements.isEmpty else { throw error(location, keyword, "expected a non-empty array of schemas") }
        var indices: [Int] = []
        for i in elements.indices { indices.append(try child(location, keyword, String(i))) }
        return indices
    }

    mutating func additional(
        _ object: JSONObject,
        _ keyword: String,
        _ location: SchemaLocation
    ) throws(JSONSchema.CompileError) -> SchemaNode.Additional {
        switch object[keyword] {
        case nil, .bool(true)?: return .allowed
        case .bool(false)?: return .forbidden
        case .object?: return .schema(try child(location, keyword))
        case let other?: throw error(location, keyword, "expected a boolean or a schema, found \(other.typeName)")
        }
    }

    mutating func compileKeywords(
        _ object: JSONObject,
        at location: SchemaLocation,
        into node: inout SchemaNodeBuilder
    ) throws(JSONSchema.CompileError) {
        var checks: [(String, SchemaNode.Check)] = []

        // Children first: properties, patternProperties, additional*, items.
        if let value = object["properties"] {
            guard case .object(let members) = value else { throw error(location, "properties", "expected an object, found \(value.typeName)") }
            // A list, not a `[String: Int]`: Swift's `String` keys would merge canonically
            // equivalent names, which are different properties in JSON (and in fge).
            for (name, _) in members { node.properties.append((name, try child(location, "properties", name))) }
        }
        if let value = object["patternProperties"] {
            guard case .object(let members) = value else { throw error(location, "patternProperties", "expected an object, found \(value.typeName)") }
            for (source, _) in members {
                let regex = try regex(source, location, "patternProperties")
                node.patternProperties.append((regex, try child(location, "patternProperties", source)))
            }
        }
        node.additionalProperties = try additional(object, "additionalProperties", location)
        if case .forbidden = node.additionalProperties { checks.append(("additionalProperties", .additionalPropertiesForbidden)) }
        switch object["items"] {
        case nil: node.items = .none
        case .object?: node.items = .all(try child(location, "items"))
        case .array(let elements)?:
            var tuple: [Int] = []
            for i in elements.indices { tuple.append(try child(location, "items", String(i))) }
            node.items = .tuple(tuple)
        case let other?: throw error(location, "items", "expected a schema or an array of schemas, found \(other.typeName)")
        }
        node.additionalItems = try additional(object, "additionalItems", location)
        if case .forbidden = node.additionalItems, case .tuple(let tuple) = node.items {
            checks.append(("additionalItems", .additionalItemsForbidden(tupleCount: tuple.count)))
        }
        if let value = object["definitions"] {
            guard case .object = value else { throw error(location, "definitions", "expected an object, found \(value.typeName)") }
        }

        // Applicators.
        if let all = try schemaArray(object, "allOf", location) { checks.append(("allOf", .allOf(all))) }
        if let any = try schemaArray(object, "anyOf", location) { checks.append(("anyOf", .anyOf(any))) }
        if let one = try schemaArray(object, "oneOf", location) { checks.append(("oneOf", .oneOf(one))) }
        if let value = object["not"] {
            guard case .object = value else { throw error(location, "not", "expected a schema, found \(value.typeName)") }
            checks.append(("not", .not(try child(location, "not"))))
        }
        if let value = object["dependencies"] {
            guard case .object(let members) = value else { throw error(location, "dependencies", "expected an object, found \(value.typeName)") }
            var propertyDeps: [(String, [String])] = []
            var schemaDeps: [(String, Int)] = []
            for (name, dependency) in members {
                switch dependency {
                case .object: schemaDeps.append((name, try child(location, "dependencies", name)))
                case .array: propertyDeps.append((name, try stringArray(dependency, location, "dependencies")))
                default: throw error(location, "dependencies", "\(name): expected a schema or an array of strings, found \(dependency.typeName)")
                }
            }
            checks.append(("dependencies", .dependencies(properties: propertyDeps, schemas: schemaDeps)))
        }

        // Assertions.
        if let value = object["enum"] {
            guard case .array(let elements) = value, !elements.isEmpty else { throw error(location, "enum", "expected a non-empty array") }
            let strings = elements.compactMap(\.stringValue)
            if strings.count == elements.count && strings.count <= 16 {
                checks.append(("enum", .stringEnumeration(strings, message: FGEText.json(value))))
            } else {
                checks.append(("enum", .enumeration(Set(elements), message: FGEText.json(value))))
            }
        }
        if let n = try nonNegativeInteger(object, "maxItems", location) { checks.append(("maxItems", .maxItems(n))) }
        if let n = try nonNegativeInteger(object, "minItems", location) { checks.append(("minItems", .minItems(n))) }
        if let n = try nonNegativeInteger(object, "maxLength", location) { checks.append(("maxLength", .maxLength(n))) }
        if let n = try nonNegativeInteger(object, "minLength", location) { checks.append(("minLength", .minLength(n))) }
        if let n = try nonNegativeInteger(object, "maxProperties", location) { checks.append(("maxProperties", .maxProperties(n))) }
        if let n = try nonNegativeInteger(object, "minProperties", location) { checks.append(("minProperties", .minProperties(n))) }
        let exclusiveMaximum = try boolean(object, "exclusiveMaximum", location)
        let exclusiveMinimum = try boolean(object, "exclusiveMinimum", location)
        if let n = try number(object, "maximum", location) {
            checks.append(("maximum", .maximum(n, exclusive: exclusiveMaximum, text: FGEText.number(n))))
        } else if object["exclusiveMaximum"] != nil {
            throw error(location, "exclusiveMaximum", "requires \"maximum\"")
        }
        if let n = try number(object, "minimum", location) {
            checks.append(("minimum", .minimum(n, exclusive: exclusiveMinimum, text: FGEText.number(n))))
        } else if object["exclusiveMinimum"] != nil {
            throw error(location, "exclusiveMinimum", "requires \"minimum\"")
        }
        if let n = try number(object, "multipleOf", location) {
            guard n > JSONNumber(Int64(0)) else { throw error(location, "multipleOf", "must be strictly greater than 0, found \(n)") }
            checks.append(("multipleOf", .multipleOf(n, text: FGEText.number(n))))
        }
        if let value = object["pattern"] {
            guard case .string(let source) = value else { throw error(location, "pattern", "expected a string, found \(value.typeName)") }
            checks.append(("pattern", .pattern(try regex(source, location, "pattern"))))
        }
        if let value = object["required"] {
            let names = try stringArray(value, location, "required")
            checks.append(("required", .required(names, message: "")))
        }
        if let value = object["type"] {
            var set = TypeSet()
            let names: [JSONValue]
            switch value {
            case .string: names = [value]
            case .array(let elements) where !elements.isEmpty: names = elements
            default: throw error(location, "type", "expected a type name or a non-empty array of type names")
            }
            for name in names {
                guard case .string(let s) = name, let t = TypeSet.named(s) else {
                    throw error(location, "type", "unknown type \(name): expected array, boolean, integer, null, number, object or string")
                }
                if set.contains(t) { throw error(location, "type", "type \"\(s)\" repeats") }
                set.insert(t)
            }
            checks.append(("type", .type(set)))
        }
        if try boolean(object, "uniqueItems", location) { checks.append(("uniqueItems", .uniqueItems)) }

        // fge runs keyword validators in TreeMap (UTF-16) order, then format.
        checks.sort { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
        node.checks = checks.map(\.1)
        if let value = object["format"] {
            guard case .string(let name) = value else { throw error(location, "format", "expected a string, found \(value.typeName)") }
            if let format = SchemaFormat(rawValue: name) { node.checks.append(.format(format)) }
        }
    }
}
