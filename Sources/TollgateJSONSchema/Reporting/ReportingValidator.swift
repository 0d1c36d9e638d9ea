import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// The reporting path: every error fge reports, with its message, in fge's order.
struct ReportingValidator {
    let nodes: [SchemaNode]
    let deep: Bool
    var loops: LoopGuard

    init(nodes: [SchemaNode], deep: Bool, loops: LoopGuard) {
        self.nodes = nodes
        self.deep = deep
        self.loops = loops
    }

    mutating func validate(_ instance: JSONValue, _ index: Int, pointer: JSONPointer, into report: inout [ValidationError]) {
        let node = nodes[index]
        guard loops.enter(index) else {
            report.append(
                ValidationError(
                    instancePointer: pointer,
                    schemaLocation: node.location,
                    keyword: "$ref",
                    message:
                        "validation loop: schema \"\(node.location.pointer.uriFragment)\" visited twice for pointer \"\(pointer)\" of validated instance"
                )
            )
            return
        }
        defer { loops.leave() }
        if let ref = node.ref {
            validate(instance, ref, pointer: pointer, into: &report)
            return
        }
        for check in node.checks {
            run(check, instance, node, pointer: pointer, into: &report)
        }
        // fge: children are visited only while the report is clean (unless deepCheck).
        guard report.isEmpty || deep else { return }
        switch instance {
        case .object(let object) where node.descendsIntoObjects:
            for name in javaSorted(object.keys) {
                let value = object[name]!
                let childPointer = pointer.appending(name)
                node.memberSchemas(name) { schema in
                    let saved = loops.frameStart
                    loops.frameStart = loops.count
                    validate(value, schema, pointer: childPointer, into: &report)
                    loops.frameStart = saved
                }
            }
        case .array(let elements) where node.descendsIntoArrays:
            for (i, element) in elements.enumerated() {
                guard let schema = node.elementSchema(i) else { break }
                let saved = loops.frameStart
                loops.frameStart = loops.count
                validate(element, schema, pointer: pointer.appending(index: i), into: &report)
                loops.frameStart = saved
            }
        default: break
        }
    }

    /// Validates against `index` into a fresh report (allOf/anyOf/oneOf/not); `true` when clean.
    mutating func succeeds(_ instance: JSONValue, _ index: Int, pointer: JSONPointer) -> Bool {
        var sub: [ValidationError] = []
        validate(instance, index, pointer: pointer, into: &sub)
        return sub.isEmpty
    }

