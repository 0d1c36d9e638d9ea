import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// A buffer allocated once and never resized: reading through it needs no reference counting
/// of the buffer itself.
struct FixedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: max(count, 1))
        base.initialize(from: elements, count: count)
    }

    @inline(__always)
    subscript(i: Int) -> Element { base[i] }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// Owns ``FastTables``' memory for the life of a ``JSONSchema``.
final class FastProgram: @unchecked Sendable {
    /// In stable memory: checkers read the tables in place (copying the struct, a few hundred
    /// bytes, on every access would dominate).
    let tables: UnsafeMutablePointer<FastTables>

    init(_ nodes: [SchemaNode]) {
        tables = .allocate(capacity: 1)
        tables.initialize(to: FastTables(nodes))
    }

    deinit {
        tables.pointee.free()
        tables.deinitialize(count: 1)
        tables.deallocate()
    }
}

/// The schema as flat tables (struct of arrays) for ``FastChecker``: every node's data is
/// reached by index through fixed buffers. The struct holds only pointers, so the checker
/// copies it and reads the tables with no reference counting at all.
struct FastTables: Sendable {
    /// Per node: `$ref` target or -1.
    let ref: FixedBuffer<Int>
    /// Per node: range of its checks in `checks`.
    let checkStart: FixedBuffer<Int>
    let checkCount: FixedBuffer<Int>
    let checks: FixedBuffer<SchemaNode.FastCheck>
    /// Per node: its `type` (checked before `checks`, which then leave it out), or every type.
    let types: FixedBuffer<TypeSet>
    /// Per node: bit 0 descends into objects, bit 1 into arrays.
    let descends: FixedBuffer<UInt8>
    /// Per node: property hash table (`tableStart`, `tableMask`) over `tableNames`/`slots`.
    let tableStart: FixedBuffer<Int>
    let tableMask: FixedBuffer<Int>
    let tableNames: FixedBuffer<String>
    /// Per table slot, in one 16-byte entry (one load on the lookup's path): target node (-1
    /// for an empty slot), the name's UTF-8 length and offset in `nameBytes`, and whether the
    /// property is also `required`.
    let slots: FixedBuffer<PropertySlot>
    /// Per node, its slots again in the order the schema declares the properties (from
    /// ``FastNode/orderedStart``): the tape checker's member walk tries the next of these first,
    /// so its loop carries an index, not a load.
    let ordered: FixedBuffer<PropertySlot>
    /// The same in slot numbers (absolute), for the value checker, which compares names as strings.
    let orderedSlots: FixedBuffer<Int>
    /// Per node: how many required names are in its property table, and the range in
    /// `strings` of required names that are not (checked one by one).
    let requiredInTable: FixedBuffer<Int>
    let requiredOtherStart: FixedBuffer<Int>
    let requiredOtherCount: FixedBuffer<Int>
    /// Per node: 1 when `additionalProperties` is false.
    let forbidsAdditional: FixedBuffer<Bool>
    /// Per node: pattern properties range in `patterns`.
    let patternStart: FixedBuffer<Int>
    let patternCount: FixedBuffer<Int>
    let patterns: FixedBuffer<(regex: ECMAScriptRegex, node: Int)>
    /// `patterns`' and `regexes`' compiled code, called without reference counting (the
    /// regexes above keep it alive).
    let patternMatchers: FixedBuffer<ECMAScriptRegex.Matcher>
    let regexMatchers: FixedBuffer<ECMAScriptRegex.Matcher>
    /// Per node: additionalProperties: -2 allowed, -1 forbidden, else a node.
    let additionalProperties: FixedBuffer<Int>
    /// Per node: items: -2 none, -1 tuple (range in `tuples`), else the node for all elements.
    let items: FixedBuffer<Int>
    let tupleStart: FixedBuffer<Int>
    let tupleCount: FixedBuffer<Int>
    let tuples: FixedBuffer<Int>
    /// Per node: additionalItems as additionalProperties.
    let additionalItems: FixedBuffer<Int>
    /// Per node, what the tape checker reads about it, in one record of 44 bytes.
    let nodes: FixedBuffer<FastNode>
    /// Per node: its common value checks as fields (``ValueSpec``), and the range in
    /// `restChecks` of the checks the spec does not cover.
    let specs: FixedBuffer<ValueSpec>
    let restChecks: FixedBuffer<SchemaNode.FastCheck>
    /// Table slot names as UTF-8, for the tape path.
    let nameBytes: FixedBuffer<UInt8>
    /// `strings` as UTF-8 (offset and length in `stringBytes`).
    let stringOffset: FixedBuffer<Int>
    let stringLength: FixedBuffer<Int>
    let stringBytes: FixedBuffer<UInt8>
    /// `strings`' first 8 bytes (``prefix(_:)``), for comparing short values as one word.
    let stringPrefix: FixedBuffer<UInt64>
    /// Tables the checks index.
    let strings: FixedBuffer<String>
    let ints: FixedBuffer<Int>
    let numbers: FixedBuffer<JSONNumber>
    /// `numbers` that are exact `Int64`s, for comparing integer instances without a
    /// `JSONNumber`; `numberIsInteger` says which entries are meaningful.
    let numberInts: FixedBuffer<Int64>
    let numberIsInteger: FixedBuffer<Bool>
    /// `numbers` as doubles where comparing doubles compares them exactly
    /// (``JSONNumber/shortDecimalDouble``), NaN elsewhere.
    let numberShortDoubles: FixedBuffer<Double>
    let regexes: FixedBuffer<ECMAScriptRegex>
    let valueSets: FixedBuffer<Set<JSONValue>>
    let dependencyTables: FixedBuffer<(properties: [(String, [String])], schemas: [(String, Int)])>

