extension JavaPattern {
    /// A pattern that does not compile, described as Java's `PatternSyntaxException` does.
    ///
    /// ``description`` and ``index`` are Java's (`Illegal repetition`, the index in code points
    /// of the pattern, or -1); ``message`` is `getMessage()`'s text: the description, `near
    /// index N`, the pattern, and a caret under the index.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Java's `getDescription()`.
        public let reason: String
        /// Java's `getIndex()`: code points from the start of the pattern, or -1.
        public let index: Int
        /// The pattern as given.
        public let pattern: String

        /// A syntax error: `reason`, near `index` (-1 when unknown) in `pattern`.
        public init(reason: String, index: Int, pattern: String) {
            self.reason = reason
            self.index = index
            self.pattern = pattern
        }

        /// Java's `PatternSyntaxException.getMessage()`.
        public var message: String {
            var s = reason
            if index >= 0 { s += " near index \(index)" }
            s += "\n" + pattern
            if index >= 0 && index < pattern.unicodeScalars.count {
                s += "\n" + String(repeating: " ", count: index) + "^"
            }
            return s
        }

        /// The message as Java's `PatternSyntaxException.getMessage()` writes it.
        public var description: String { message }
    }
}
