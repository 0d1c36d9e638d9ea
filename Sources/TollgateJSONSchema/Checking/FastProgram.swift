import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

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
    /// Their names, for the value checker, which compares names as strings.
    let orderedNames: FixedBuffer<String>
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
        self.orderedNames = FixedBuffer(orderedSlots.map { tableNames[$0] })
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
}
