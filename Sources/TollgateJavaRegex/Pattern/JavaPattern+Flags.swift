extension JavaPattern {
    /// `java.util.regex.Pattern`'s flags, with Java's bit values.
    public struct Flags: OptionSet, Sendable, Hashable {
        /// The flags' bits, as Java's `Pattern` constants define them.
        public let rawValue: Int32
        /// Flags of these bits.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `UNIX_LINES` (`(?d)`): only `\n` ends a line for `.`, `^` and `$`.
        public static let unixLines = Flags(rawValue: 0x01)
        /// `CASE_INSENSITIVE` (`(?i)`): ASCII-only unless combined with ``unicodeCase``.
        public static let caseInsensitive = Flags(rawValue: 0x02)
        /// `COMMENTS` (`(?x)`): whitespace and `#` comments in the pattern are ignored.
        public static let comments = Flags(rawValue: 0x04)
        /// `MULTILINE` (`(?m)`): `^` and `$` match at line terminators.
        public static let multiline = Flags(rawValue: 0x08)
        /// `LITERAL`: the pattern is a literal string.
        public static let literal = Flags(rawValue: 0x10)
        /// `DOTALL` (`(?s)`): `.` matches line terminators.
        public static let dotAll = Flags(rawValue: 0x20)
        /// `UNICODE_CASE` (`(?u)`): case-insensitive matching folds all of Unicode.
        public static let unicodeCase = Flags(rawValue: 0x40)
        /// `CANON_EQ` (`(?c)`): accepted and ignored (canonical equivalence is not implemented).
        public static let canonicalEquivalence = Flags(rawValue: 0x80)
        /// `UNICODE_CHARACTER_CLASS` (`(?U)`): `\w \d \s \b` and POSIX classes are Unicode; implies ``unicodeCase``.
        public static let unicodeCharacterClass = Flags(rawValue: 0x100)
    }
}
