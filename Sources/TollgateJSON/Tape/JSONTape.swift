/// A JSON value laid out flat: one array of 64-bit words and one arena of UTF-8 bytes, with no
/// reference-counted values inside. Walking it costs no retain or release, which makes it the
/// fast form for validation (`JSONSchema.isValid(_:)` takes one) and read-only queries.
///
/// Layout: each value starts with a word whose top 4 bits are its kind.
/// - `null`, `false`, `true`: one word.
/// - integer that fits `Int64`: the kind word, then the value's bits.
/// - other number: the kind word with the lexeme's arena offset and length.
/// - string: the kind word with the decoded bytes' arena offset and length (bit 59: not ASCII).
/// - array: the kind word with the index just past its last element, a word with its count,
///   then the elements.
/// - object: the same, then for each member a string word (the key) followed by the value.
public struct JSONTape: Sendable {
    /// What a tape word holds.
    public enum Kind: UInt8, Sendable {
        /// `null`.
        case null = 0
        case `false`, `true`, integer, number, string, array, object
    }

    /// The words.
    public let words: [UInt64]
    /// String and lexeme bytes.
    public let arena: [UInt8]

    static let kindShift: UInt64 = 60
    static let nonASCII: UInt64 = 1 << 59
    static let lengthBits: UInt64 = 28
    static let lengthMask: UInt64 = (1 << 28) - 1
    static let offsetMask: UInt64 = (1 << 31) - 1

    /// A value too large for the layout: a string or number lexeme over 256 MiB of UTF-8, or
    /// more than 2 GiB of string bytes in all.
    public struct TooLarge: Error, Sendable, Equatable, CustomStringConvertible {
        /// The UTF-8 length of the string that did not fit, or the arena size reached.
        public let bytes: Int
        /// How large the strings were.
        public var description: String { "JSON value too large for a tape (\(bytes) bytes of strings)" }
    }

    /// Lays out `value`; throws `TooLarge` past the documented limits.
    public init(_ value: JSONValue) throws(TooLarge) {
        try self.init(value, maxLength: Int(Self.lengthMask), maxArena: Int(Self.offsetMask))
    }

    init(_ value: JSONValue, maxLength: Int, maxArena: Int) throws(TooLarge) {
        var builder = Builder(maxLength: maxLength, maxArena: maxArena)
        try builder.append(value)
        words = builder.words
        arena = builder.arena
    }

    struct Builder {
        let maxLength: Int
        let maxArena: Int
        var words: [UInt64] = []
        var arena: [UInt8] = []

        static func word(_ kind: Kind, _ payload: UInt64 = 0) -> UInt64 {
            UInt64(kind.rawValue) << JSONTape.kindShift | payload
        }

        mutating func bytes(_ kind: Kind, _ text: String) throws(TooLarge) {
            let count = text.utf8.count
            guard count <= maxLength else { throw TooLarge(bytes: count) }
            guard arena.count <= maxArena - count else { throw TooLarge(bytes: arena.count + count) }
            var text = text
            let (offset, length, ascii) = text.withUTF8 { utf8 -> (Int, Int, Bool) in
                let offset = arena.count
                arena.append(contentsOf: utf8)
                return (offset, utf8.count, utf8.allSatisfy { $0 < 0x80 })
            }
            words.append(Self.word(kind, UInt64(offset) << JSONTape.lengthBits | UInt64(length) | (ascii ? 0 : JSONTape.nonASCII)))
        }

        mutating func append(_ value: JSONValue) throws(TooLarge) {
            switch value {
            case .null: words.append(Self.word(.null))
            case .bool(let b): words.append(Self.word(b ? .true : .false))
            case .number(let n):
                if n.isIntegerLexeme, let i = n.int64Value, n.lexeme != "-0" {
                    words.append(Self.word(.integer))
                    words.append(UInt64(bitPattern: i))
                } else {
                    try bytes(.number, n.lexeme)
                }
            case .string(let s): try bytes(.string, s)
            case .array(let elements):
                let head = words.count
                words.append(0)
                words.append(UInt64(elements.count))
                for element in elements { try append(element) }
                words[head] = Self.word(.array, UInt64(words.count))
            case .object(let object):
                let head = words.count
                words.append(0)
                words.append(UInt64(object.count))
                for (key, member) in object {
                    try bytes(.string, key)
                    try append(member)
                }
                words[head] = Self.word(.object, UInt64(words.count))
            }
        }
    }

