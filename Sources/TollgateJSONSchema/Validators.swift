import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// Schema nodes entered for the instance value being checked, to stop `$ref` and applicator
/// loops that never move into the instance (fge: "validation loop"). Starts in memory the
/// caller lends (the call stack) and moves to the heap only if it outgrows it.
struct LoopGuard {
    var visiting: UnsafeMutablePointer<Int>
    var capacity: Int
    var count = 0
    var owned = false
    var frameStart = 0

    init(borrowing memory: UnsafeMutablePointer<Int>, capacity: Int) {
        visiting = memory
        self.capacity = capacity
    }

    /// Enters `node` for the current instance value; `false` when it is already being checked there.
    @inline(__always)
    mutating func enter(_ node: Int) -> Bool {
        var i = frameStart
        while i < count {
            if visiting[i] == node { return false }
            i += 1
        }
        if count == capacity { grow() }
        visiting[count] = node
        count += 1
        return true
    }

    mutating func grow() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
        bigger.update(from: visiting, count: count)
        if owned { visiting.deallocate() }
        visiting = bigger
        capacity *= 2
        owned = true
    }

    @inline(__always)
    mutating func leave() { count -= 1 }

    func release() {
        if owned { visiting.deallocate() }
    }

    /// Runs `body` with a guard on the call stack.
    static func withGuard<R>(_ body: (inout LoopGuard) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { buffer in
            var loops = LoopGuard(borrowing: buffer.baseAddress!, capacity: 64)
            defer { loops.release() }
            return body(&loops)
        }
    }
}

/// Member names in Java's natural `String` order (UTF-16 code units), as fge visits them.
func javaSorted(_ names: some Sequence<String>) -> [String] {
    names.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
}

extension SchemaNode {
    /// The schemas an object member named `name` is validated against (fge's order:
    /// `properties`, matching `patternProperties`, else `additionalProperties`).
    @inline(__always)
    func memberSchemas(_ name: String, _ body: (Int) -> Void) {
        var matched = false
        if let p = propertyTable.node(for: name) {
            matched = true
            body(p)
        }
        for (regex, node) in patternProperties where regex.test(name) {
            matched = true
            body(node)
        }
        if !matched, case .schema(let a) = additionalProperties { body(a) }
    }

    /// The schema for array element `index`, if any.
    @inline(__always)
    func elementSchema(_ index: Int) -> Int? {
        switch items {
        case .none: return nil
        case .all(let s): return s
        case .tuple(let t):
            if index < t.count { return t[index] }
            if case .schema(let a) = additionalItems { return a }
            return nil
        }
    }

    /// Member names the schema does not allow when `additionalProperties` is false.
    func unwantedMembers(_ object: JSONObject) -> [String] {
        var unwanted: [String] = []
        for (name, _) in object where propertyTable.node(for: name) == nil && !patternProperties.contains(where: { $0.regex.test(name) }) {
            unwanted.append(name)
        }
        return unwanted
    }
}

/// `minLength`/`maxLength` count code points, as fge does.
@inline(__always)
func codePointCount(_ s: String) -> Int {
    s.unicodeScalars.count
}

/// The fast path: a yes/no answer, stopping at the first failure. Reads the schema through
/// ``FastProgram``'s flat tables (no reference counting on schema data); the loop guard only
/// records nodes entered through `$ref` or an applicator (the only ways back to the same
/// instance value).
struct FastChecker {
    let tables: UnsafePointer<FastTables>
    /// Behind a pointer so that the checker is immutable and its methods borrow it (see ``TapeChecker``).
    let loops: UnsafeMutablePointer<LoopGuard>

    /// The tables, borrowed in place.
    var p: FastTables {
        _read { yield tables.pointee }
    }

    init(program: FastProgram, loops: UnsafeMutablePointer<LoopGuard>) {
        tables = UnsafePointer(program.tables)
        self.loops = loops
    }

    /// Checks `instance` against node `index` entered through a `$ref` or an applicator.
    func validAgain(_ instance: JSONValue, _ index: Int) -> Bool {
        guard loops.pointee.enter(index) else { return false }
        defer { loops.pointee.leave() }
        return valid(instance, index)
    }

