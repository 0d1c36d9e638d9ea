/// A growable stack of values in raw memory whose elements are *moved* out, never copied,
/// so building an array from the stack costs no reference counting.
///
/// Invariants: `base[0..<count]` are initialized and `count <= capacity`; memory lent by the caller
/// (``init(borrowing:capacity:)``) is never freed by the stack, and the first growth moves the
/// elements to memory of its own; the parser calls ``release()`` once, when it is done.
struct MoveStack<Element> {
    var base: UnsafeMutablePointer<Element>
    var count = 0
    var capacity: Int
    /// `false` while `base` is memory lent by the caller (the parser's stack scratch area).
    var ownsMemory: Bool

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        ownsMemory = true
    }

    /// A stack that starts in `memory` (not freed by this stack) and moves to the heap when full.
    init(borrowing memory: UnsafeMutableRawPointer, capacity: Int) {
        self.capacity = capacity
        base = memory.bindMemory(to: Element.self, capacity: capacity)
        ownsMemory = false
    }

    /// Bytes a borrowed region needs for `capacity` elements.
    static func bytes(_ capacity: Int) -> Int { MemoryLayout<Element>.stride * capacity }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func grow() {
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        newBase.moveInitialize(from: base, count: count)
        if ownsMemory { base.deallocate() }
        base = newBase
        capacity *= 2
        ownsMemory = true
    }

    @inline(__always)
    var last: Element? { count > 0 ? base[count - 1] : nil }

    /// Moves the top element out.
    @inline(__always)
    mutating func popLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    @inline(__always)
    mutating func removeLast() {
        count -= 1
        (base + count).deinitialize(count: 1)
    }

    /// Moves the elements from `start` to the top into a new array.
    @inline(__always)
    mutating func popArray(from start: Int) -> [Element] {
        let n = count - start
        let source = base + start
        // `reserveCapacity` and appends, not `Array(unsafeUninitializedCapacity:)`: that one calls the
        // standard library's unspecialized allocator, which looks the array's storage class up in the
        // runtime's metadata cache for every array (a tenth of a parse of a body of small objects).
        var array: [Element] = []
        array.reserveCapacity(n)
        for j in 0..<n { array.append((source + j).move()) }
        count = start
        return array
    }

    func release() {
        base.deinitialize(count: count)
        if ownsMemory { base.deallocate() }
    }
}

/// The parser's state machine. Iterative (an explicit stack of open containers), so nesting
/// depth costs heap, not call stack.
struct ParserCore {
    struct Frame {
        var isObject: Bool
        var valueStart: Int
    }

    let input: UnsafeBufferPointer<UInt8>
    let p: UnsafePointer<UInt8>
    let count: Int
    let options: JSONParser.Options
    /// The input came from a Swift `String`, so it is well-formed UTF-8 already: strings are made
    /// without checking their bytes again (escapes are decoded into well-formed UTF-8 either way).
    var knownValidUTF8 = false
    var pos = 0
    var frames: MoveStack<Frame>
    var values: MoveStack<JSONValue>
    var keys: MoveStack<String>
    var keyHashes: MoveStack<UInt64>
    /// Decoded bytes of a string with escapes.
    var scratch: RawByteBuffer
    /// Open-addressing table for the duplicate-key check of large objects.
    var hashTable: [UInt64] = []
    /// Recently made keys, so that a key repeated across objects (most are) is one table
    /// probe instead of a new `String`. Allocated only once a document has many keys.
    var keyCache: UnsafeMutablePointer<KeyCacheEntry>? = nil
    var keysSeen = 0

    struct KeyCacheEntry {
        var hash: UInt64
        var offset: Int
        var length: Int
        var key: String
    }

    static let keyCacheSize = 256
    static let keyCacheThreshold = 64

    static let emptyByte: UInt8 = 0

    /// Initial capacities of the stacks; a request-sized document fits, so its parse
    /// allocates nothing but the values it returns.
    static let initialFrames = 32
    static let initialValues = 42
    static let initialKeys = 32
    static let initialScratch = 256

    /// The stacks' first blocks, each at most ``ScratchAreas/blockBytes``: frames and keys, values,
    /// key hashes and scratch bytes.
    struct ScratchAreas {
        /// The most Swift places on the call stack without asking the runtime, which on Linux
        /// answers with the heap (a `malloc` per parse).
        static let blockBytes = 1024
        static var bytes: (first: Int, second: Int, third: Int) {
            (
                MoveStack<Frame>.bytes(initialFrames) + MoveStack<String>.bytes(initialKeys),
                MoveStack<JSONValue>.bytes(initialValues),
                MoveStack<UInt64>.bytes(initialKeys) + initialScratch
            )
        }

        let first: UnsafeMutableRawPointer
        let second: UnsafeMutableRawPointer
        let third: UnsafeMutableRawPointer
    }

