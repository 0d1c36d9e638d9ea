import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

// One file on purpose, over 400 lines: with its value readers in an extension file of their own the
// tape path measured slower on the JSON Schema anchor workloads (`tollgate bench validate --tape`).
/// The fast path over a ``JSONTape``: the same answers as ``FastChecker``, reading the instance
/// as words and bytes, so validation itself touches no reference count. Checks that need a whole
/// value (`enum` of non-strings, `uniqueItems`) rebuild it from the tape.
struct TapeChecker {
    let tables: UnsafePointer<FastTables>
    let w: UnsafeBufferPointer<UInt64>
    let a: UnsafeBufferPointer<UInt8>
    /// The `$ref` loop guard, behind a pointer so that the checker itself is immutable: its
    /// methods then borrow it instead of copying it around every call.
    let loops: UnsafeMutablePointer<LoopGuard>

    /// The tables, borrowed in place.
    var p: FastTables {
        _read { yield tables.pointee }
    }

    @inline(__always)
    func bytes(_ word: UInt64) -> UnsafeBufferPointer<UInt8> {
        let (offset, count) = JSONTape.bytes(word)
        return UnsafeBufferPointer(start: a.baseAddress.map { $0 + offset }, count: count)
    }

    /// `node` again for the same value (a `$ref`, a combinator): a loop is no match.
    func validAgain(_ i: Int, _ node: Int) -> Bool {
        guard loops.pointee.enter(node) else { return false }
        defer { loops.pointee.leave() }
        return valid(i, node)
    }

    /// A member's or element's value, in a loop-guard frame of its own.
    @inline(never)
    func child(_ i: Int, _ node: Int) -> Bool {
        let saved = loops.pointee.frameStart
        loops.pointee.frameStart = loops.pointee.count
        defer { loops.pointee.frameStart = saved }
        return valid(i, node)
    }

    /// `true` when the value at `i` is valid against `node`. Members and elements are visited
    /// out of line (``members(_:_:)``, ``elements(_:_:)``); there, a leaf member (a type and a
    /// few checks, the most common node) is checked inline, without a call of its own.
    /// (`@_transparent` below forces inlining where `@inline(__always)` was not honoured,
    /// inside this recursive set of functions.)
    @inline(__always)
    func valid(_ i: Int, _ node: Int) -> Bool {
        let n = p.nodes.base + node
        if n.pointee.ref >= 0 { return validAgain(i, Int(n.pointee.ref)) }
        let word = w[i]
        if !ownChecks(i, word, node) { return false }
        let descends = n.pointee.descends
        if descends == 0 { return true }
        switch JSONTape.kind(word) {
        case .object where descends & 1 != 0: return n.pointee.isShallow ? shallowMembers(i, node) : members(i, node)
        case .array where descends & 2 != 0: return elements(i, node)
        default: return true
        }
    }

    /// `type`, from the node's mask of accepted tape kinds; a number lexeme where only
    /// integers are accepted is looked at.
    @_transparent
    func typeAccepted(_ word: UInt64, kinds: UInt8, _ node: Int) -> Bool {
        let kind = JSONTape.kind(word)
        if kinds & (1 << kind.rawValue) != 0 { return true }
        return kind == .number && p.nodes.base[node].types.contains(.integer) && numberType(word) == .integer
    }

    /// `type` and the node's other checks on the value itself.
    @inline(__always)
    func ownChecks(_ i: Int, _ word: UInt64, _ node: Int) -> Bool {
        let spec = p.specs.base + node
        if !typeAccepted(word, kinds: p.nodes.base[node].kinds, node) || !specHolds(i, word, spec) { return false }
        return spec.pointee.restCount == 0 || restHolds(i, spec)
    }

    /// The checks of a leaf node, all inline (a leaf has no check that recurses).
    @_transparent
    func leafChecks(_ i: Int, _ node: Int, kinds: UInt8) -> Bool {
        let word = w[i]
        let spec = p.specs.base + node
        if !typeAccepted(word, kinds: kinds, node) || !specHolds(i, word, spec) { return false }
        return spec.pointee.restCount == 0 || restHolds(i, spec)
    }

