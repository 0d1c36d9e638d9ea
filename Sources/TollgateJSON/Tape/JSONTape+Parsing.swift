extension JSONTape {
    /// Why `JSONTape(parsing:options:)` failed.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text is not JSON: the error ``JSONParser`` reports for it, at the same place.
        case invalidJSON(JSONParseError)
        /// The text is JSON but does not fit the layout (see ``TooLarge``).
        case tooLarge(TooLarge)

        /// Why the text is not JSON, with its place.
        public var description: String {
            switch self {
            case .invalidJSON(let error): error.description
            case .tooLarge(let error): error.description
            }
        }
    }

    /// Parses a JSON text from UTF-8 bytes straight into a tape, without building a
    /// ``JSONValue`` first: the fast way from a request body to `JSONSchema`-style walks.
    ///
    /// It accepts exactly the texts ``JSONParser`` accepts and fails with the same error at the
    /// same place (the two share their scanner), and the tape equals
    /// `JSONTape(JSONValue(parsing: bytes))`, duplicate keys included (the last value wins, at
    /// the first key's place).
    public init(parsing bytes: some Collection<UInt8>, options: JSONParser.Options = .init()) throws(ParseError) {
        let result: Result<JSONTape, ParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(ParseError) in try JSONTape(parsingBuffer: buffer, options: options) }
        }
        if let result {
            self = try result.get()
        } else {
            self = try JSONTape(parsing: Array(bytes), options: options)
        }
    }

    /// Parses a JSON text; see ``init(parsing:options:)-(_,_)``.
    public init(parsing text: String, options: JSONParser.Options = .init()) throws(ParseError) {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(ParseError) in try JSONTape(parsingBuffer: buffer, options: options, knownValidUTF8: true) }
        }
        self = try result.get()
    }

    /// `knownValidUTF8` when `input` is a `String`'s bytes (its strings are then not checked again).
    init(parsingBuffer input: UnsafeBufferPointer<UInt8>, options: JSONParser.Options, knownValidUTF8: Bool = false) throws(ParseError) {
        // A text of up to 256 MiB cannot hold a longer string, and its arena cannot outgrow it;
        // a longer one goes through a `JSONValue`, whose layout step checks every limit.
        guard input.count <= Int(Self.lengthMask) else {
            let value: JSONValue
            do { value = try JSONParser(options: options).parse(UnsafeRawBufferPointer(input), knownValidUTF8: knownValidUTF8) } catch {
                throw .invalidJSON(error)
            }
            do { self = try JSONTape(value) } catch { throw .tooLarge(error) }
            return
        }
        // The arena is written in place in the array it ends up in (it is never longer than the
        // text); the words start on the stack.
        var outcome: Result<(words: [UInt64], duplicateKey: Bool), JSONParseError> = .success(([], false))
        let arena = [UInt8](unsafeUninitializedCapacity: max(input.count, 1)) { buffer, initialized in
            ParserCore.withScratchAreas { areas in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: TapeParser.stackWords) { stackWords in
                    let words = stackWords.baseAddress!
                    var core = ParserCore(input: input, options: options, areas: areas)
                    core.knownValidUTF8 = knownValidUTF8
                    var parser = TapeParser(core: core, arena: buffer.baseAddress!, words: words)
                    defer { parser.release() }
                    do throws(JSONParseError) {
                        try parser.parse()
                        outcome = .success((Array(UnsafeBufferPointer(start: parser.words, count: parser.wordCount)), parser.duplicateKey))
                    } catch {
                        outcome = .failure(error)
                    }
                    initialized = parser.arenaCount
                }
            }
        }
        let parsed: (words: [UInt64], duplicateKey: Bool)
        do { parsed = try outcome.get() } catch { throw .invalidJSON(error) }
        if parsed.duplicateKey {
            // Rare: let the value's object settle which member stays, then lay it out.
            let value = try! JSONParser(options: options).parse(UnsafeRawBufferPointer(input))
            self = try! JSONTape(value)
            return
        }
        words = parsed.words
        self.arena = arena
    }
}

/// Lays out a tape while ``ParserCore`` scans the text: its open containers are the core's
/// frames (`valueStart` is the container's head word, whose next word counts its members
/// as they come), and each open object's key hashes are on the core's hash stack. Words and
/// bytes go to raw memory, so laying out costs no reference counting.
struct TapeParser {
    var core: ParserCore
    /// The words: first in memory lent by the caller (``stackWords``), then on the heap.
    var words: UnsafeMutablePointer<UInt64>
    var wordCount = 0
    var wordCapacity = TapeParser.stackWords
    var ownsWords = false
    /// The arena, with room for the text's length.
    let arena: UnsafeMutablePointer<UInt8>
    var arenaCount = 0
    /// Two keys of one object hash alike: most likely a duplicate, which the caller settles.
    var duplicateKey = false

    /// Words the caller lends (on its stack), enough for a request-sized document: 1 KiB, the most
    /// Swift places on the stack without asking the runtime.
    static let stackWords = 128

    init(core: ParserCore, arena: UnsafeMutablePointer<UInt8>, words: UnsafeMutablePointer<UInt64>) {
        self.core = core
        self.arena = arena
        self.words = words
    }

    /// Frees the words if they moved to the heap, and the core's stacks if they did.
    func release() {
        if ownsWords { words.deallocate() }
        core.releaseStorage()
    }

    @inline(__always)
    mutating func put(_ word: UInt64) {
        if wordCount == wordCapacity { grow() }
        words[wordCount] = word
        wordCount &+= 1
    }

    mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCapacity * 2)
        bigger.update(from: words, count: wordCount)
        if ownsWords { words.deallocate() }
        (words, wordCapacity, ownsWords) = (bigger, wordCapacity * 2, true)
    }

    mutating func parse() throws(JSONParseError) {
        try core.startDocument()
        parseValue: while true {
            let pos = core.pos
            guard pos < core.count else { throw core.error(.unexpectedEnd(expected: "expected a value"), at: pos) }
            switch core.p[pos] {
            case UInt8(ascii: "{"):
                try open(isObject: true)
                core.skipWhitespace()
                if core.pos < core.count && core.p[core.pos] == UInt8(ascii: "}") {
                    core.pos += 1
                    close()
                } else {
                    try key()
                    continue parseValue
                }
            case UInt8(ascii: "["):
                try open(isObject: false)
                core.skipWhitespace()
                if core.pos < core.count && core.p[core.pos] == UInt8(ascii: "]") {
                    core.pos += 1
                    close()
                } else {
                    continue parseValue
                }
            case UInt8(ascii: "\""):
                try string(core.scanString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if let n = try core.scanNumber() {
                    put(JSONTape.Builder.word(.integer))
                    put(UInt64(bitPattern: n))
                } else {
                    append(.number, UnsafeBufferPointer(start: core.p + pos, count: core.pos - pos), ascii: true)
                }
            case UInt8(ascii: "t"):
                try core.expectLiteral("true")
                put(JSONTape.Builder.word(.true))
            case UInt8(ascii: "f"):
                try core.expectLiteral("false")
                put(JSONTape.Builder.word(.false))
            case UInt8(ascii: "n"):
                try core.expectLiteral("null")
                put(JSONTape.Builder.word(.null))
            default:
                throw core.unexpectedValueStart()
            }
            // After a value: count it in its container, then close containers or move on.
            while let frame = core.frames.last {
                words[frame.valueStart + 1] &+= 1
                if try core.moreMembers(inObject: frame.isObject) {
                    if frame.isObject { try key() }
                    continue parseValue
                }
                close()
            }
            break
        }
        try core.endDocument()
    }

    mutating func open(isObject: Bool) throws(JSONParseError) {
        try core.checkDepth(core.frames.count)
        core.frames.push(ParserCore.Frame(isObject: isObject, valueStart: wordCount))
        put(0)
        put(0)
        core.pos += 1
    }

    /// Closes the innermost container: its head word gets the index past its end.
    mutating func close() {
        let frame = core.frames.popLast()
        words[frame.valueStart] = JSONTape.Builder.word(frame.isObject ? .object : .array, UInt64(wordCount))
        guard frame.isObject else { return }
        let members = Int(words[frame.valueStart + 1])
        let first = core.keyHashes.count - members
        if members > 1 && !duplicateKey {
            // Equal hashes are taken for a repeated key: the rare false one only costs the slow path.
            duplicateKey = core.repeatsHash(core.keyHashes.base + first, count: members) { _, _ in true }
        }
        core.keyHashes.count = first
    }

    /// A member's key, its hash for the duplicate check, and the `:` after it.
    mutating func key() throws(JSONParseError) {
        try core.expectKey()
        let text = try core.scanString()
        core.keyHashes.push(hashBytes(text.bytes))
        try string(text)
        try core.expectColon()
    }

    @inline(__always)
    mutating func string(_ text: ParserCore.ScannedString) throws(JSONParseError) {
        var ascii = !text.nonASCII
        if text.nonASCII, !core.knownValidUTF8, let base = text.bytes.baseAddress,
            UTF8Validation.firstInvalid(base, from: 0, to: text.bytes.count) != nil
        {
            throw core.invalidUTF8(inputStart: text.inputStart)
        }
        if text.escaped && ascii { ascii = text.bytes.allSatisfy { $0 < 0x80 } }
        append(.string, text.bytes, ascii: ascii)
    }

    /// Copies `bytes` to the arena's end and puts a word of `kind` for them.
    @inline(__always)
    mutating func append(_ kind: JSONTape.Kind, _ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) {
        let offset = arenaCount
        let n = bytes.count
        if let source = bytes.baseAddress {
            let target = arena + offset
            // Short copies without a call (a byte loop would become one to memmove): the
            // commonest strings are short.
            if n < 4 {
                if n > 0 {
                    target[0] = source[0]
                    target[n >> 1] = source[n >> 1]
                    target[n - 1] = source[n - 1]
                }
            } else if n < 8 {
                let first = UnsafeRawPointer(source).loadUnaligned(as: UInt32.self)
                let last = UnsafeRawPointer(source + (n - 4)).loadUnaligned(as: UInt32.self)
                UnsafeMutableRawPointer(target).storeBytes(of: first, as: UInt32.self)
                UnsafeMutableRawPointer(target + (n - 4)).storeBytes(of: last, as: UInt32.self)
            } else if n <= 16 {
                // Two overlapping words, both inside the source.
                let first = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
                let last = UnsafeRawPointer(source + (n - 8)).loadUnaligned(as: UInt64.self)
                UnsafeMutableRawPointer(target).storeBytes(of: first, as: UInt64.self)
                UnsafeMutableRawPointer(target + (n - 8)).storeBytes(of: last, as: UInt64.self)
            } else {
                target.update(from: source, count: n)
            }
        }
        arenaCount = offset + n
        put(JSONTape.Builder.word(kind, UInt64(offset) << JSONTape.lengthBits | UInt64(n) | (ascii ? 0 : JSONTape.nonASCII)))
    }
}
