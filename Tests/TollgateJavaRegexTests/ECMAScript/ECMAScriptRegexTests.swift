import Foundation
import Testing
import TollgateJavaRegex
import _TollgateTestSupport

/// ECMAScript patterns (JSON Schema `pattern`) against Node's `RegExp.prototype.test`, plus the
/// rules API Gateway's validator relies on.
struct ECMAScriptRegexTests {
    static let patterns = [
        "[A-Za-z]{6}[0-9]{6}", "^[a-z]+$", "^\\d{3}-\\d{4}$", "\\w+@\\w+\\.com", "^\\s*$", ".", "^.$", "a.c", "^abc$", "abc$", "^$", "\\bfoo\\b",
        "\\Bo", "(a)\\1", "\\1(a)", "(a)|\\1b", "\\2(a)", "\\8", "\\08", "\\101", "\\0", "a{", "a{1", "a{1,", "x{2,1}", "{", "}", "]", "a{2}",
        "a{2,}", "a{,2}", "[a-z-]", "[\\d-z]", "[\\w-]", "[]", "[^]", "[\\b]", "\\cJ", "\\c1", "\\c", "\\x4", "\\x41", "\\u0041", "\\u004",
        "\\uD83D\\uDE00",
        "\\p{L}", "\\k", "\\a", "\\e", "\\z", "[\\s]", "\\S+", "\\W", "\\D", "(?:ab)+", "(?=a)a", "(?!a)b", "a*?b", "a+?", "(", ")", "[", "*a", "+",
        "a**", "a|", "|", "^*", "$+", "\\b+", "(?=a)*", "[z-a]", "[\\d-\\w]", "\\/", "é", "[à-ÿ]", "\\u00e9", "\\x{41}",
        // Shapes of the class-sequence fast path (and near misses that stay with PCRE2).
        "^[a-z0-9-]+$", "^[a-z0-9-]*$", "^[A-Z]{2,3}$", "^[A-Z]{2,}$", "[0-9]{2}", "^a{0}$", "^\\d{3}$", "x{3}", "^[ab]{2}c$", "[\\-.]{2}$",
        "^[^a]$", "^[a-z]+", "[a-z]+$", "^(?:[a-z]){2}$", "^[a-f\\d]{4}$", "ab{2}c", "^$|a", "^ab+$", "[ -~]{3}",
    ]
    static let inputs = [
        "", "a", "abc", "abcdef123456", "x abcdef123456 y", "ABCDEF123456", "foo", "a foo b", "foobar", "555-1234", "a@b.com", " \t\n", "\u{A0}",
        "\u{FEFF}", "\u{2028}", "\n", "\r", "aa", "ab", "ba", "\u{8}", "\n", "A", "a{", "a{1", "{", "}", "]", "aaa", "-", "_", "8", "\u{8}8", "\u{0}",
        "\u{1}", "cJ", "\\c1", "\\", "x4", "u004", "😀", "p{L}", "k", "é", "É", "/", "{x}",
        "ab-12", "aa-", "12", "123", "xxx", "xxxx", "AB", "ABC", "ABCD", "abc c", "ab\u{e9}", "abbc", "ac", "a-.b", "dead", "bee1", "..",
    ]

    /// The shapes the class-sequence fast form takes; the oracle above checks its answers.
    @Test func classSequenceShapes() throws {
        for fast in ["[A-Za-z]{6}[0-9]{6}", "^[a-z0-9-]+$", "^\\d{3}-\\d{4}$", "^$", "abc", "^[A-Z]{2,3}$", "[]"] {
            #expect(try ECMAScriptRegex(fast).usesClassSequence, "\(fast)")
        }
        for slow in ["^[^a]$", "a|b", "^[a-z]+", "é", ".", "\\bfoo", "(a)\\1", "a{2,3}b", "^(?:[a-z]){2}$"] {
            #expect(try !ECMAScriptRegex(slow).usesClassSequence, "\(slow)")
        }
    }

    @Test func agreesWithNode() async throws {
        var cases: [(String, String)] = []
        for p in Self.patterns { for i in Self.inputs { cases.append((p, i)) } }
        let text = cases.map { "\(JavaOracle.escape($0.0))\t\(JavaOracle.escape($0.1))" }.joined(separator: "\n") + "\n"
        let run = try await ChildProcess.run(
            "node",
            [JavaOracle.packageRoot.appendingPathComponent("Tests/Oracles/ecmascript-oracle.js").path],
            stdin: Data(text.utf8)
        )
        let answers = run.stdoutText.split(separator: "\n")
        try #require(answers.count == cases.count)
        var disagreements = 0
        for ((pattern, subject), answer) in zip(cases, answers) {
            let node: String
            if answer.hasPrefix("error") { node = "error" } else { node = String(answer.dropFirst(3)) }
            let ours: String
            do {
                ours = String(try ECMAScriptRegex(pattern).test(subject))
            } catch {
                ours = "error"
            }
            // ECMAScript without the u flag counts UTF-16 units: a character outside the BMP is two (documented).
            if subject.unicodeScalars.contains(where: { $0.value > 0xFFFF }), ours != "error" { continue }
            if node != ours {
                disagreements += 1
                Issue.record("pattern \(pattern.debugDescription) input \(subject.debugDescription): node \(node), tollgate \(ours)")
            }
        }
        print("ECMAScript oracle: \(cases.count) cases, \(disagreements) disagreements")
    }

    @Test func schemaPatternsAreUnanchoredSearches() throws {
        let accountId = try ECMAScriptRegex("[A-Za-z]{6}[0-9]{6}")
        #expect(accountId.test("abcdef123456"))
        #expect(accountId.test("xxabcdef123456yy"))
        #expect(!accountId.test("abc123"))
        #expect(try !ECMAScriptRegex("^a$").test("a\n"))
        #expect(try ECMAScriptRegex("^\\w+$").test("abc_1"))
        #expect(try !ECMAScriptRegex("^\\w+$").test("é"))
        #expect(try ECMAScriptRegex("^\\s$").test("\u{FEFF}"))
        #expect(try !ECMAScriptRegex("^.$").test("\u{2028}"))
    }

    @Test func syntaxErrors() {
        for bad in ["(", "[a", "*", "a**", "x{2,1}", "[z-a]", "\\"] {
            #expect(throws: ECMAScriptRegex.SyntaxError.self, "\(bad)") { try ECMAScriptRegex(bad) }
        }
    }
}