    /// A node's checks outside its spec (out of line: rarer, and a big switch).
    @inline(never)
    func restHolds(_ i: Int, _ spec: UnsafeMutablePointer<ValueSpec>) -> Bool {
        var k = Int(spec.pointee.restStart)
        let end = k + Int(spec.pointee.restCount)
        while k < end {
            if !passes(p.restChecks[k], i) { return false }
            k += 1
        }
        return true
    }

    /// The checks in a node's ``ValueSpec``, in a row.
    @_transparent
    func specHolds(_ i: Int, _ word: UInt64, _ spec: UnsafeMutablePointer<ValueSpec>) -> Bool {
        switch JSONTape.kind(word) {
        case .string:
            let count = JSONTape.bytes(word).count
            let minLength = Int(spec.pointee.minLength)
            if minLength > 0 && count < 4 * minLength && (count < minLength || codePoints(word) < minLength) { return false }
            let maxLength = Int(spec.pointee.maxLength)
            if maxLength >= 0 && count > maxLength && codePoints(word) > maxLength { return false }
            let enumCount = Int(spec.pointee.enumCount)
            if enumCount >= 0 && !stringEnumHolds(word, start: Int(spec.pointee.enumStart), count: enumCount) { return false }
            let pattern = Int(spec.pointee.pattern)
            return pattern < 0 || p.regexMatchers.base[pattern].test(utf8: bytes(word))
        case .integer:
            if spec.pointee.enumCount >= 0 { return false }
            let n = Int64(bitPattern: w[i + 1])
            return spec.pointee.minimum <= n && n <= spec.pointee.maximum
        case .number:
            if spec.pointee.enumCount >= 0 { return false }
            // Bounds only when there are any: reading the lexeme as a number is the cost.
            return spec.pointee.minimumIndex < 0 && spec.pointee.maximumIndex < 0 || numberBoundsHold(i, spec)
        case .array:
            let count = Int(w[i + 1])
            return spec.pointee.enumCount < 0 && count >= spec.pointee.minItems
                && (spec.pointee.maxItems < 0 || count <= spec.pointee.maxItems)
        case .object:
            let count = Int(w[i + 1])
            return spec.pointee.enumCount < 0 && count >= spec.pointee.minProperties
                && (spec.pointee.maxProperties < 0 || count <= spec.pointee.maxProperties)
        default:
            return spec.pointee.enumCount < 0
        }
    }

    /// A string `enum`: the value is one of schema strings `start..<start + count`. A value of
    /// up to 8 bytes is compared as one word with each string's first 8 bytes (and length).
    @_transparent
    func stringEnumHolds(_ word: UInt64, start: Int, count: Int) -> Bool {
        let (offset, length) = JSONTape.bytes(word)
        if length <= 8 && offset + 8 <= a.count, let base = a.baseAddress {
            let mask: UInt64 = length == 8 ? ~0 : (1 << UInt64(length &* 8)) &- 1
            let text = unalignedWord(base + offset) & mask
            for k in start..<(start + count) where p.stringLength.base[k] == length && p.stringPrefix.base[k] == text { return true }
            return false
        }
        let text = bytes(word)
        for k in start..<(start + count) where p.string(k, equals: text) { return true }
        return false
    }

    /// A number lexeme against the spec's bounds, exactly.
    @inline(never)
    func numberBoundsHold(_ i: Int, _ spec: UnsafeMutablePointer<ValueSpec>) -> Bool {
        // A short decimal compares as a double, without making a number of the lexeme.
        if let d = shortDouble(i), let held = p.shortBoundsHold(d, spec) { return held }
        let lower = Int(spec.pointee.minimumIndex)
        let upper = Int(spec.pointee.maximumIndex)
        guard let n = number(i) else { return true }
        if lower >= 0 {
            let bound = p.numbers.base[lower]
            if spec.pointee.minimumExclusive ? !(bound < n) : n < bound { return false }
        }
        if upper >= 0 {
            let bound = p.numbers.base[upper]
            if spec.pointee.maximumExclusive ? !(n < bound) : bound < n { return false }
        }
        return true
    }

