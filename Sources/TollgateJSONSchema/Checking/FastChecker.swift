import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

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