    mutating func run(
        _ check: SchemaNode.Check,
        _ instance: JSONValue,
        _ node: SchemaNode,
        pointer: JSONPointer,
        into report: inout [ValidationError]
    ) {
        func fail(_ keyword: String, _ message: String) {
            report.append(ValidationError(instancePointer: pointer, schemaLocation: node.location, keyword: keyword, message: message))
        }
        switch (check, instance) {
        case (.type(let set), _):
            let found = TypeSet.of(instance)
            if !set.accepts(found) { fail("type", FGEText.typeNoMatch(found: TypeSet.name(of: instance), allowed: set)) }
        case (.enumeration(let values, let text), _):
            if !values.contains(instance) { fail("enum", "instance value (\(FGEText.json(instance))) not found in enum (possible values: \(text))") }
        case (.stringEnumeration(let values, let text), _):
            if !values.contains(where: { instance == .string($0) }) {
                fail("enum", "instance value (\(FGEText.json(instance))) not found in enum (possible values: \(text))")
            }
        case (.required(let names, _), .object(let o)):
            let missing = names.filter { o[$0] == nil }
            if !missing.isEmpty { fail("required", "object has missing required properties (\(FGEText.stringArray(missing)))") }
        case (.minimum(let limit, let exclusive, let text), .number(let n)):
            if n < limit {
                fail("minimum", "numeric instance is lower than the required minimum (minimum: \(text), found: \(FGEText.number(n)))")
            } else if exclusive && n == limit {
                fail("minimum", "numeric instance is not strictly greater than the required minimum \(text)")
            }
        case (.maximum(let limit, let exclusive, let text), .number(let n)):
            if limit < n {
                fail("maximum", "numeric instance is greater than the required maximum (maximum: \(text), found: \(FGEText.number(n)))")
            } else if exclusive && n == limit {
                fail("maximum", "numeric instance is not strictly lower than the required maximum \(text)")
            }
        case (.multipleOf(let d, let text), .number(let n)):
            if !DecimalArithmetic.isMultiple(n, of: d) { fail("multipleOf", "remainder of division is not zero (\(FGEText.number(n)) / \(text))") }
        case (.minLength(let l), .string(let s)):
            let count = codePointCount(s)
            if count < l { fail("minLength", "string \"\(s)\" is too short (length: \(count), required minimum: \(l))") }
        case (.maxLength(let l), .string(let s)):
            let count = codePointCount(s)
            if count > l { fail("maxLength", "string \"\(s)\" is too long (length: \(count), maximum allowed: \(l))") }
        case (.pattern(let regex), .string(let s)):
            if !regex.test(s) { fail("pattern", "ECMA 262 regex \"\(regex.source)\" does not match input string \"\(s)\"") }
        case (.format(let format), .string(let s)):
            if !format.accepts(s) { fail("format", format.message(s)) }
        case (.minItems(let l), .array(let a)):
            if a.count < l { fail("minItems", "array is too short: must have at least \(l) elements but instance has \(a.count) elements") }
        case (.maxItems(let l), .array(let a)):
            if a.count > l { fail("maxItems", "array is too long: must have at most \(l) elements but instance has \(a.count) elements") }
        case (.uniqueItems, .array(let a)):
            if Set(a).count != a.count { fail("uniqueItems", "array must not contain duplicate elements") }
        case (.additionalItemsForbidden(let count), .array(let a)):
            if a.count > count { fail("additionalItems", "schema only allows \(count) elements in array but instance has \(a.count) elements") }
        case (.minProperties(let l), .object(let o)):
            if o.count < l { fail("minProperties", "object has too few properties (found \(o.count) but schema requires at least \(l))") }
        case (.maxProperties(let l), .object(let o)):
            if o.count > l { fail("maxProperties", "object has too many properties (found \(o.count) but schema requires at most \(l))") }
        case (.additionalPropertiesForbidden, .object(let o)):
            let unwanted = node.unwantedMembers(o)
            if !unwanted.isEmpty {
                fail(
                    "additionalProperties",
                    "object instance has properties which are not allowed by the schema: \(FGEText.stringArray(javaSorted(unwanted)))"
                )
            }
        case (.dependencies(let properties, let schemas), .object(let o)):
            for (name, required) in properties.sorted(by: { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }) where o[name] != nil {
                let missing = required.filter { o[$0] == nil }
                if !missing.isEmpty {
                    fail(
                        "dependencies",
                        "property \"\(name)\" of object has missing property dependencies (schema requires \(FGEText.stringArray(required)); missing: \(FGEText.stringArray(missing)))"
                    )
                }
            }
            for (name, schema) in schemas.sorted(by: { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }) where o[name] != nil {
                validate(instance, schema, pointer: pointer, into: &report)
            }
        case (.allOf(let schemas), _):
            let matched = schemas.filter { succeeds(instance, $0, pointer: pointer) }.count
            if matched != schemas.count {
                fail("allOf", "instance failed to match all required schemas (matched only \(matched) out of \(schemas.count))")
            }
        case (.anyOf(let schemas), _):
            if !schemas.contains(where: { succeeds(instance, $0, pointer: pointer) }) {
                fail("anyOf", "instance failed to match at least one required schema among \(schemas.count)")
            }
        case (.oneOf(let schemas), _):
            let matched = schemas.filter { succeeds(instance, $0, pointer: pointer) }.count
            if matched != 1 { fail("oneOf", "instance failed to match exactly one schema (matched \(matched) out of \(schemas.count))") }
        case (.not(let schema), _):
            if succeeds(instance, schema, pointer: pointer) { fail("not", "instance matched a schema which it should not have") }
        default:
            break
        }
    }
}