    /// `true` when the member key in `word` is the property in `entry`: the length, then the
    /// first 16 bytes as two words (most names are that short), else every byte.
    @_transparent
    func keyEquals(_ word: UInt64, _ entry: PropertySlot) -> Bool {
        let (offset, count) = JSONTape.bytes(word)
        guard count == Int(entry.length) else { return false }
        guard let base = a.baseAddress else { return count == 0 }
        if count <= 16 && offset + 16 <= a.count {
            let text = UnsafeRawPointer(base + offset)
            return unalignedWord(text) & entry.lowMask == entry.prefix
                && unalignedWord(text + 8) & entry.highMask == entry.suffix
        }
        return bytesEqual(p.nameBytes.base + Int(entry.offset), base + offset, count)
    }

    /// The members of the object at `i` against `properties`, `patternProperties`,
    /// `additionalProperties` and `required` of node `n`. The property expected next in the
    /// schema's order is tried before the hash table.
    @inline(never)
    func members(_ i: Int, _ node: Int) -> Bool {
        let n = p.nodes.base + node
        let hasPatterns = n.pointee.patternCount > 0
        var walk = MemberWalk(self, i, n)
        while walk.j < walk.stop {
            let keyWord = w[walk.j]
            let value = walk.j + 1
            if let found = walk.match(self, keyWord, node) {
                let entry = found.pointee
                // A leaf inline, anything else in a frame of its own (written out here: the
                // compiler does not inline a function that is on a recursive cycle).
                switch entry.leaf {
                case .trivial: break
                case .checks: if !leafChecks(value, Int(entry.target), kinds: entry.kinds) { return false }
                case .no: if !child(value, Int(entry.target)) { return false }
                case .object: if !plainObject(value, Int(entry.target), kinds: entry.kinds) { return false }
                case .flatObject:
                    if !leafChecks(value, Int(entry.target), kinds: entry.kinds) { return false }
                    if JSONTape.kind(w[value]) == .object && !flatMembers(value, Int(entry.target)) { return false }
                }
                if hasPatterns && !otherSchemas(keyWord, value, node, matched: true) { return false }
            } else if !otherSchemas(keyWord, value, node, matched: false) {
                return false
            }
            walk.j = JSONTape.next(w, after: value)
        }
        return requiredHold(i, n, hits: walk.requiredHits)
    }

    /// ``members(_:_:)`` for a node whose members are leaves or flat objects and that has no
    /// schema for other members (``FastNode/isShallow``): nothing here recurses, which leaves the
    /// compiler registers for the loop.
    @inline(never)
    func shallowMembers(_ i: Int, _ node: Int) -> Bool {
        let n = p.nodes.base + node
        var walk = MemberWalk(self, i, n)
        while walk.j < walk.stop {
            let value = walk.j + 1
            if let found = walk.match(self, w[walk.j], node) {
                let entry = found.pointee
                switch entry.leaf {
                case .checks:
                    if !leafChecks(value, Int(entry.target), kinds: entry.kinds) { return false }
                case .flatObject:
                    if !leafChecks(value, Int(entry.target), kinds: entry.kinds) { return false }
                    if JSONTape.kind(w[value]) == .object && !flatMembers(value, Int(entry.target)) { return false }
                default:
                    break
                }
            } else if n.pointee.forbidsAdditional {
                return false
            }
            walk.j = JSONTape.next(w, after: value)
        }
        return requiredHold(i, n, hits: walk.requiredHits)
    }

    /// ``members(_:_:)`` for a node whose members are all leaves and that has no schema for
    /// other members (``PropertySlot/Leaf/flatObject``): nothing here recurses, so it is inlined
    /// into the member loop that meets it.
    @_transparent
    func flatMembers(_ i: Int, _ node: Int) -> Bool {
        let n = p.nodes.base + node
        var walk = MemberWalk(self, i, n)
        while walk.j < walk.stop {
            if let found = walk.match(self, w[walk.j], node) {
                let entry = found.pointee
                if entry.leaf == .checks && !leafChecks(walk.j + 1, Int(entry.target), kinds: entry.kinds) { return false }
            } else if n.pointee.forbidsAdditional {
                return false
            }
            walk.j = JSONTape.next(w, after: walk.j + 1)
        }
        return requiredHold(i, n, hits: walk.requiredHits)
    }

