import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// Reading the tape's values for the checks that need them: members by name, numbers, types, string lengths, unique items, and the checks kept in the rest list.
extension TapeChecker {
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
        return text.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
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
