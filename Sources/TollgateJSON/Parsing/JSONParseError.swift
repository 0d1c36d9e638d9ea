/// Why and where a JSON text failed to parse.
///
/// `description` reads like `expected ',' or '}' after an object member at line 3, column 14`.
/// Lines and columns count from 1; the column counts Unicode scalars (characters as a person
/// sees them in an editor, for everything outside the combining marks), the byte offset counts
/// UTF-8 bytes from 0.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public let reason: Reason
    /// Offset of the offending byte from the start of the input (0-based, in bytes).
    public let offset: Int
    /// Line of the offending byte, from 1.
    public let line: Int
    /// Column of the offending byte, from 1, in Unicode scalars.
    public let column: Int

    /// The error's kind in words.
    public var description: String {
        "\(reason) at line \(line), column \(column)"
    }

    /// The kinds of parse failure. A struct over a private enum so that kinds can be added
    /// without breaking callers; compare with `==` against the static members.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Hashable, Sendable {
            case emptyInput
            case unexpectedEnd(String)
            case unexpectedCharacter(String, expected: String)
            case invalidUTF8
            case leadingZero
            case invalidNumber(String)
            case trailingComma
            case comment
            case nonStandardLiteral(String)
            case controlCharacter(UInt8)
            case invalidEscape(String)
            case loneSurrogate(String)
            case singleQuote
            case trailingContent
            case depthLimitExceeded(Int)
        }

        let kind: Kind

        /// The input holds nothing but whitespace.
        public static let emptyInput = Reason(kind: .emptyInput)
        /// The input stopped in the middle of a value.
        public static func unexpectedEnd(expected: String) -> Reason { Reason(kind: .unexpectedEnd(expected)) }
        /// A character that cannot stand here.
        public static func unexpectedCharacter(_ found: String, expected: String) -> Reason {
            Reason(kind: .unexpectedCharacter(found, expected: expected))
        }
        /// Bytes inside a string that are not well-formed UTF-8.
        public static let invalidUTF8 = Reason(kind: .invalidUTF8)
        /// A number with a superfluous leading zero (`01`).
        public static let leadingZero = Reason(kind: .leadingZero)
        /// A malformed number (`1.`, `-`, `1e`).
        public static func invalidNumber(_ detail: String) -> Reason { Reason(kind: .invalidNumber(detail)) }
        /// A comma before `]` or `}`.
        public static let trailingComma = Reason(kind: .trailingComma)
        /// A `//` or `/* */` comment.
        public static let comment = Reason(kind: .comment)
        /// `NaN`, `Infinity` or `-Infinity`.
        public static func nonStandardLiteral(_ literal: String) -> Reason { Reason(kind: .nonStandardLiteral(literal)) }
        /// An unescaped control character (U+0000–U+001F) inside a string.
        public static func controlCharacter(_ byte: UInt8) -> Reason { Reason(kind: .controlCharacter(byte)) }
        /// A backslash escape JSON does not define, or a malformed `\u` escape.
        public static func invalidEscape(_ detail: String) -> Reason { Reason(kind: .invalidEscape(detail)) }
        /// A `\u` escape of a UTF-16 surrogate without its pair.
        public static func loneSurrogate(_ escape: String) -> Reason { Reason(kind: .loneSurrogate(escape)) }
        /// A string in single quotes.
        public static let singleQuote = Reason(kind: .singleQuote)
        /// More input after the JSON value.
        public static let trailingContent = Reason(kind: .trailingContent)
        /// Arrays and objects nested deeper than the configured limit.
        public static func depthLimitExceeded(_ limit: Int) -> Reason { Reason(kind: .depthLimitExceeded(limit)) }

        /// `line:column: message`.
        public var description: String {
            switch kind {
            case .emptyInput: "empty input: expected a JSON value"
            case .unexpectedEnd(let expected): "unexpected end of input: \(expected)"
            case .unexpectedCharacter(let found, let expected): "\(expected), found \(found)"
            case .invalidUTF8: "invalid UTF-8 in a string"
            case .leadingZero: "a number cannot have a leading zero"
            case .invalidNumber(let detail): "invalid number: \(detail)"
            case .trailingComma: "trailing comma: expected a value after ','"
            case .comment: "comments are not allowed in JSON"
            case .nonStandardLiteral(let l): "'\(l)' is not a JSON value (JSON has no NaN or Infinity)"
            case .controlCharacter(let b):
                "unescaped control character U+\(String(b, radix: 16, uppercase: true).leftPadded(4)) in a string (write it as an escape)"
            case .invalidEscape(let detail): "invalid escape \(detail)"
            case .loneSurrogate(let e): "lone UTF-16 surrogate \(e) in a \\u escape"
            case .singleQuote: "strings must use double quotes, found '"
            case .trailingContent: "unexpected content after the JSON value"
            case .depthLimitExceeded(let limit): "arrays and objects are nested deeper than the limit of \(limit)"
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension JSONParseError {
    /// Builds an error at `offset` of `input`, computing line and column.
    init(_ reason: Reason, offset: Int, in input: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, input.count)
        while i < end {
            let b = input[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b == UInt8(ascii: "\r") {
                // CR LF counts as one line break; a lone CR as one too.
                if i + 1 < end, input[i + 1] == UInt8(ascii: "\n") { i += 1 }
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                // Count scalars: skip UTF-8 continuation bytes.
                column += 1
            }
            i += 1
        }
        self.init(reason: reason, offset: offset, line: line, column: column)
    }
}