    /// `required` after the member loop: `hits` required properties met, and the required
    /// names outside the property table present.
    @_transparent
    func requiredHold(_ i: Int, _ n: UnsafeMutablePointer<FastNode>, hits: Int) -> Bool {
        if hits != Int(n.pointee.requiredInTable) { return false }
        let otherStart = Int(n.pointee.requiredOtherStart)
        for k in otherStart..<(otherStart + Int(n.pointee.requiredOtherCount)) where !hasMember(i, stringIndex: k) { return false }
        return true
    }

    /// A member's value against the node's `patternProperties` that match its key, and, when
    /// neither `properties` (`matched`) nor a pattern matched it, `additionalProperties`
    /// (out of line: the member loop's common case needs neither).
    @inline(never)
    func otherSchemas(_ keyWord: UInt64, _ value: Int, _ node: Int, matched: Bool) -> Bool {
        let n = p.nodes.base + node
        var matched = matched
        let patternCount = Int(n.pointee.patternCount)
        if patternCount > 0 {
            let key = bytes(keyWord)
            let first = Int(n.pointee.patternStart)
            for k in first..<(first + patternCount) where p.patternMatchers.base[k].test(utf8: key) {
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
    func plainObject(_ i: Int, _ node: Int, kinds: UInt8) -> Bool {
        leafChecks(i, node, kinds: kinds)
            && (JSONTape.kind(w[i]) != .object
                || (p.nodes.base[node].isShallow ? shallowMembers(i, node) : members(i, node)))
    }

    /// The elements of the array at `i` against `items` and `additionalItems` of `node`.
    @inline(never)
    func elements(_ i: Int, _ node: Int) -> Bool {
        var j = i + 2
        let stop = JSONTape.next(w, after: i)
        let all = p.items.base[node]
        if all >= 0 {
            // One schema for every element (`items` as a schema): its kind looked up once.
            let n = p.nodes.base + all
            let kinds = n.pointee.kinds
            if n.pointee.isLeaf {
                while j < stop {
                    if !leafChecks(j, all, kinds: kinds) { return false }
                    j = JSONTape.next(w, after: j)
                }
            } else if n.pointee.isPlainObject {
                while j < stop {
                    if !plainObject(j, all, kinds: kinds) { return false }
                    j = JSONTape.next(w, after: j)
                }
            } else {
                while j < stop {
                    if !child(j, all) { return false }
                    j = JSONTape.next(w, after: j)
                }
            }
            return true
        }
        var index = 0
        while j < stop {
            let schema = p.elementSchema(node, index)
            if schema < 0 { break }
            let n = p.nodes.base + schema
            if n.pointee.isLeaf {
                if !leafChecks(j, schema, kinds: n.pointee.kinds) { return false }
            } else if n.pointee.isPlainObject {
                if !plainObject(j, schema, kinds: n.pointee.kinds) { return false }
            } else if !child(j, schema) {
                return false
            }
            j = JSONTape.next(w, after: j)
            index += 1
        }
        return true
    }

    /// `true` when the object at `i` has a member named by schema string `k`.
    func hasMember(_ i: Int, stringIndex k: Int) -> Bool {
        var j = i + 2
        let stop = JSONTape.next(w, after: i)
        while j < stop {
            if p.string(k, equals: bytes(w[j])) { return true }
            j = JSONTape.next(w, after: j + 1)
        }
        return false
    }

    /// `true` when the object at `i` has a member named `name`.
    func hasMember(_ i: Int, _ name: String) -> Bool {
        var j = i + 2
        let stop = JSONTape.next(w, after: i)
        while j < stop {
            let key = bytes(w[j])
            if key.count == name.utf8.count, key.elementsEqual(name.utf8) { return true }
            j = JSONTape.next(w, after: j + 1)
        }
        return false
    }

    func number(_ i: Int) -> JSONNumber? {
        let word = w[i]
        switch JSONTape.kind(word) {
        case .integer: return JSONNumber(Int64(bitPattern: w[i + 1]))
        case .number: return JSONNumber(validLexemeBytes: bytes(word))
        default: return nil
        }
    }

    /// The number at `i` as a double when comparing doubles compares it exactly
    /// (``JSONNumber/shortDecimalDouble``); `nil` for other numbers and other kinds.
    func shortDouble(_ i: Int) -> Double? {
        let word = w[i]
        switch JSONTape.kind(word) {
        case .integer: return JSONNumber(Int64(bitPattern: w[i + 1])).shortDecimalDouble
        case .number: return JSONNumber.shortDecimalDouble(lexeme: bytes(word))
        default: return nil
        }
    }

    @inline(__always)
    func typeSet(_ word: UInt64, _ i: Int) -> TypeSet {
        switch JSONTape.kind(word) {
        case .null: return .null
        case .false, .true: return .boolean
        case .integer: return .integer
        case .number: return numberType(word)
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// A number lexeme without a fraction or exponent is an integer too big for `Int64` (as fge sees it).
    func numberType(_ word: UInt64) -> TypeSet {
        bytes(word).contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) ? .number : .integer
    }

    @inline(never)
    func codePoints(_ word: UInt64) -> Int {
        let text = bytes(word)
        if JSONTape.isASCII(word) { return text.count }
        return codePointCount(text)
    }

    func value(_ i: Int) -> JSONValue {
        JSONTape.value(w, a, i)
    }

    /// `uniqueItems` for an array of up to 64 strings, integers, booleans and nulls (tags, ids),
    /// compared where they lie in the tape: strings by their bytes (JSON Schema compares code points,
    /// not canonical equivalence), integers by value. `nil` for anything else (a decimal equals an
    /// integer of its value, containers compare deeply): the caller compares values.
    func uniqueScalars(_ i: Int) -> Bool? {
        let stop = JSONTape.next(w, after: i)
        var count = 0
        var j = i + 2
        while j < stop {
            switch JSONTape.kind(w[j]) {
            case .string, .integer, .true, .false, .null: break
            default: return nil
            }
            count += 1
            guard count <= 64 else { return nil }
            j = JSONTape.next(w, after: j)
        }
        var x = i + 2
        while x < stop {
            let kx = JSONTape.kind(w[x])
            var y = JSONTape.next(w, after: x)
            while y < stop {
                if JSONTape.kind(w[y]) == kx {
                    switch kx {
                    case .string:
                        let (bx, by) = (bytes(w[x]), bytes(w[y]))
                        if bx.count == by.count && (bx.isEmpty || bytesEqual(bx.baseAddress!, by.baseAddress!, bx.count)) { return false }
                    case .integer:
                        if w[x + 1] == w[y + 1] { return false }
                    default:
                        return false
                    }
                }
                y = JSONTape.next(w, after: y)
            }
            x = JSONTape.next(w, after: x)
        }
        return true
    }

    /// Any check: those that visit subschemas here (out of line: they recurse), the rest in
    /// ``scalarPasses(_:_:)``.
    @inline(never)
    func passes(_ check: SchemaNode.FastCheck, _ i: Int) -> Bool {
        switch check {
        case .dependencies(let k):
            guard JSONTape.kind(w[i]) == .object else { return true }
            let table = p.dependencyTables.base[k]
            for (name, required) in table.properties where hasMember(i, name) && !required.allSatisfy({ hasMember(i, $0) }) { return false }
            for (name, schema) in table.schemas where hasMember(i, name) && !validAgain(i, schema) { return false }
            return true
        case .allOf, .anyOf, .oneOf, .not:
            let ints = p.ints
            return check.combine(ints) { validAgain(i, $0) } ?? true
        default:
            return scalarPasses(check, i)
        }
    }

    /// A check on the value itself (no subschema), inline: it never recurses.
    @inline(__always)
    func scalarPasses(_ check: SchemaNode.FastCheck, _ i: Int) -> Bool {
        let word = w[i]
        let kind = JSONTape.kind(word)
        switch check {
        case .type(let set): return set.accepts(typeSet(word, i))
        case .stringEnumeration(let start, let count):
            guard kind == .string else { return false }
            let text = bytes(word)
            for k in start..<(start + count) where p.string(k, equals: text) { return true }
            return false
        case .enumeration(let k): return p.valueSets.base[k].contains(value(i))
        case .required, .additionalPropertiesForbidden: return true  // the member pass
        case .minimum(let k, let exclusive):
            if kind == .integer && p.numberIsInteger.base[k] {
                let n = Int64(bitPattern: w[i + 1])
                let bound = p.numberInts.base[k]
                return exclusive ? bound < n : bound <= n
            }
            let bound = p.numberShortDoubles.base[k]
            if !bound.isNaN, let n = shortDouble(i) { return exclusive ? bound < n : bound <= n }
            guard let n = number(i) else { return true }
            return exclusive ? p.numbers.base[k] < n : !(n < p.numbers.base[k])
        case .maximum(let k, let exclusive):
            if kind == .integer && p.numberIsInteger.base[k] {
                let n = Int64(bitPattern: w[i + 1])
                let bound = p.numberInts.base[k]
                return exclusive ? n < bound : n <= bound
            }
            let bound = p.numberShortDoubles.base[k]
            if !bound.isNaN, let n = shortDouble(i) { return exclusive ? n < bound : n <= bound }
            guard let n = number(i) else { return true }
            return exclusive ? n < p.numbers.base[k] : !(p.numbers.base[k] < n)
        case .multipleOf(let k):
            guard let n = number(i) else { return true }
            return DecimalArithmetic.isMultiple(n, of: p.numbers.base[k])
        case .minLength(let l):
            guard kind == .string else { return true }
            let count = JSONTape.bytes(word).count
            return count >= 4 * l || (count >= l && codePoints(word) >= l)
        case .maxLength(let l):
            guard kind == .string else { return true }
            return JSONTape.bytes(word).count <= l || codePoints(word) <= l
        case .pattern(let k):
            guard kind == .string else { return true }
            return p.regexMatchers.base[k].test(utf8: bytes(word))
        case .format(let format):
            guard kind == .string else { return true }
            return format.accepts(String(decoding: bytes(word), as: UTF8.self))
        case .minItems(let l):
            guard kind == .array else { return true }
            return Int(w[i + 1]) >= l
        case .maxItems(let l):
            guard kind == .array else { return true }
            return Int(w[i + 1]) <= l
        case .uniqueItems:
            guard kind == .array else { return true }
            if let unique = uniqueScalars(i) { return unique }
            guard case .array(let elements) = value(i) else { return true }
            return Set(elements).count == elements.count
        case .additionalItemsForbidden(let count):
            guard kind == .array else { return true }
            return Int(w[i + 1]) <= count
        case .minProperties(let l):
            guard kind == .object else { return true }
            return Int(w[i + 1]) >= l
        case .maxProperties(let l):
            guard kind == .object else { return true }
            return Int(w[i + 1]) <= l
        case .dependencies, .allOf, .anyOf, .oneOf, .not:
            preconditionFailure("checks with subschemas go through passes(_:_:)")
        }
    }
}

/// A walk over an object's members against a node's property table: where the next member's
/// key is (`j`, its value at `j + 1`), where the object ends, the property the schema declares
/// next (an index in ``FastTables/ordered``), and how many required properties have been met.
struct MemberWalk {
    var j: Int
    let stop: Int
    var expected: Int
    let orderedStart: Int
    let orderedEnd: Int
    var requiredHits = 0

    @_transparent
    init(_ checker: TapeChecker, _ i: Int, _ n: UnsafeMutablePointer<FastNode>) {
        j = i + 2
        stop = JSONTape.next(checker.w, after: i)
        orderedStart = Int(n.pointee.orderedStart)
        orderedEnd = orderedStart + Int(n.pointee.propertyCount)
        expected = orderedStart
    }

    /// The table entry of the member key in `keyWord` (the property declared next first, then
    /// the hash table), or nil; a match moves `expected` past it and counts a required property.
    @_transparent
    mutating func match(_ checker: TapeChecker, _ keyWord: UInt64, _ node: Int) -> UnsafeMutablePointer<PropertySlot>? {
        let entry: UnsafeMutablePointer<PropertySlot>
        if expected < orderedEnd && checker.keyEquals(keyWord, checker.p.ordered.base[expected]) {
            entry = checker.p.ordered.base + expected
            expected &+= 1
        } else if orderedEnd > orderedStart {
            let slot = checker.p.propertySlot(node, bytes: checker.bytes(keyWord))
            guard slot >= 0 else { return nil }
            entry = checker.p.slots.base + slot
            expected = orderedStart &+ Int(entry.pointee.rank) &+ 1
        } else {
            return nil
        }
        if entry.pointee.required { requiredHits &+= 1 }
        return entry
    }
}
