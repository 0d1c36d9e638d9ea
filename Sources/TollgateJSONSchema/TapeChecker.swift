import TollgateJSON
import TollgateJavaRegex

/// The fast path over a ``JSONTape``: the same answers as ``FastChecker``, reading the instance
/// as words and bytes, so validation itself touches no reference count. Checks that need a whole
/// value (`enum` of non-strings, `uniqueItems`) rebuild it from the tape.
struct TapeChecker {
    let tables: UnsafePointer<FastTables>
    let w: UnsafeBufferPointer<UInt64>
    let a: UnsafeBufferPointer<UInt8>
    var loops: LoopGuard

    /// The tables, borrowed in place.
    var p: FastTables {
        _read { yield tables.pointee }
    }

    @inline(__always)
    func bytes(_ word: UInt64) -> UnsafeBufferPointer<UInt8> {
        let (offset, count) = JSONTape.bytes(word)
        return UnsafeBufferPointer(start: a.baseAddress.map { $0 + offset }, count: count)
    }

    mutating func validAgain(_ i: Int, _ node: Int) -> Bool {
        guard loops.enter(node) else { return false }
        defer { loops.leave() }
        return valid(i, node)
    }

    @inline(__always)
    mutating func child(_ i: Int, _ node: Int) -> Bool {
        let saved = loops.frameStart
        loops.frameStart = loops.count
        defer { loops.frameStart = saved }
        return valid(i, node)
    }

    mutating func valid(_ i: Int, _ node: Int) -> Bool {
        let ref = p.ref[node]
        if ref >= 0 { return validAgain(i, ref) }
        let type = p.types[node]
        if type != .all && !type.accepts(typeSet(i)) { return false }
        let start = p.checkStart[node]
        let end = start + p.checkCount[node]
        var k = start
        while k < end {
            if !passes(p.checks[k], i) { return false }
            k += 1
        }
        let descends = p.descends[node]
        if descends == 0 { return true }
        let word = w[i]
        switch JSONTape.kind(word) {
        case .object where descends & 1 != 0:
            let forbids = p.forbidsAdditional[node]
            var requiredHits = 0
            var j = i + 2
            let stop = JSONTape.next(w, after: i)
            while j < stop {
                let key = bytes(w[j])
                let value = j + 1
                var matched = false
                let slot = p.propertySlot(node, bytes: key)
                if slot >= 0 {
                    matched = true
                    if p.slots.base[slot].required { requiredHits += 1 }
                    if !child(value, Int(p.slots.base[slot].target)) { return false }
                }
                let count = p.patternCount[node]
                if count > 0 {
                    let first = p.patternStart[node]
                    for k in first..<(first + count) where p.patternMatchers.base[k].test(utf8: key) {
                        matched = true
                        if !child(value, p.patterns.base[k].node) { return false }
                    }
                }
                if !matched {
                    if forbids { return false }
                    let additional = p.additionalProperties[node]
                    if additional >= 0 && !child(value, additional) { return false }
                }
                j = JSONTape.next(w, after: value)
            }
            if requiredHits != p.requiredInTable[node] { return false }
            let otherStart = p.requiredOtherStart[node]
            for k in otherStart..<(otherStart + p.requiredOtherCount[node]) where !hasMember(i, stringIndex: k) { return false }
            return true
        case .array where descends & 2 != 0:
            var j = i + 2
            let stop = JSONTape.next(w, after: i)
            var index = 0
            while j < stop {
                let schema = p.elementSchema(node, index)
                if schema < 0 { break }
                if !child(j, schema) { return false }
                j = JSONTape.next(w, after: j)
                index += 1
            }
            return true
        default:
            return true
        }
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

    func typeSet(_ i: Int) -> TypeSet {
        let word = w[i]
        switch JSONTape.kind(word) {
        case .null: return .null
        case .false, .true: return .boolean
        case .integer: return .integer
        case .number:
            let lexeme = bytes(word)
            return lexeme.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) ? .number : .integer
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    func codePoints(_ word: UInt64) -> Int {
        let text = bytes(word)
        if JSONTape.isASCII(word) { return text.count }
        return text.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }

    func value(_ i: Int) -> JSONValue {
        JSONTape.value(w, a, i)
    }

    mutating func passes(_ check: SchemaNode.FastCheck, _ i: Int) -> Bool {
        let word = w[i]
        let kind = JSONTape.kind(word)
        switch check {
        case .type(let set): return set.accepts(typeSet(i))
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
            guard let n = number(i) else { return true }
            return exclusive ? p.numbers.base[k] < n : !(n < p.numbers.base[k])
        case .maximum(let k, let exclusive):
            if kind == .integer && p.numberIsInteger.base[k] {
                let n = Int64(bitPattern: w[i + 1])
                let bound = p.numberInts.base[k]
                return exclusive ? n < bound : n <= bound
            }
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
            guard kind == .array, case .array(let elements) = value(i) else { return true }
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
        case .dependencies(let k):
            guard kind == .object else { return true }
            let table = p.dependencyTables.base[k]
            for (name, required) in table.properties where hasMember(i, name) && !required.allSatisfy({ hasMember(i, $0) }) { return false }
            for (name, schema) in table.schemas where hasMember(i, name) && !validAgain(i, schema) { return false }
            return true
        case .allOf, .anyOf, .oneOf, .not:
            let ints = p.ints
            return check.combine(ints) { validAgain(i, $0) } ?? true
        }
    }
}
