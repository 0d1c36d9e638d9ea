import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// Building the tables' parts, freeing them, and the lookups both checkers make.
extension FastTables {
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
        orderedNames.free()
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

    /// The spec's `minimum`/`maximum` for a number whose ``JSONNumber/shortDecimalDouble`` is
    /// `d`, compared as doubles: exact when the bounds are short decimals too (distinct short
    /// decimals round to doubles in their order). `nil` when a bound is not short. Both checkers.
    @inline(__always)
    func shortBoundsHold(_ d: Double, _ spec: UnsafeMutablePointer<ValueSpec>) -> Bool? {
        let lower = Int(spec.pointee.minimumIndex)
        let upper = Int(spec.pointee.maximumIndex)
        let low = lower >= 0 ? numberShortDoubles.base[lower] : -.infinity
        let high = upper >= 0 ? numberShortDoubles.base[upper] : .infinity
        if low.isNaN || high.isNaN { return nil }
        return (spec.pointee.minimumExclusive ? low < d : low <= d) && (spec.pointee.maximumExclusive ? d < high : d <= high)
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
                && bytes.baseAddress.map({ bytesEqual(nameBytes.base + Int(entry.offset), $0, bytes.count) }) ?? true
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
