/// A JSON Pointer (RFC 6901): a path of reference tokens into a JSON document.
///
/// ```swift
/// let p = try JSONPointer("/orders/0/account-id")
/// document[p]                       // the value there, or nil
/// JSONPointer.root.appending("a/b") // "/a~1b"
/// ```
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens.
    public var tokens: [String]

    /// The pointer to the whole document (`""`).
    public static let root = JSONPointer(tokens: [])

    /// A pointer from unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses the string form (`""`, `"/a/0"`, `"/a~1b"` for the key `a/b`, `"/m~0n"` for `m~n`).
    public init(_ string: String) throws(JSONPointer.SyntaxError) {
        if string.isEmpty {
            tokens = []
            return
        }
        guard string.utf8.first == UInt8(ascii: "/") else {
            throw SyntaxError(message: "a JSON Pointer must be empty or start with '/'", offset: 0)
        }
        var tokens: [String] = []
        var current: [UInt8] = []
        var offset = 1
        var bytes = string.utf8.dropFirst().makeIterator()
        while let c = bytes.next() {
            if c == UInt8(ascii: "/") {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else if c == UInt8(ascii: "~") {
                switch bytes.next() {
                case UInt8(ascii: "0"): current.append(UInt8(ascii: "~"))
                case UInt8(ascii: "1"): current.append(UInt8(ascii: "/"))
                default: throw SyntaxError(message: "'~' must be followed by '0' or '1' in a JSON Pointer", offset: offset)
                }
                offset += 1
            } else {
                current.append(c)
            }
            offset += 1
        }
        tokens.append(String(decoding: current, as: UTF8.self))
        self.tokens = tokens
    }

    /// Parses a URI fragment form (`"#/definitions/Order"`, `"#/a%20b"`), as `$ref` uses it.
    public init(uriFragment: String) throws(JSONPointer.SyntaxError) {
        guard uriFragment.utf8.first == UInt8(ascii: "#") else {
            throw SyntaxError(message: "a JSON Pointer URI fragment must start with '#'", offset: 0)
        }
        var decoded: [UInt8] = []
        let bytes = Array(uriFragment.utf8.dropFirst())
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, bytes[i + 1].isHexDigit, bytes[i + 2].isHexDigit,
                    let v = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16)
                else { throw SyntaxError(message: "'%' must be followed by two hex digits", offset: i + 1) }
                decoded.append(v)
                i += 3
            } else {
                decoded.append(bytes[i])
                i += 1
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw SyntaxError(message: "the percent-decoded fragment is not UTF-8", offset: 1)
        }
        do {
            try self.init(text)
        } catch {
            throw SyntaxError(message: error.message, offset: error.offset + 1)
        }
    }

    /// This pointer with one more token.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// This pointer with an array index appended.
    public func appending(index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The pointer to the parent; the root is its own parent.
    public var parent: JSONPointer {
        JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// The escaped string form.
    public var description: String {
        tokens.map { "/" + Self.escape($0) }.joined()
    }

    /// One reference token escaped for a pointer's text (RFC 6901 §3: `~` as `~0`, `/` as `~1`).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count + 4)
        for b in token.utf8 {
            switch b {
            case UInt8(ascii: "~"): bytes += [UInt8(ascii: "~"), UInt8(ascii: "0")]
            case UInt8(ascii: "/"): bytes += [UInt8(ascii: "~"), UInt8(ascii: "1")]
            default: bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One escaped reference token read back (RFC 6901 §4: `~1` then `~0`, so `~01` is `~1`).
    public static func unescape(_ token: String) -> String {
        guard token.utf8.contains(UInt8(ascii: "~")) else { return token }
        let utf8 = Array(token.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "~"), i + 1 < utf8.count, utf8[i + 1] == UInt8(ascii: "1") || utf8[i + 1] == UInt8(ascii: "0") {
                bytes.append(utf8[i + 1] == UInt8(ascii: "1") ? UInt8(ascii: "/") : UInt8(ascii: "~"))
                i += 2
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The URI fragment form: `#` and the string form with characters outside RFC 3986's
    /// fragment set percent-encoded.
    public var uriFragment: String {
        var s = "#"
        for b in description.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                s.unicodeScalars.append(Unicode.Scalar(b))
            case _ where "-._~!$&'()*+,;=:@/?".utf8.contains(b):
                s.unicodeScalars.append(Unicode.Scalar(b))
            default:
                s += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return s
    }

    /// A malformed pointer.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        public let message: String
        /// Offset in UTF-8 bytes of the offending character.
        public let offset: Int
        /// The problem and its offset in the pointer.
        public var description: String { "\(message) (at offset \(offset))" }

        /// An error saying `message` at `offset`.
        public init(message: String, offset: Int) {
            self.message = message
            self.offset = offset
        }
    }
}

extension JSONValue {
    /// The value `pointer` refers to, or `nil` when there is none (RFC 6901 §4: an array
    /// index is `0` or digits without a leading zero; `-` refers to no element).
    public subscript(pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = JSONPointer.arrayIndex(token), i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}

extension JSONPointer {
    static func arrayIndex(_ token: String) -> Int? {
        let u = token.utf8
        guard let first = u.first, first &- UInt8(ascii: "0") < 10, u.count <= 18 else { return nil }
        if first == UInt8(ascii: "0") && u.count > 1 { return nil }
        guard u.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
        return Int(token)
    }
}

extension JSONPointer {
    /// Token by token, by code units: tokens name JSON keys, and `"\u00e9"` and `"e\u0301"` are
    /// different keys (Swift's `String` `==` would equate them).
    public static func == (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.count == rhs.tokens.count && zip(lhs.tokens, rhs.tokens).allSatisfy { exactlyEqual($0, $1) }
    }

    /// Consistent with `==` (code-unit-equal tokens hash alike).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(tokens.count)
        for token in tokens { hasher.combine(token) }
    }
}
