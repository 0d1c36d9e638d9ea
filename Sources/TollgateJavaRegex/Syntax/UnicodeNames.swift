import Synchronization

/// Character names for `\N{NAME}`, from the Unicode data the Swift runtime carries.
///
/// The name table is built on first use (one pass over all code points) and kept.
/// Matching follows `Character.codePointOf`: case-insensitive, surrounding spaces ignored.
enum UnicodeNames {
    private static let table = Mutex<[String: UInt32]?>(nil)

    static func codePoint(named name: String) -> UInt32? {
        let key = name.trimmingSpaces().uppercased()
        return table.withLock { table in
            if table == nil { table = build() }
            return table?[key]
        }
    }

    private static func build() -> [String: UInt32] {
        var names: [String: UInt32] = [:]
        names.reserveCapacity(40_000)
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            if let n = scalar.properties.name { names[n] = v }
            if let alias = scalar.properties.nameAlias, names[alias] == nil { names[alias] = v }
        }
        return names
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