    // MARK: Reading (all O(1) but `value(at:)`)

    /// The kind of value `word` holds.
    @inlinable @inline(__always)
    public static func kind(_ word: UInt64) -> Kind {
        // The builder writes only the 8 kinds (0...7) in the top bits; masking keeps any word
        // a valid `Kind` without a call to the enum's failable initializer.
        unsafeBitCast(UInt8(truncatingIfNeeded: word >> 60) & 7, to: Kind.self)
    }

    /// The index just past the value at `index`.
    @inlinable
    public static func next(_ words: UnsafeBufferPointer<UInt64>, after index: Int) -> Int {
        let word = words[index]
        switch kind(word) {
        case .integer: return index + 2
        case .array, .object: return Int(truncatingIfNeeded: word & ((1 << 60) - 1))
        default: return index + 1
        }
    }

    /// The arena range of a string or number word.
    @inlinable
    public static func bytes(_ word: UInt64) -> (offset: Int, count: Int) {
        (Int(truncatingIfNeeded: (word >> 28) & ((1 << 31) - 1)), Int(truncatingIfNeeded: word & ((1 << 28) - 1)))
    }

    /// `true` when a string word's bytes are all ASCII.
    @inlinable
    public static func isASCII(_ word: UInt64) -> Bool { word & (1 << 59) == 0 }

    /// The value at `index`, rebuilt as a `JSONValue` (for the rare checks that need one).
    /// `index` must start a value: 0 for the whole document, or an index reached by walking the
    /// words (`i + 2` for a container's first element, ``next(_:after:)`` for the following
    /// ones). Any other index is a programming error; an index outside `words` traps.
    public func value(at index: Int) -> JSONValue {
        words.withUnsafeBufferPointer { w in
            arena.withUnsafeBufferPointer { a in Self.value(w, a, index) }
        }
    }

    /// The bytes of a string or number word, in a tape's arena `a`.
    package static func bytes(_ a: UnsafeBufferPointer<UInt8>, _ word: UInt64) -> UnsafeBufferPointer<UInt8> {
        let (offset, count) = bytes(word)
        return UnsafeBufferPointer(rebasing: a[offset..<(offset + count)])
    }

    static func string(_ a: UnsafeBufferPointer<UInt8>, _ word: UInt64) -> String {
        String(decoding: bytes(a, word), as: UTF8.self)
    }

    /// The value at `index` of a tape's buffers.
    package static func value(_ w: UnsafeBufferPointer<UInt64>, _ a: UnsafeBufferPointer<UInt8>, _ index: Int) -> JSONValue {
        let word = w[index]
        switch kind(word) {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .integer: return .number(JSONNumber(Int64(bitPattern: w[index + 1])))
        case .number: return .number(JSONNumber(validLexemeBytes: bytes(a, word)))
        case .string: return .string(string(a, word))
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(Int(w[index + 1]))
            var i = index + 2
            let end = next(w, after: index)
            while i < end {
                elements.append(value(w, a, i))
                i = next(w, after: i)
            }
            return .array(elements)
        case .object:
            var object = JSONObject()
            var i = index + 2
            let end = next(w, after: index)
            while i < end {
                let key = string(a, w[i])
                object[key] = value(w, a, i + 1)
                i = next(w, after: i + 1)
            }
            return .object(object)
        }
    }
}

extension JSONNumber {
    /// A number from lexeme bytes already known to be valid JSON, without allocating for 32 bytes or fewer.
    package init(validLexemeBytes bytes: UnsafeBufferPointer<UInt8>) {
        self.init(storage: bytes.count <= JSONNumber.packedCapacity ? JSONNumber.pack(bytes) : .lexeme(String(decoding: bytes, as: UTF8.self)))
    }
}