    /// Runs `body` with ``ScratchAreas`` on the call stack.
    @inline(__always)
    static func withScratchAreas<R, E: Error>(_ body: (ScratchAreas) throws(E) -> R) throws(E) -> R {
        let bytes = ScratchAreas.bytes
        return try withUnsafeTemporaryAllocation(byteCount: bytes.first, alignment: 16) { (first) throws(E) -> R in
            try withUnsafeTemporaryAllocation(byteCount: bytes.second, alignment: 16) { (second) throws(E) -> R in
                try withUnsafeTemporaryAllocation(byteCount: bytes.third, alignment: 16) { (third) throws(E) -> R in
                    try body(ScratchAreas(first: first.baseAddress!, second: second.baseAddress!, third: third.baseAddress!))
                }
            }
        }
    }

    /// A parser whose stacks start in `areas` (``withScratchAreas(_:)``).
    init(input: UnsafeBufferPointer<UInt8>, options: JSONParser.Options, areas: ScratchAreas) {
        frames = MoveStack(borrowing: areas.first, capacity: Self.initialFrames)
        keys = MoveStack(borrowing: areas.first + MoveStack<Frame>.bytes(Self.initialFrames), capacity: Self.initialKeys)
        values = MoveStack(borrowing: areas.second, capacity: Self.initialValues)
        keyHashes = MoveStack(borrowing: areas.third, capacity: Self.initialKeys)
        scratch = RawByteBuffer(
            borrowing: (areas.third + MoveStack<UInt64>.bytes(Self.initialKeys)).assumingMemoryBound(to: UInt8.self),
            capacity: Self.initialScratch
        )
        self.input = input
        // An empty buffer may have no base address; point at a static byte instead.
        self.p = input.baseAddress ?? withUnsafePointer(to: ParserCore.emptyByte) { $0 }
        self.count = input.count
        self.options = options
    }

    func releaseStorage() {
        frames.release()
        values.release()
        keys.release()
        keyHashes.release()
        scratch.release()
        if let keyCache {
            keyCache.deinitialize(count: Self.keyCacheSize)
            keyCache.deallocate()
        }
    }

    func error(_ reason: JSONParseError.Reason, at offset: Int) -> JSONParseError {
        JSONParseError(reason, offset: offset, in: input)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let c = p[pos]
            if c > 0x20 { return }
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        try startDocument()
        try parseValues()
        try endDocument()
        return values.popLast()
    }

    /// Skips a byte-order mark and whitespace up to the document's value.
    mutating func startDocument() throws(JSONParseError) {
        if count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { pos = 3 }
        skipWhitespace()
        if pos >= count { throw error(.emptyInput, at: pos) }
    }

    /// Checks that only whitespace follows the document's value.
    mutating func endDocument() throws(JSONParseError) {
        skipWhitespace()
        if pos < count { throw error(.trailingContent, at: pos) }
    }

    mutating func openContainer(isObject: Bool) throws(JSONParseError) {
        try checkDepth(frames.count)
        frames.push(Frame(isObject: isObject, valueStart: values.count))
        pos += 1
    }

    /// Fails when `open` containers are already open and another may not be. (This and
    /// ``expectKey()`` are `mutating` only so that a parser holding the core as a property
    /// lends it to them instead of copying it.)
    @inline(__always)
    mutating func checkDepth(_ open: Int) throws(JSONParseError) {
        if open >= options.maxDepth { throw error(.depthLimitExceeded(options.maxDepth), at: pos) }
    }

    /// Parses values until the outermost one is complete; it is left on `values`.
    mutating func parseValues() throws(JSONParseError) {
        parseValue: while true {
            // Whitespace before the value has been skipped.
            guard pos < count else { throw error(.unexpectedEnd(expected: "expected a value"), at: pos) }
            switch p[pos] {
            case UInt8(ascii: "{"):
                try openContainer(isObject: true)
                skipWhitespace()
                if pos < count && p[pos] == UInt8(ascii: "}") {
                    pos += 1
                    frames.removeLast()
                    values.push(.object(JSONObject()))
                } else {
                    try parseKeyAndColon(afterComma: false)
                    continue parseValue
                }
            case UInt8(ascii: "["):
                try openContainer(isObject: false)
                skipWhitespace()
                if pos < count && p[pos] == UInt8(ascii: "]") {
                    pos += 1
                    frames.removeLast()
                    values.push(.array([]))
                } else {
                    continue parseValue
                }
            case UInt8(ascii: "\""):
                values.push(.string(try parseString(isKey: false)))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                values.push(.number(try parseNumber()))
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                values.push(.bool(true))
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                values.push(.bool(false))
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                values.push(.null)
            default:
                throw unexpectedValueStart()
            }

            // After a value: close containers or move to the next element.
            while let frame = frames.last {
                if try moreMembers(inObject: frame.isObject) {
                    if frame.isObject { try parseKeyAndColon(afterComma: true) }
                    continue parseValue
                }
                frames.removeLast()
                if frame.isObject {
                    let object = try finishObject(valueStart: frame.valueStart)
                    values.push(.object(object))
                } else {
                    values.push(.array(values.popArray(from: frame.valueStart)))
                }
            }
            return
        }
    }

