import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// One property table slot (see ``FastTables/slots``), 56 bytes.
struct PropertySlot: Sendable {
    /// How the member loop checks a member that matches this slot.
    enum Leaf: UInt8, Sendable {
        /// The target is not a leaf: checked in a frame of its own.
        case no
        /// A leaf: its type (``kinds``) and its ``ValueSpec`` inline.
        case checks
        /// A leaf that accepts anything (`{}`): nothing to check.
        case trivial
        /// A plain object node (``FastNode/isPlainObject``): its checks inline, then its members,
        /// without a loop-guard frame of its own (nothing in it enters the guard).
        case object
        /// A plain object node whose members are all leaves and that has no schema for other
        /// members: as `object`, with its member loop inline too.
        case flatObject
    }

    /// The name's first 8 bytes (``FastTables/prefix(_:)``), and the next 8.
    let prefix: UInt64
    let suffix: UInt64
    /// Which bits of two words loaded at a key of the name's length are the key's bytes.
    let lowMask: UInt64
    let highMask: UInt64
    let target: Int32
    let length: Int32
    let offset: Int32
    /// This property's position among its node's properties in declared order.
    let rank: Int32
    let required: Bool
    let leaf: Leaf
    /// The target's ``FastNode/kinds``.
    let kinds: UInt8
}

/// A node's fields for the tape checker (see ``FastTables`` for each one's meaning), so that
/// visiting a node reads one cache line.
struct FastNode: Sendable {
    let ref: Int32
    /// The node's properties in declared order: `ordered[orderedStart ..< orderedStart + propertyCount]`.
    let orderedStart: Int32
    let propertyCount: Int32
    let requiredInTable: Int32
    let requiredOtherStart: Int32
    let requiredOtherCount: Int32
    let patternStart: Int32
    let patternCount: Int32
    let additionalProperties: Int32
    let types: TypeSet
    let descends: UInt8
    let forbidsAdditional: Bool
    /// Bit `k` set when `types` accepts every value of tape kind `k` (``FastTables/kinds(_:)``).
    let kinds: UInt8
    /// No `$ref`, no members or elements to visit and no check that visits a subschema: the
    /// value's own checks settle it.
    let isLeaf: Bool
    /// No `$ref`, members to visit but not elements, and every check in the ``ValueSpec``: the
    /// value's own checks, then its members, settle it, and nothing re-enters the same value
    /// (so the loop guard is not needed for it).
    let isPlainObject: Bool
    /// A plain object whose members all have leaf or flat-object schemas and that has no schema
    /// for other members: ``TapeChecker/shallowMembers(_:_:)`` checks it.
    var isShallow = false
}

extension SchemaNode.FastCheck {
    /// `true` for the checks that validate the same value against other nodes.
    var visitsSubschemas: Bool {
        switch self {
        case .allOf, .anyOf, .oneOf, .not, .dependencies: true
        default: false
        }
    }
}

extension SchemaNode.FastCheck {
    /// `allOf`, `anyOf`, `oneOf` and `not` for both fast checkers (``FastChecker`` on values,
    /// ``TapeChecker`` on tapes): `valid(node)` checks the instance against one subschema,
    /// `ints` are the tables' node lists. `nil` for every other check.
    @inline(__always)
    func combine(_ ints: FixedBuffer<Int>, _ valid: (Int) -> Bool) -> Bool? {
        switch self {
        case .allOf(let start, let count):
            for k in start..<(start + count) where !valid(ints[k]) { return false }
            return true
        case .anyOf(let start, let count):
            for k in start..<(start + count) where valid(ints[k]) { return true }
            return false
        case .oneOf(let start, let count):
            var matched = 0
            for k in start..<(start + count) where valid(ints[k]) {
                matched += 1
                if matched > 1 { return false }
            }
            return matched == 1
        case .not(let node): return !valid(node)
        default: return nil
        }
    }
}

/// A node's most common checks on a value as plain fields, so that the tape checker tests
/// them in a row without dispatching on each: string length, string `enum`, `pattern`, and
/// `minimum`/`maximum` with integer bounds for integer values. Every other check stays in a
/// list (`restChecks`).
struct ValueSpec: Sendable {
    /// -1 when absent.
    var minLength: Int32 = -1
    var maxLength: Int32 = -1
    /// A string `enum` (`strings` range); `enumCount` -1 when absent.
    var enumStart: Int32 = 0
    var enumCount: Int32 = -1
    /// `regexMatchers` index or -1.
    var pattern: Int32 = -1
    /// `minimum`/`maximum` with an `Int64` bound: the `numbers` index (-1 when absent) and
    /// whether it is exclusive, for number lexemes; and as an inclusive `Int64` bound (an
    /// exclusive one moved by 1), for integer values.
    var minimumIndex: Int32 = -1
    var minimumExclusive = false
    var minimum: Int64 = .min
    var maximumIndex: Int32 = -1
    var maximumExclusive = false
    var maximum: Int64 = .max
    /// `minItems`/`maxItems` (arrays) and `minProperties`/`maxProperties` (objects); -1 when absent.
    var minItems = -1
    var maxItems = -1
    var minProperties = -1
    var maxProperties = -1
    var restStart: Int32
    var restCount: Int32 = 0

    init(restStart: Int32) {
        self.restStart = restStart
    }

    /// `true` when no field holds a check.
    var isEmpty: Bool {
        minLength < 0 && maxLength < 0 && enumCount < 0 && pattern < 0 && minimumIndex < 0 && maximumIndex < 0
            && minItems < 0 && maxItems < 0 && minProperties < 0 && maxProperties < 0
    }

    /// Takes `check` into the fields; `false` when it stays in the rest list.
    mutating func absorb(_ check: SchemaNode.FastCheck, numberInts: [Int64], numberIsInteger: [Bool]) -> Bool {
        switch check {
        case .minLength(let l) where minLength < 0 && l <= Int(Int32.max):
            minLength = Int32(l)
        case .maxLength(let l) where maxLength < 0 && l <= Int(Int32.max):
            maxLength = Int32(l)
        case .stringEnumeration(let start, let count) where enumCount < 0:
            (enumStart, enumCount) = (Int32(start), Int32(count))
        case .pattern(let k) where pattern < 0:
            pattern = Int32(k)
        case .minItems(let l) where minItems < 0: minItems = l
        case .maxItems(let l) where maxItems < 0: maxItems = l
        case .minProperties(let l) where minProperties < 0: minProperties = l
        case .maxProperties(let l) where maxProperties < 0: maxProperties = l
        case .minimum(let k, let exclusive) where numberIsInteger[k] && minimumIndex < 0:
            // A bound of Int64.max exclusive admits no Int64 at all: left to the general check.
            if exclusive && numberInts[k] == .max { return false }
            (minimumIndex, minimumExclusive) = (Int32(k), exclusive)
            minimum = exclusive ? numberInts[k] + 1 : numberInts[k]
        case .maximum(let k, let exclusive) where numberIsInteger[k] && maximumIndex < 0:
            if exclusive && numberInts[k] == .min { return false }
            (maximumIndex, maximumExclusive) = (Int32(k), exclusive)
            maximum = exclusive ? numberInts[k] - 1 : numberInts[k]
        default:
            return false
        }
        return true
    }
}