    init(_ nodes: [SchemaNode]) {
        var ref: [Int] = []
        var checkStart: [Int] = []
        var checkCount: [Int] = []
        var checks: [SchemaNode.FastCheck] = []
        var types: [TypeSet] = []
        var descends: [UInt8] = []
        var tableStart: [Int] = []
        var tableMask: [Int] = []
        var tableNames: [String] = []
        var tableTargets: [Int] = []
        var tableRank: [Int] = []
        var orderedSlots: [Int] = []
        var orderedStart: [Int] = []
        var propertyCount: [Int] = []
        var tableRequired: [Bool] = []
        var requiredInTable: [Int] = []
        var requiredOtherStart: [Int] = []
        var requiredOtherCount: [Int] = []
        var forbidsAdditional: [Bool] = []
        var patternStart: [Int] = []
        var patternCount: [Int] = []
        var patterns: [(regex: ECMAScriptRegex, node: Int)] = []
        var additionalProperties: [Int] = []
        var items: [Int] = []
        var tupleStart: [Int] = []
        var tupleCount: [Int] = []
        var tuples: [Int] = []
        var additionalItems: [Int] = []
        var strings: [String] = []
        var ints: [Int] = []
        var numbers: [JSONNumber] = []
        var regexes: [ECMAScriptRegex] = []
        var valueSets: [Set<JSONValue>] = []
        var dependencyTables: [(properties: [(String, [String])], schemas: [(String, Int)])] = []

        // A member's or element's schema that is only a `$ref` (draft-04 ignores a `$ref`'s
        // siblings) is replaced by where the chain of references ends. The child starts a
        // fresh loop-guard frame, in which entering the first node can never find a loop, so
        // skipping that entry changes no answer; a chain that loops on itself stays as it is.
        func resolved(_ n: Int) -> Int {
            guard n >= 0 else { return n }
            var current = n
            for _ in 0..<nodes.count {
                guard let next = nodes[current].ref else { return current }
                current = next
            }
            return n
        }

        func additional(_ a: SchemaNode.Additional) -> Int {
            switch a {
            case .allowed: -2
            case .forbidden: -1
            case .schema(let n): resolved(n)
            }
        }

        for node in nodes {
            ref.append(node.ref ?? -1)
            // Rebase the node's check payloads onto the shared tables.
            let stringBase = strings.count
            let intBase = ints.count
            let numberBase = numbers.count
            let regexBase = regexes.count
            let setBase = valueSets.count
            let depBase = dependencyTables.count
            strings += node.strings
            ints += node.ints
            numbers += node.numbers
            regexes += node.regexes
            valueSets += node.valueSets
            dependencyTables += node.dependencyTables
            // `required` and `additionalProperties: false` are checked in the member pass.
            let table = node.propertyTable
            var slotRequired = Array(repeating: false, count: table.names.count)
            var inTable = 0
            var others: [String] = []
            for check in node.checks {
                guard case .required(let names, _) = check else { continue }
                for name in names {
                    let slot = table.slot(for: name)
                    if slot >= 0 {
                        if !slotRequired[slot] { inTable += 1 }
                        slotRequired[slot] = true
                    } else {
                        others.append(name)
                    }
                }
            }
            requiredInTable.append(inTable)
            requiredOtherStart.append(strings.count)
            requiredOtherCount.append(others.count)
            var forbids = false
            if case .forbidden = node.additionalProperties { forbids = true }
            forbidsAdditional.append(forbids)
            checkStart.append(checks.count)
            var count = 0
            var type = TypeSet.all
            for check in node.fastChecks {
                if case .type(let set) = check {
                    type = set
                    continue
                }
                if case .required = check { continue }
                if case .additionalPropertiesForbidden = check { continue }
                count += 1
                switch check {
                case .stringEnumeration(let start, let count): checks.append(.stringEnumeration(start: start + stringBase, count: count))
                case .enumeration(let i): checks.append(.enumeration(i + setBase))
                case .required(let start, let count): checks.append(.required(start: start + stringBase, count: count))
                case .minimum(let i, let exclusive): checks.append(.minimum(i + numberBase, exclusive: exclusive))
                case .maximum(let i, let exclusive): checks.append(.maximum(i + numberBase, exclusive: exclusive))
                case .multipleOf(let i): checks.append(.multipleOf(i + numberBase))
                case .pattern(let i): checks.append(.pattern(i + regexBase))
                case .dependencies(let i): checks.append(.dependencies(i + depBase))
                case .allOf(let start, let count): checks.append(.allOf(start: start + intBase, count: count))
                case .anyOf(let start, let count): checks.append(.anyOf(start: start + intBase, count: count))
                case .oneOf(let start, let count): checks.append(.oneOf(start: start + intBase, count: count))
                default: checks.append(check)
                }
            }
            checkCount.append(count)
            types.append(type)
            strings += others
            let objectPass = node.descendsIntoObjects || inTable > 0 || !others.isEmpty || forbids
            descends.append((objectPass ? 1 : 0) | (node.descendsIntoArrays ? 2 : 0))
            // The properties in declared order, and each slot's place in it.
            let base = tableNames.count
            var rank = Array(repeating: -1, count: table.names.count)
            for (position, slot) in table.order.enumerated() { rank[slot] = position }
            tableRank += rank
            orderedStart.append(orderedSlots.count)
            propertyCount.append(table.order.count)
            orderedSlots += table.order.map { base + $0 }
            tableStart.append(tableNames.count)
            tableMask.append(table.mask)
            tableNames += table.names
            tableTargets += table.targets.map(resolved)
            tableRequired += slotRequired
            patternStart.append(patterns.count)
            patternCount.append(node.patternProperties.count)
            patterns += node.patternProperties.map { ($0.regex, resolved($0.node)) }
            additionalProperties.append(additional(node.additionalProperties))
            switch node.items {
            case .none:
                items.append(-2)
                tupleStart.append(0)
                tupleCount.append(0)
            case .all(let n):
                items.append(resolved(n))
                tupleStart.append(0)
                tupleCount.append(0)
            case .tuple(let t):
                items.append(-1)
                tupleStart.append(tuples.count)
                tupleCount.append(t.count)
                tuples += t.map(resolved)
            }
            additionalItems.append(additional(node.additionalItems))
        }
        self.ref = FixedBuffer(ref)
        self.checkStart = FixedBuffer(checkStart)
        self.checkCount = FixedBuffer(checkCount)
        self.checks = FixedBuffer(checks)
        self.types = FixedBuffer(types)
        self.descends = FixedBuffer(descends)
        self.tableStart = FixedBuffer(tableStart)
        self.tableMask = FixedBuffer(tableMask)
        self.tableNames = FixedBuffer(tableNames)
        self.requiredInTable = FixedBuffer(requiredInTable)
        self.requiredOtherStart = FixedBuffer(requiredOtherStart)
        self.requiredOtherCount = FixedBuffer(requiredOtherCount)
        self.forbidsAdditional = FixedBuffer(forbidsAdditional)
        self.patternStart = FixedBuffer(patternStart)
        self.patternCount = FixedBuffer(patternCount)
        self.patterns = FixedBuffer(patterns)
        self.patternMatchers = FixedBuffer(patterns.map(\.regex.matcher))
        self.additionalProperties = FixedBuffer(additionalProperties)
        self.items = FixedBuffer(items)
        self.tupleStart = FixedBuffer(tupleStart)
        self.tupleCount = FixedBuffer(tupleCount)
        self.tuples = FixedBuffer(tuples)
        self.additionalItems = FixedBuffer(additionalItems)
        self.strings = FixedBuffer(strings)
        let (nameOffsets, nameLengths, nameBytes) = Self.packUTF8(tableNames)
        self.nameBytes = FixedBuffer(nameBytes)
        let numberInts = numbers.map { $0.int64Value ?? 0 }
        let numberIsInteger = numbers.map { $0.int64Value != nil }
        var specs: [ValueSpec] = []
        var restChecks: [SchemaNode.FastCheck] = []
        for n in nodes.indices {
            let mine = checks[checkStart[n]..<(checkStart[n] + checkCount[n])]
            var spec = ValueSpec(restStart: Int32(restChecks.count))
            for check in mine where !spec.absorb(check, numberInts: numberInts, numberIsInteger: numberIsInteger) {
                restChecks.append(check)
            }
            spec.restCount = Int32(restChecks.count) - spec.restStart
            specs.append(spec)
        }
        self.specs = FixedBuffer(specs)
        self.restChecks = FixedBuffer(restChecks)
        var fastNodes = nodes.indices.map { n in
            FastNode(
                ref: Int32(ref[n]),
                orderedStart: Int32(orderedStart[n]),
                propertyCount: Int32(propertyCount[n]),
                requiredInTable: Int32(requiredInTable[n]),
                requiredOtherStart: Int32(requiredOtherStart[n]),
                requiredOtherCount: Int32(requiredOtherCount[n]),
                patternStart: Int32(patternStart[n]),
                patternCount: Int32(patternCount[n]),
                additionalProperties: Int32(additionalProperties[n]),
                types: types[n],
                descends: descends[n],
                forbidsAdditional: forbidsAdditional[n],
                kinds: Self.kinds(types[n]),
                isLeaf: ref[n] < 0 && descends[n] == 0
                    && checks[checkStart[n]..<(checkStart[n] + checkCount[n])].allSatisfy { !$0.visitsSubschemas },
                // Every check in the spec (none visits a subschema, none re-enters this value).
                isPlainObject: ref[n] < 0 && descends[n] == 1 && specs[n].restCount == 0
            )
        }
        // What the member loop needs about each slot's target, in the slot it loads anyway.
        var leaves: [PropertySlot.Leaf] = tableTargets.map { target in
            if target < 0 { return .no }
            if fastNodes[target].isPlainObject { return .object }
            if !fastNodes[target].isLeaf { return .no }
            return specs[target].isEmpty && specs[target].restCount == 0 && fastNodes[target].kinds == 0xFF ? .trivial : .checks
        }
        // A plain object whose members are all leaves, with no schema for other members, is
        // checked by a loop that calls nothing recursive (``TapeChecker/flatMembers(_:_:)``).
        let flat = nodes.indices.map { n in
            fastNodes[n].isPlainObject && patternCount[n] == 0 && additionalProperties[n] < 0
                && (tableStart[n]..<(tableStart[n] + tableMask[n] + 1)).allSatisfy {
                    tableTargets[$0] < 0 || leaves[$0] == .checks || leaves[$0] == .trivial
                }
        }
        for k in leaves.indices where leaves[k] == .object && flat[tableTargets[k]] { leaves[k] = .flatObject }
        // A plain object whose members are leaves or such flat objects, with no schema for other
        // members, has a member loop of its own that calls nothing recursive either.
        for n in nodes.indices {
            fastNodes[n].isShallow =
                fastNodes[n].isPlainObject && patternCount[n] == 0 && additionalProperties[n] < 0
                && (tableStart[n]..<(tableStart[n] + tableMask[n] + 1)).allSatisfy {
                    tableTargets[$0] < 0 || leaves[$0] == .checks || leaves[$0] == .trivial || leaves[$0] == .flatObject
                }
        }
        self.nodes = FixedBuffer(fastNodes)
        self.slots = FixedBuffer(
            tableTargets.indices.map {
                let target = tableTargets[$0]
                let length = nameLengths[$0]
                return PropertySlot(
                    prefix: Self.prefix(tableNames[$0]),
                    suffix: Self.prefix(String(decoding: tableNames[$0].utf8.dropFirst(8), as: UTF8.self)),
                    lowMask: length >= 8 ? ~0 : (1 << UInt64(length * 8)) - 1,
                    highMask: length >= 16 ? ~0 : length <= 8 ? 0 : (1 << UInt64((length - 8) * 8)) - 1,
                    target: Int32(target),
                    length: Int32(nameLengths[$0]),
                    offset: Int32(nameOffsets[$0]),
                    rank: Int32(tableRank[$0]),
                    required: tableRequired[$0],
                    leaf: leaves[$0],
                    kinds: target < 0 ? 0xFF : fastNodes[target].kinds
                )
            }
        )
        let slotTable = slots
        self.ordered = FixedBuffer(orderedSlots.map { slotTable[$0] })
        self.orderedSlots = FixedBuffer(orderedSlots)
        let (offsets, lengths, bytes) = Self.packUTF8(strings)
        (stringOffset, stringLength, stringBytes) = (FixedBuffer(offsets), FixedBuffer(lengths), FixedBuffer(bytes))
        stringPrefix = FixedBuffer(strings.map(Self.prefix))
        self.ints = FixedBuffer(ints)
        self.numbers = FixedBuffer(numbers)
        self.numberInts = FixedBuffer(numberInts)
        self.numberIsInteger = FixedBuffer(numberIsInteger)
        self.numberShortDoubles = FixedBuffer(numbers.map { $0.shortDecimalDouble ?? .nan })
        self.regexes = FixedBuffer(regexes)
        self.regexMatchers = FixedBuffer(regexes.map(\.matcher))
        self.valueSets = FixedBuffer(valueSets)
        self.dependencyTables = FixedBuffer(dependencyTables)
    }

