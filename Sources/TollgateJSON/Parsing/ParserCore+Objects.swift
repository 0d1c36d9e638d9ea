extension ParserCore {
    /// Builds the object whose values start at `valueStart` on the value stack (keys and key
    /// hashes are on their own stacks, one per value).
    mutating func finishObject(valueStart: Int) throws(JSONParseError) -> JSONObject {
        let n = values.count - valueStart
        let keyStart = keys.count - n
        if n > 1 && hasDuplicateKey(hashes: keyHashes.base + keyStart, count: n, keys: keys.base + keyStart) {
            // Rare: rebuild with last-wins semantics.
            let k = keys.popArray(from: keyStart)
            let v = values.popArray(from: valueStart)
            keyHashes.count = keyStart
            return JSONObject(zip(k, v).lazy.map { (key: $0, value: $1) })
        }
        let keyBase = keys.base + keyStart
        let valueBase = values.base + valueStart
        // Appends into reserved room (see `Stack.popArray`).
        var entries: [JSONObject.Member] = []
        entries.reserveCapacity(n)
        for j in 0..<n { entries.append(JSONObject.Member(key: (keyBase + j).move(), value: (valueBase + j).move())) }
        keys.count = keyStart
        values.count = valueStart
        keyHashes.count = keyStart
        return JSONObject(uniqueEntries: entries)
    }

    /// `true` when two keys are equal. Compares hashes (``repeatsHash(_:count:sameKey:)``) and
    /// confirms a hash match on the strings.
    mutating func hasDuplicateKey(hashes: UnsafeMutablePointer<UInt64>, count n: Int, keys: UnsafeMutablePointer<String>) -> Bool {
        repeatsHash(hashes, count: n) { a, b in exactlyEqual(keys[a], keys[b]) }
    }

    /// `true` when two of `n` hashes are equal and `sameKey` confirms the two keys at those positions
    /// are too: pairwise for up to 16, else through a reusable open-addressing table.
    mutating func repeatsHash(_ hashes: UnsafeMutablePointer<UInt64>, count n: Int, sameKey: (Int, Int) -> Bool) -> Bool {
        if n <= 16 {
            for a in 1..<n {
                let h = hashes[a]
                for b in 0..<a where hashes[b] == h && sameKey(a, b) { return true }
            }
            return false
        }
        var size = 64
        while size < 2 * n { size <<= 1 }
        if hashTable.count < size { hashTable = [UInt64](repeating: 0, count: size) }
        let mask = size - 1
        var found = false
        hashTable.withUnsafeMutableBufferPointer { table in
            outer: for a in 0..<n {
                // Store index+1; 0 is empty.
                let h = hashes[a]
                var slot = Int(truncatingIfNeeded: h) & mask
                while table[slot] != 0 {
                    let b = Int(table[slot] & 0xFFFF_FFFF) - 1
                    if hashes[b] == h && sameKey(a, b) {
                        found = true
                        break outer
                    }
                    slot = (slot + 1) & mask
                }
                table[slot] = UInt64(a + 1)
            }
            for s in 0..<size { table[s] = 0 }
        }
        return found
    }
}