    func valid(_ instance: JSONValue, _ index: Int) -> Bool {
        let ref = p.ref[index]
        if ref >= 0 { return validAgain(instance, ref) }
        let type = p.types[index]
        if type != .all && !type.accepts(TypeSet.of(instance)) { return false }
        let start = p.checkStart[index]
        let end = start + p.checkCount[index]
        var k = start
        while k < end {
            if !passes(p.checks[k], instance) { return false }
            k += 1
        }
        let descends = p.descends[index]
        if descends == 0 { return true }
        switch instance {
        case .object(let object) where descends & 1 != 0:
            // One pass over the members: property schemas, `required` hits, disallowed members.
            let forbids = p.forbidsAdditional[index]
            var requiredHits = 0
            let node = p.nodes.base + index
            let orderedStart = Int(node.pointee.orderedStart)
            let orderedEnd = orderedStart + Int(node.pointee.propertyCount)
            var expected = orderedStart
            let hasProperties = orderedEnd > orderedStart
            let allMembersValid = object.withMembers { members in
                for i in members.indices {
                    let name = members[i].key
                    var matched = false
                    // The property the schema declares next first (instances tend to follow
                    // that order), then the hash table.
                    var slot = -1
                    if expected < orderedEnd {
                        let next = p.orderedSlots.base[expected]
                        if exactlyEqual(p.tableNames.base[next], name) { slot = next }
                    }
                    if slot < 0 && hasProperties { slot = p.propertySlot(index, name) }
                    if slot >= 0 {
                        let entry = p.slots.base[slot]
                        expected = orderedStart + Int(entry.rank) + 1
                        matched = true
                        if entry.required { requiredHits += 1 }
                        if entry.leaf != .trivial && !childValid(members[i].value, Int(entry.target)) { return false }
                    }
                    let count = p.patternCount[index]
                    if count > 0 {
                        let start = p.patternStart[index]
                        for k in start..<(start + count) where p.patternMatchers.base[k].test(name) {
                            matched = true
                            if !childValid(members[i].value, p.patterns.base[k].node) { return false }
                        }
                    }
                    if !matched {
                        if forbids { return false }
                        let additional = p.additionalProperties[index]
                        if additional >= 0 && !childValid(members[i].value, additional) { return false }
                    }
                }
                return true
            }
            if !allMembersValid || requiredHits != p.requiredInTable[index] { return false }
            let otherStart = p.requiredOtherStart[index]
            for k in otherStart..<(otherStart + p.requiredOtherCount[index]) where !Self.hasMember(object, p.strings.base[k]) { return false }
            return true
        case .array(let elements) where descends & 2 != 0:
            return elements.withUnsafeBufferPointer { elements in
                for i in elements.indices {
                    let schema = p.elementSchema(index, i)
                    if schema < 0 { break }
                    if !childValid(elements[i], schema) { return false }
                }
                return true
            }
        default:
            return true
        }
    }

    /// A child instance value starts a new loop-guard frame.
    @inline(__always)
    func childValid(_ instance: JSONValue, _ index: Int) -> Bool {
        let saved = loops.pointee.frameStart
        loops.pointee.frameStart = loops.pointee.count
        defer { loops.pointee.frameStart = saved }
        return valid(instance, index)
    }

    @inline(__always)
    static func hasMember(_ object: JSONObject, _ name: String) -> Bool {
        object.withMembers { members in
            for i in members.indices where exactlyEqual(members[i].key, name) { return true }
            return false
        }
    }

    func passes(_ check: SchemaNode.FastCheck, _ instance: JSONValue) -> Bool {
        switch check {
        case .type(let set): return set.accepts(TypeSet.of(instance))
        case .stringEnumeration(let start, let count):
            guard case .string(let s) = instance else { return false }
            for k in start..<(start + count) where exactlyEqual(p.strings.base[k], s) { return true }
            return false
        case .enumeration(let i): return p.valueSets.base[i].contains(instance)
        case .required:
            return true  // checked in the member pass
        case .minimum(let i, let exclusive):
            guard case .number(let n) = instance else { return true }
            return exclusive ? p.numbers.base[i] < n : !(n < p.numbers.base[i])
        case .maximum(let i, let exclusive):
            guard case .number(let n) = instance else { return true }
            return exclusive ? n < p.numbers.base[i] : !(p.numbers.base[i] < n)
        case .multipleOf(let i):
            guard case .number(let n) = instance else { return true }
            return DecimalArithmetic.isMultiple(n, of: p.numbers.base[i])
        case .minLength(let l):
            guard case .string(let s) = instance else { return true }
            let bytes = s.utf8.count
            // A code point takes at most four bytes: enough bytes settle it without counting.
            return bytes >= 4 * l || (bytes >= l && codePointCount(s) >= l)
        case .maxLength(let l):
            guard case .string(let s) = instance else { return true }
            return s.utf8.count <= l || codePointCount(s) <= l
        case .pattern(let i):
            guard case .string(let s) = instance else { return true }
            return p.regexMatchers.base[i].test(s)
        case .format(let format):
            guard case .string(let s) = instance else { return true }
            return format.accepts(s)
        case .minItems(let l):
            guard case .array(let a) = instance else { return true }
            return a.count >= l
        case .maxItems(let l):
            guard case .array(let a) = instance else { return true }
            return a.count <= l
        case .uniqueItems:
            guard case .array(let a) = instance else { return true }
            // Short arrays pairwise (the same equality a set uses, without hashing every element).
            if a.count <= 16 {
                for x in a.indices { for y in a.indices where y > x && a[x] == a[y] { return false } }
                return true
            }
            return Set(a).count == a.count
        case .additionalItemsForbidden(let count):
            guard case .array(let a) = instance else { return true }
            return a.count <= count
        case .minProperties(let l):
            guard case .object(let o) = instance else { return true }
            return o.count >= l
        case .maxProperties(let l):
            guard case .object(let o) = instance else { return true }
            return o.count <= l
        case .additionalPropertiesForbidden:
            return true  // checked in the member pass
        case .dependencies(let i):
            guard case .object(let o) = instance else { return true }
            let table = p.dependencyTables.base[i]
            for (name, required) in table.properties where Self.hasMember(o, name) && !required.allSatisfy({ Self.hasMember(o, $0) }) { return false }
            for (name, schema) in table.schemas where Self.hasMember(o, name) && !validAgain(instance, schema) { return false }
            return true
        case .allOf, .anyOf, .oneOf, .not:
            let ints = p.ints
            return check.combine(ints) { validAgain(instance, $0) } ?? true
        }
    }
}

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