    /// After a member or element: `true` past a `,` (and the whitespace after it), `false`
    /// past the container's closing bracket.
    @inline(__always)
    mutating func moreMembers(inObject isObject: Bool) throws(JSONParseError) -> Bool {
        skipWhitespace()
        let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let expected = isObject ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array element"
        guard pos < count else { throw error(.unexpectedEnd(expected: expected), at: pos) }
        let c = p[pos]
        if c == UInt8(ascii: ",") {
            pos += 1
            skipWhitespace()
            if pos < count && p[pos] == closer { throw error(.trailingComma, at: pos) }
            return true
        } else if c == closer {
            pos += 1
            return false
        }
        throw unexpected(at: pos, expected: expected)
    }

    /// Parses `"key" :` and skips whitespace up to the value.
    mutating func parseKeyAndColon(afterComma: Bool) throws(JSONParseError) {
        try expectKey()
        keys.push(try parseString(isKey: true))
        try expectColon()
    }

    /// Checks that a key's opening quote is at `pos`.
    @inline(__always)
    mutating func expectKey() throws(JSONParseError) {
        guard pos < count else { throw error(.unexpectedEnd(expected: "expected a string key in double quotes"), at: pos) }
        let c = p[pos]
        guard c == UInt8(ascii: "\"") else {
            if c == UInt8(ascii: "'") { throw error(.singleQuote, at: pos) }
            if c == UInt8(ascii: "/") { throw error(.comment, at: pos) }
            throw unexpected(at: pos, expected: "expected a string key in double quotes")
        }
    }

    /// Skips whitespace, `:` and whitespace after a key.
    @inline(__always)
    mutating func expectColon() throws(JSONParseError) {
        skipWhitespace()
        guard pos < count else { throw error(.unexpectedEnd(expected: "expected ':' after an object key"), at: pos) }
        guard p[pos] == UInt8(ascii: ":") else { throw unexpected(at: pos, expected: "expected ':' after an object key") }
        pos += 1
        skipWhitespace()
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let n = literal.utf8CodeUnitCount
        let l = literal.utf8Start
        var i = 0
        while i < n {
            guard pos + i < count else {
                throw error(.unexpectedEnd(expected: "expected '\(literal)'"), at: pos + i)
            }
            guard p[pos + i] == l[i] else { throw unexpected(at: pos + i, expected: "expected '\(literal)'") }
            i += 1
        }
        pos += n
    }

    /// The error for a byte that cannot start a value.
    func unexpectedValueStart() -> JSONParseError {
        let c = p[pos]
        switch c {
        case UInt8(ascii: "/"): return error(.comment, at: pos)
        case UInt8(ascii: "'"): return error(.singleQuote, at: pos)
        case UInt8(ascii: "+"): return error(.invalidNumber("a number cannot start with '+'"), at: pos)
        case UInt8(ascii: "."): return error(.invalidNumber("a number cannot start with '.'"), at: pos)
        case UInt8(ascii: "N") where hasPrefix("NaN", at: pos): return error(.nonStandardLiteral("NaN"), at: pos)
        case UInt8(ascii: "I") where hasPrefix("Infinity", at: pos): return error(.nonStandardLiteral("Infinity"), at: pos)
        default: return unexpected(at: pos, expected: "expected a value")
        }
    }

    func hasPrefix(_ s: StaticString, at offset: Int) -> Bool {
        let n = s.utf8CodeUnitCount
        guard offset + n <= count else { return false }
        for i in 0..<n where p[offset + i] != s.utf8Start[i] { return false }
        return true
    }

    /// "expected X, found Y" for the byte at `offset` (or invalid UTF-8 there).
    func unexpected(at offset: Int, expected: String) -> JSONParseError {
        let c = p[offset]
        if c < 0x80 {
            let found =
                c < 0x20 || c == 0x7F
                ? "U+\(String(c, radix: 16, uppercase: true).leftPadded(4))" : "'\(Character(Unicode.Scalar(c)))'"
            return error(.unexpectedCharacter(found, expected: expected), at: offset)
        }
        let length = UTF8Validation.sequenceLength(p, offset, count)
        guard length > 0 else { return error(.invalidUTF8, at: offset) }
        let scalarText = String(decoding: UnsafeBufferPointer(start: p + offset, count: length), as: UTF8.self)
        let scalar = scalarText.unicodeScalars.first!
        let found = "'\(scalarText)' (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)))"
        return error(.unexpectedCharacter(found, expected: expected), at: offset)
    }
}