    /// The tape kinds (`JSONTape.Kind` raw values as bits) whose every value `types` accepts;
    /// a number lexeme (kind `.number`) is left out when only `integer` is accepted, since an
    /// integer too big for `Int64` is a lexeme too.
    static func kinds(_ types: TypeSet) -> UInt8 {
        var bits: UInt8 = 0
        func set(_ kind: JSONTape.Kind, _ accepted: Bool) { if accepted { bits |= 1 << kind.rawValue } }
        set(.null, types.contains(.null))
        set(.false, types.contains(.boolean))
        set(.true, types.contains(.boolean))
        set(.integer, types.contains(.integer) || types.contains(.number))
        set(.number, types.contains(.number))
        set(.string, types.contains(.string))
        set(.array, types.contains(.array))
        set(.object, types.contains(.object))
        return bits
    }

    /// The first 8 UTF-8 bytes of `name` as a little-endian word, zero-padded.
    static func prefix(_ name: String) -> UInt64 {
        var word: UInt64 = 0
        for (i, byte) in name.utf8.prefix(8).enumerated() { word |= UInt64(byte) << (8 * UInt64(i)) }
        return word
    }

    /// `strings` as one UTF-8 buffer, with each string's offset and length in it.
    static func packUTF8(_ strings: [String]) -> ([Int], [Int], [UInt8]) {
        var offsets: [Int] = []
        var lengths: [Int] = []
        var bytes: [UInt8] = []
        for string in strings {
            offsets.append(bytes.count)
            lengths.append(string.utf8.count)
            bytes += string.utf8
        }
        return (offsets, lengths, bytes)
    }

