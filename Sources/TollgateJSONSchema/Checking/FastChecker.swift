import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// The fast path over values: a yes/no answer, stopping at the first failure, with the same
/// answers as ``TapeChecker`` and built the same way: a node's common checks read from its
/// ``ValueSpec`` in a row, a leaf member checked inline, the loop guard entered only through
/// `$ref` or an applicator (the only ways back to the same instance value).
///
/// The instance is read where it lies (`JSONValue.members(at:)`, `elements(at:)`): handing
/// each member to a recursive call as a value would retain and release it, which was a third
/// of the walk's time.
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
    func validAgain(_ instance: UnsafePointer<JSONValue>, _ index: Int) -> Bool {
        guard loops.pointee.enter(index) else { return false }
        defer { loops.pointee.leave() }
        return valid(instance, index)
    }

    /// A member's or element's value, in a loop-guard frame of its own.
    @inline(never)
    func child(_ instance: UnsafePointer<JSONValue>, _ node: Int) -> Bool {
        let saved = loops.pointee.frameStart
        loops.pointee.frameStart = loops.pointee.count
        defer { loops.pointee.frameStart = saved }
        return valid(instance, node)
    }

    @inline(__always)
    func valid(_ instance: UnsafePointer<JSONValue>, _ node: Int) -> Bool {
        let n = p.nodes.base + node
        if n.pointee.ref >= 0 { return validAgain(instance, Int(n.pointee.ref)) }
        if !leafChecks(instance, node, kinds: n.pointee.kinds) { return false }
        let descends = n.pointee.descends
        if descends == 0 { return true }
        if descends & 1 != 0, let members = JSONValue.members(at: instance) {
            return n.pointee.isShallow ? shallowMembers(members, node) : self.members(members, node)
        }
        if descends & 2 != 0, let elements = JSONValue.elements(at: instance) { return self.elements(elements, node) }
        return true
    }

    /// `type` and the node's other checks on the value itself (a leaf's checks, every node's
    /// own), in one switch on the value: `kinds` has a bit per tape kind accepted, the value's
    /// kind being what a tape would record (an `Int64` integer is `integer`, any other number
    /// `number`). (`@_transparent` forces inlining where `@inline(__always)` was not honoured,
    /// as in ``TapeChecker``.)
    @_transparent
    func leafChecks(_ instance: UnsafePointer<JSONValue>, _ node: Int, kinds: UInt8) -> Bool {
        let spec = p.specs.base + node
        let held: Bool
        switch instance.pointee {
        case .string:
            guard kinds & Self.bit(.string) != 0 else { return false }
            var scratch: (UInt64, UInt64) = (0, 0)
            if let bytes = JSONValue.stringBytes(at: instance, scratch: &scratch) {
                held = stringSpecHolds(bytes, spec)
            } else if case .string(let s) = instance.pointee {
                held = Array(s.utf8).withUnsafeBufferPointer { stringSpecHolds($0, spec) }
            } else {
                held = false
            }
        case .number(let n):
            if let value = n.storedInt64 {
                guard kinds & Self.bit(.integer) != 0 else { return false }
                held = spec.pointee.enumCount < 0 && spec.pointee.minimum <= value && value <= spec.pointee.maximum
            } else {
                // A number lexeme is an integer when written without a fraction or exponent (fge).
                guard kinds & Self.bit(.number) != 0 || (p.nodes.base[node].types.contains(.integer) && n.isIntegerLexeme) else { return false }
                // Bounds only when there are any (most number schemas have none).
                held = spec.pointee.enumCount < 0 && (spec.pointee.minimumIndex < 0 && spec.pointee.maximumIndex < 0 || numberBoundsHold(n, spec))
            }
        case .object(let object):
            guard kinds & Self.bit(.object) != 0 else { return false }
            let count = object.count
            held =
                spec.pointee.enumCount < 0 && count >= spec.pointee.minProperties
                && (spec.pointee.maxProperties < 0 || count <= spec.pointee.maxProperties)
        case .array(let elements):
            guard kinds & Self.bit(.array) != 0 else { return false }
            let count = elements.count
            held =
                spec.pointee.enumCount < 0 && count >= spec.pointee.minItems
                && (spec.pointee.maxItems < 0 || count <= spec.pointee.maxItems)
        case .bool(let b):
            guard kinds & Self.bit(b ? .true : .false) != 0 else { return false }
            held = spec.pointee.enumCount < 0
        case .null:
            guard kinds & Self.bit(.null) != 0 else { return false }
            held = spec.pointee.enumCount < 0
        }
        if !held { return false }
        return spec.pointee.restCount == 0 || restHolds(instance, spec)
    }

    @_transparent
    static func bit(_ kind: JSONTape.Kind) -> UInt8 { 1 << kind.rawValue }

    /// A node's checks outside its spec (out of line: rarer, and a big switch).
    @inline(never)
    func restHolds(_ instance: UnsafePointer<JSONValue>, _ spec: UnsafeMutablePointer<ValueSpec>) -> Bool {
        var k = Int(spec.pointee.restStart)
        let end = k + Int(spec.pointee.restCount)
        while k < end {
            if !passes(p.restChecks[k], instance) { return false }
            k += 1
        }
        return true
    }

    /// A string's UTF-8 against the spec's length, `enum` and `pattern`, in a row, as the tape
    /// checker reads them.
    @_transparent
    func stringSpecHolds(_ bytes: UnsafeBufferPointer<UInt8>, _ spec: UnsafeMutablePointer<ValueSpec>) -> Bool {
        let count = bytes.count
        let minLength = Int(spec.pointee.minLength)
        if minLength > 0 && count < 4 * minLength && (count < minLength || codePointCount(bytes) < minLength) { return false }
        let maxLength = Int(spec.pointee.maxLength)
        if maxLength >= 0 && count > maxLength && codePointCount(bytes) > maxLength { return false }
        let enumCount = Int(spec.pointee.enumCount)
        if enumCount >= 0 {
            let start = Int(spec.pointee.enumStart)
            var found = false
            for k in start..<(start + enumCount) where p.string(k, equals: bytes) {
                found = true
                break
            }
            if !found { return false }
        }
        let pattern = Int(spec.pointee.pattern)
        return pattern < 0 || p.regexMatchers.base[pattern].test(utf8: bytes)
    }

    /// A number that is not an `Int64` against the spec's bounds, exactly.
    @inline(never)
    func numberBoundsHold(_ n: JSONNumber, _ spec: UnsafeMutablePointer<ValueSpec>) -> Bool {
        if let d = n.shortDecimalDouble, let held = p.shortBoundsHold(d, spec) { return held }
        let lower = Int(spec.pointee.minimumIndex)
        if lower >= 0 {
            let bound = p.numbers.base[lower]
            if spec.pointee.minimumExclusive ? !(bound < n) : n < bound { return false }
        }
        let upper = Int(spec.pointee.maximumIndex)
        if upper >= 0 {
            let bound = p.numbers.base[upper]
            if spec.pointee.maximumExclusive ? !(n < bound) : bound < n { return false }
        }
        return true
    }

    /// The table slot of member key `key` (the property declared next first, then the hash
    /// table), or nil; a match moves `expected` past it.
    @_transparent
    func match(
        _ key: UnsafePointer<String>,
        _ node: Int,
        expected: inout Int,
        orderedStart: Int,
        orderedEnd: Int
    ) -> UnsafeMutablePointer<PropertySlot>? {
        if expected < orderedEnd {
            if exactlyEqual(p.orderedNames.base[expected], key.pointee) {
                defer { expected &+= 1 }
                return p.ordered.base + expected
            }
        }
        guard orderedEnd > orderedStart else { return nil }
        let slot = p.propertySlot(node, key.pointee)
        guard slot >= 0 else { return nil }
        let entry = p.slots.base + slot
        expected = orderedStart &+ Int(entry.pointee.rank) &+ 1
        return entry
    }

    /// The members of an object against `properties`, `patternProperties`,
    /// `additionalProperties` and `required` of `node`.
    @inline(never)
    func members(_ members: UnsafeBufferPointer<JSONObject.Member>, _ node: Int) -> Bool {
        let n = p.nodes.base + node
        let hasPatterns = n.pointee.patternCount > 0
        let orderedStart = Int(n.pointee.orderedStart)
        let orderedEnd = orderedStart + Int(n.pointee.propertyCount)
        var expected = orderedStart
        var requiredHits = 0
        guard let base = members.baseAddress else { return requiredHold(members, n, hits: 0) }
        for i in members.indices {
            let key = UnsafePointer(base + i).pointer(to: \.key)!
            let value = UnsafePointer(base + i).pointer(to: \.value)!
            if let found = match(key, node, expected: &expected, orderedStart: orderedStart, orderedEnd: orderedEnd) {
                let entry = found.pointee
                if entry.required { requiredHits &+= 1 }
                switch entry.leaf {
                case .trivial: break
                case .checks: if !leafChecks(value, Int(entry.target), kinds: entry.kinds) { return false }
                case .no: if !child(value, Int(entry.target)) { return false }
                case .object, .flatObject: if !plainObject(value, Int(entry.target), kinds: entry.kinds) { return false }
                }
                if hasPatterns && !otherSchemas(key, value, node, matched: true) { return false }
            } else if !otherSchemas(key, value, node, matched: false) {
                return false
            }
        }
        return requiredHold(members, n, hits: requiredHits)
    }

    /// ``members(_:_:)`` for a shallow node (``FastNode/isShallow``): nothing here recurses.
    @inline(never)
    func shallowMembers(_ members: UnsafeBufferPointer<JSONObject.Member>, _ node: Int) -> Bool {
        let n = p.nodes.base + node
        let orderedStart = Int(n.pointee.orderedStart)
        let orderedEnd = orderedStart + Int(n.pointee.propertyCount)
        var expected = orderedStart
        var requiredHits = 0
        guard let base = members.baseAddress else { return requiredHold(members, n, hits: 0) }
        for i in members.indices {
            let key = UnsafePointer(base + i).pointer(to: \.key)!
            if let found = match(key, node, expected: &expected, orderedStart: orderedStart, orderedEnd: orderedEnd) {
                let entry = found.pointee
                if entry.required { requiredHits &+= 1 }
                let value = UnsafePointer(base + i).pointer(to: \.value)!
                switch entry.leaf {
                case .checks:
                    if !leafChecks(value, Int(entry.target), kinds: entry.kinds) { return false }
                case .flatObject:
                    if !leafChecks(value, Int(entry.target), kinds: entry.kinds) { return false }
                    if let inner = JSONValue.members(at: value), !shallowMembers(inner, Int(entry.target)) { return false }
                default:
                    break
                }
            } else if n.pointee.forbidsAdditional {
                return false
            }
        }
        return requiredHold(members, n, hits: requiredHits)
    }

    /// `required` after the member loop: `hits` required properties met, and the required
    /// names outside the property table present.
    @_transparent
    func requiredHold(_ members: UnsafeBufferPointer<JSONObject.Member>, _ n: UnsafeMutablePointer<FastNode>, hits: Int) -> Bool {
        if hits != Int(n.pointee.requiredInTable) { return false }
        let otherStart = Int(n.pointee.requiredOtherStart)
        for k in otherStart..<(otherStart + Int(n.pointee.requiredOtherCount)) where !Self.hasMember(members, p.strings.base[k]) { return false }
        return true
    }

    /// A member's value against the node's `patternProperties` that match its key, and, when
    /// neither `properties` (`matched`) nor a pattern matched it, `additionalProperties`.
    @inline(never)
    func otherSchemas(_ key: UnsafePointer<String>, _ value: UnsafePointer<JSONValue>, _ node: Int, matched: Bool) -> Bool {
        let n = p.nodes.base + node
        var matched = matched
        let patternCount = Int(n.pointee.patternCount)
        if patternCount > 0 {
            let first = Int(n.pointee.patternStart)
            for k in first..<(first + patternCount) where p.patternMatchers.base[k].test(key.pointee) {
                matched = true
                if !child(value, p.patterns.base[k].node) { return false }
            }
        }
        if matched { return true }
        if n.pointee.forbidsAdditional { return false }
        let additional = Int(n.pointee.additionalProperties)
        return additional < 0 || child(value, additional)
    }

    /// A value against a plain object node (``FastNode/isPlainObject``): its checks, then, for
    /// an object, its members, with no loop-guard frame (nothing in the node enters the guard).
    @_transparent
    func plainObject(_ instance: UnsafePointer<JSONValue>, _ node: Int, kinds: UInt8) -> Bool {
        guard leafChecks(instance, node, kinds: kinds) else { return false }
        guard let members = JSONValue.members(at: instance) else { return true }
        return p.nodes.base[node].isShallow ? shallowMembers(members, node) : self.members(members, node)
    }

    /// The elements of an array against `items` and `additionalItems` of `node`.
    @inline(never)
    func elements(_ elements: UnsafeBufferPointer<JSONValue>, _ node: Int) -> Bool {
        guard let base = elements.baseAddress else { return true }
        let all = p.items.base[node]
        if all >= 0 {
            // One schema for every element (`items` as a schema): its kind looked up once.
            let n = p.nodes.base + all
            let kinds = n.pointee.kinds
            if n.pointee.isLeaf {
                for i in elements.indices where !leafChecks(base + i, all, kinds: kinds) { return false }
            } else if n.pointee.isPlainObject {
                for i in elements.indices where !plainObject(base + i, all, kinds: kinds) { return false }
            } else {
                for i in elements.indices where !child(base + i, all) { return false }
            }
            return true
        }
        for i in elements.indices {
            let schema = p.elementSchema(node, i)
            if schema < 0 { break }
            let n = p.nodes.base + schema
            if n.pointee.isLeaf {
                if !leafChecks(base + i, schema, kinds: n.pointee.kinds) { return false }
            } else if n.pointee.isPlainObject {
                if !plainObject(base + i, schema, kinds: n.pointee.kinds) { return false }
            } else if !child(base + i, schema) {
                return false
            }
        }
        return true
    }

    @inline(__always)
    static func hasMember(_ members: UnsafeBufferPointer<JSONObject.Member>, _ name: String) -> Bool {
        for i in members.indices where exactlyEqual(members[i].key, name) { return true }
        return false
    }

    /// A check outside the spec (`passes` for the tape is ``TapeChecker/passes(_:_:)``).
    func passes(_ check: SchemaNode.FastCheck, _ pointer: UnsafePointer<JSONValue>) -> Bool {
        let instance = pointer.pointee
        switch check {
        case .type(let set): return set.accepts(TypeSet.of(instance))
        case .stringEnumeration(let start, let count):
            guard case .string(let s) = instance else { return false }
            for k in start..<(start + count) where exactlyEqual(p.strings.base[k], s) { return true }
            return false
        case .enumeration(let i): return p.valueSets.base[i].contains(instance)
        case .required, .additionalPropertiesForbidden:
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
        case .dependencies(let i):
            guard let o = JSONValue.members(at: pointer) else { return true }
            let table = p.dependencyTables.base[i]
            for (name, required) in table.properties where Self.hasMember(o, name) && !required.allSatisfy({ Self.hasMember(o, $0) }) { return false }
            for (name, schema) in table.schemas where Self.hasMember(o, name) && !validAgain(pointer, schema) { return false }
            return true
        case .allOf, .anyOf, .oneOf, .not:
            let ints = p.ints
            return check.combine(ints) { validAgain(pointer, $0) } ?? true
        }
    }
}
