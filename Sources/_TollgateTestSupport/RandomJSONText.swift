/// Random JSON texts for differential tests: nested objects and arrays, keys repeated now and then,
/// decimals of every shape (`0.1`, `1e-7`, `-0.0`, 17 digits, `1E+2`), integers past 2^63, strings
/// with escapes, `\u` escapes (surrogate pairs included) and raw non-ASCII text. Keys are drawn from
/// a small set of plain names (letters, digits, `_`, `é`), so a path can name them in any notation.
public enum RandomJSONText {
    public static let keys = ["id", "name", "items", "price", "a", "b_2", "é", "history", "x"]

    /// One document, at most `maxDepth` levels deep.
    public static func document(_ g: inout SplitMix64, maxDepth: Int = 5) -> String {
        var out = ""
        value(&g, depth: 0, maxDepth: maxDepth, into: &out)
        return out
    }

    static let numbers = [
        "0", "-0", "7", "-42", "1.5", "249.99", "0.1", "1e-7", "-0.0", "1E+2", "100e-2", "6.02214076e23",
        "0.30000000000000004", "2.718281828459045", "9007199254740993", "123456789012345678901234567890", "10.50",
        "0.001", "0.0001", "12345678.5", "1.0",
    ]
    static let strings = [
        "", "plain", "Zoë", "日本語", "quote \\\" and backslash \\\\", "\\n\\t\\r\\b\\f", "\\u00e9\\u2028", "\\uD83D\\uDE00 emoji",
        "slash \\/ too", "😀 raw", "a longer run of plain text before an escape \\n and after it",
    ]

    static func value(_ g: inout SplitMix64, depth: Int, maxDepth: Int, into out: inout String) {
        switch g.below(depth >= maxDepth ? 5 : 8) {
        case 0: out += ["null", "true", "false"][g.below(3)]
        case 1, 2: out += numbers[g.below(numbers.count)]
        case 3, 4: out += "\"" + strings[g.below(strings.count)] + "\""
        case 5:
            out += "["
            for i in 0..<g.below(6) {
                if i > 0 { out += ", " }
                value(&g, depth: depth + 1, maxDepth: maxDepth, into: &out)
            }
            out += "]"
        default:
            out += "{"
            for i in 0..<g.below(7) {
                if i > 0 { out += "," }
                out += "\"" + keys[g.below(keys.count)] + "\": "
                value(&g, depth: depth + 1, maxDepth: maxDepth, into: &out)
            }
            out += "}"
        }
    }
}