    func free() {
        ref.free()
        checkStart.free()
        checkCount.free()
        checks.free()
        types.free()
        descends.free()
        tableStart.free()
        tableMask.free()
        tableNames.free()
        slots.free()
        ordered.free()
        orderedSlots.free()
        nodes.free()
        specs.free()
        restChecks.free()
        requiredInTable.free()
        requiredOtherStart.free()
        requiredOtherCount.free()
        forbidsAdditional.free()
        patternStart.free()
        patternCount.free()
        patterns.free()
        patternMatchers.free()
        regexMatchers.free()
        additionalProperties.free()
        items.free()
        tupleStart.free()
        tupleCount.free()
        tuples.free()
        additionalItems.free()
        strings.free()
        nameBytes.free()
        stringOffset.free()
        stringLength.free()
        stringBytes.free()
        stringPrefix.free()
        ints.free()
        numbers.free()
        numberInts.free()
        numberIsInteger.free()
        numberShortDoubles.free()
        regexes.free()
        valueSets.free()
        dependencyTables.free()
    }

    /// The table slot (absolute) of property `name` of `node`, or -1.
    @inline(__always)
    func propertySlot(_ node: Int, _ name: String) -> Int {
        let start = tableStart[node]
        let mask = tableMask[node]
        var i = PropertyTable.hash(name) & mask
        while true {
            if slots.base[start + i].target < 0 { return -1 }
            if exactlyEqual(tableNames.base[start + i], name) { return start + i }
            i = (i + 1) & mask
        }
    }

    /// The table slot (absolute) of the property named by `bytes` (UTF-8), or -1.
    @inline(__always)
    func propertySlot(_ node: Int, bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let start = tableStart[node]
        let mask = tableMask[node]
        var i = PropertyTable.hash(bytes: bytes) & mask
        while true {
            let slot = start + i
            let entry = slots.base[slot]
            if entry.target < 0 { return -1 }
            if Int(entry.length) == bytes.count
                && bytes.baseAddress.map { bytesEqual(nameBytes.base + Int(entry.offset), $0, bytes.count) } ?? true
            {
                return slot
            }
            i = (i + 1) & mask
        }
    }

    /// `true` when schema string `k` (a `strings` index) has exactly `bytes`.
    @inline(__always)
    func string(_ k: Int, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        stringLength[k] == bytes.count && (bytes.baseAddress.map { bytesEqual(stringBytes.base + stringOffset[k], $0, bytes.count) } ?? true)
    }

    /// The node for property `name` of `node`, or -1.
    @inline(__always)
    func property(_ node: Int, _ name: String) -> Int {
        let slot = propertySlot(node, name)
        return slot < 0 ? -1 : Int(slots.base[slot].target)
    }

    /// The schema node for element `i` of an array at `node` (`items`, a tuple position or
    /// `additionalItems`), or -1 when none applies. Shared by both checkers.
    @inline(__always)
    func elementSchema(_ node: Int, _ i: Int) -> Int {
        let items = self.items[node]
        if items >= 0 { return items }
        if items == -2 { return -1 }
        if i < tupleCount[node] { return tuples[tupleStart[node] + i] }
        let additional = additionalItems[node]
        return additional >= 0 ? additional : -1
    }
}

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
