import TollgateJavaRegex

/// The differential corpus: patterns and inputs across every row of
/// `docs/behaviour.md` §R, plus API Gateway's own selection patterns. Each pattern is
/// run against each of its inputs through Java 17 and through `JavaPattern`.
enum OracleCorpus {
    typealias F = JavaPattern.Flags

    /// Inputs that exercise line terminators and Unicode.
    static let lines = [
        "", "abc", "abc\n", "abc\r\n", "abc\r", "abc\u{2028}", "abc\u{85}", "abc\n\n", "a\nb", "a\rb", "a\r\nb", "a\u{0B}b", "a\u{0C}b",
        "a\u{2029}b", "\n", "\r\n", "x\r\n\r\ny",
    ]
    static let words = ["", "a", "é", "É", "a_b", "٣", "²", "\u{301}", "foo bar", "x-y", "ÀÉÎ", "ß", "K", "\u{212A}", "Ǆ", "Σσς", "日本"]
    static let general = ["", "a", "ab", "abc", "aaa", "b", "ba", "a1b2", "A", "-", "&", "[", "]", "{", "}", ":", "#", " ", "x y", "a\nb"]

    struct Group {
        var patterns: [String]
        var inputs: [String]
        var flags: F = []
        var replacement: String? = nil
    }

    static let groups: [Group] = [
        // API Gateway selection patterns (docs/behaviour.md §8) and the fixtures' patterns.
        Group(
            patterns: [
                #".*httpStatus\":404.*"#, #".*httpStatus":400.*"#, ".*NotFound.*", #"^\[BadRequest\].*"#, "2\\d{2}", "4\\d{2}|5\\d{2}",
                "(?s).*Exception.*",
                "(\\n|.)+", "Invalid*", ".*", ".+", "[A-Za-z]{6}[0-9]{6}", "the sky is falling!",
            ],
            inputs: [
                "", "200", "404", "500", "x404", #"{"errorType":"NotFound","httpStatus":404,"requestId":"r1"}"#,
                #"{"errorType":"BadRequest","httpStatus":400}"#, "[BadRequest] Validation error: Missing field 'name'",
                "Invalid input", "Invalid", "Invali", "java.lang.RuntimeException: boom\n\tat Foo", "line1\nline2", "line1\r\nline2",
                "abcdef123456", "the sky is falling!",
            ]
        ),
        // 1. dot; 4. UNIX_LINES; DOTALL.
        Group(patterns: ["a.b", ".*", "^.*$", ".", "(?s).", "(?d).", "(?d)a.b", "(?s)a.b"], inputs: lines),
        Group(patterns: ["a.b", ".+"], inputs: lines, flags: .unixLines),
        Group(patterns: ["a.b", ".+"], inputs: lines, flags: .dotAll),
        // 2, 3. $ ^ \Z \z with and without MULTILINE / UNIX_LINES.
        Group(
            patterns: [
                "abc$", "c$", "$", "^", "\\Z", "\\z", "\\A", "abc\\Z", "^abc", "b$", "(?m)^", "(?m)$", "(?m)^b$", "(?m)c$", "(?md)$", "(?md)^",
                "(?d)abc$",
            ],
            inputs: lines
        ),
        Group(patterns: ["^", "$", "^\\w+$", "$\\n?"], inputs: lines, flags: .multiline),
        Group(patterns: ["^", "$"], inputs: lines, flags: [.multiline, .unixLines]),
        // 5. \R.
        Group(patterns: ["\\R", "\\R\\n", "a\\Rb", "\\R{2}", "[\\R]"], inputs: lines),
        // 6, 7. Class union and intersection; POSIX-looking brackets.
        Group(
            patterns: [
                "[a[bc]]", "[a-z&&[def]]", "[a-z&&[^bc]]", "[^a[bc]]", "[a-z&&def]", "[&&a]", "[a&&]", "[[a]&&]", "[&&]", "[a-c[x-z]&&[b-y]]",
                "[^a-z&&b]", "[a&b]", "[a&&b&&c]", "[\\w&&[^\\d]]", "[[:alpha:]]", "[[:alpha:]]+", "[]a]", "[^]a]", "[]", "[a-]", "[-a]", "[a-c-e]",
            ],
            inputs: general + ["d", "c", "x", "y", "z", "p", "_", "1", ":", "h", "l"]
        ),
        // 8. COMMENTS.
        Group(
            patterns: ["(?x)[a b]", "(?x)a b # comment\n c", "(?x)a\\ b", "(?x)[a#]b", "(?x) a {2}", "(?x)a#c\nb"],
            inputs: general + ["abc", "aa", "a b", "#"]
        ),
        // 9, 10, 11, 12, 14. Escapes.
        Group(
            patterns: [
                "[\\w-#]", "[\\d-z]", "[a-\\d]", "\\u0041", "[\\u0041-\\u005A]+", "\\uD83D\\uDE00", "\\uD800", "\\0101", "\\0", "\\08", "\\0377",
                "\\0400",
                "\\x41", "\\x4", "\\x{1F600}", "\\x{110000}", "\\x{41", "\\o{101}", "\\N", "\\K", "\\g1", "\\k'n'", "\\k{n}", "\\ca", "\\cA", "\\c?",
                "\\c",
                "\\t\\n", "\\e", "\\a", "\\f", "\\v", "[\\v]", "[a-\\v]", "\\h+", "\\H", "\\V", "\\Q.*\\E", "\\Qa\\E+", "\\Q\\", "a\\E", "\\Q1\\E",
                "\\y", "\\i",
                "\\", "a\\", "\\-", "\\@", "\\<", "\\#", "\\ ", "\\é",
            ],
            inputs: general + [
                "A", "Z", "AZ", "😀", "\u{1}", "!", "\u{7F}", "\t\n", "\u{1B}", "\u{7}", "\u{C}", "\u{B}", "\n", " \t", "\u{A0}", ".*", "aaa", "1",
                "@", "é",
            ]
        ),
        // 13. \N{NAME}.
        Group(
            patterns: [
                "\\N{LATIN SMALL LETTER A}", "\\N{latin small letter a}+", "\\N{NOPE}", "\\N{SNOWMAN}", "\\N{", "[\\N{DIGIT ONE}-\\N{DIGIT THREE}]",
            ],
            inputs: ["a", "aa", "☃", "2", "4", "A"]
        ),
        // 16. \b and \B.
        Group(patterns: ["\\b", "\\B", "\\bé\\b", "\\bfoo\\b", "\\w\\b", "\\b\\d", "(?U)\\b"], inputs: words),
        // 17, 18, 19, 22. Properties and POSIX classes.
        Group(
            patterns: [
                "\\p{Alpha}", "\\p{Lower}", "\\p{Upper}", "\\p{Punct}", "\\p{Digit}", "\\p{Alnum}", "\\p{Space}", "\\p{XDigit}", "\\p{Graph}",
                "\\p{Print}",
                "\\p{Blank}", "\\p{Cntrl}", "\\p{ASCII}", "\\p{IsGreek}", "\\p{InGreek}", "\\p{InGreek and Coptic}", "\\p{IsGrek}", "\\p{gc=Lu}",
                "\\p{block=BasicLatin}",
                "\\p{blk=Latin-1 Supplement}", "\\p{sc=Latin}", "\\p{script=Han}", "\\p{L1}", "\\p{javaLowerCase}", "\\p{javaUpperCase}",
                "\\p{javaLetter}",
                "\\p{javaDigit}", "\\p{javaWhitespace}", "\\p{IsAlphabetic}", "\\p{Isalphabetic}", "\\p{IsLetter}", "\\p{IsLu}", "\\p{Lu}", "\\pL",
                "\\PL", "\\pLu",
                "\\p{L}", "\\p{LC}", "\\p{LD}", "\\p{all}", "\\p{L&}", "\\p{^L}", "\\p{Greek}", "\\p{Alphabetic}", "\\p{}", "\\p{Foo}",
                "\\p{foo=bar}", "\\p{Lu",
                "\\p{IsWhite_Space}", "\\p{IsPunctuation}", "\\p{IsDigit}", "\\p{IsHex_Digit}", "\\p{IsIdeographic}", "\\P{IsLatin}",
                "[\\p{L}&&[^a-z]]",
                "[^\\p{L}]", "\\p{Sc}", "\\p{So}", "\\w", "\\d", "\\s", "\\W", "\\D", "\\S", "(?U)\\w", "(?U)\\d", "(?U)\\s", "(?U)\\p{Alpha}",
                "(?U)\\p{Lower}",
                "(?U)\\p{Punct}", "(?U)\\p{Digit}", "(?U)\\p{Space}",
            ],
            inputs: words + [
                "1", "A", "z", "!", "$", "€", " ", "\t", "\u{A0}", "\u{2003}", "\u{7F}", "α", "Ω", "ä", "漢", "٣", "\u{FF10}", "F", "g", "~", "_",
            ]
        ),
        Group(
            patterns: ["\\p{Lower}", "\\p{Upper}", "\\p{Lu}", "\\p{Ll}", "\\p{IsLowercase}", "\\p{javaLowerCase}", "[a-c]", "[^a-c]", "\\p{Alpha}"],
            inputs: ["a", "A", "b", "B", "é", "É", "1", "ǅ", "d"],
            flags: .caseInsensitive
        ),
        // 21. Case-insensitivity: ASCII-only without UNICODE_CASE.
        Group(
            patterns: [
                "(?i)é", "(?iu)é", "(?i)[à-ÿ]", "(?iu)[à-ÿ]", "(?i)k", "(?iu)k", "(?i)abc", "(?i)ß", "(?iu)ß", "(?i)[k]", "(?iu)[k]", "(?iu)σ",
                "(?i)σ",
                "(?i)(a)\\1", "(?i)[^a]", "(?i)a(?-i)a", "(?i:a)a", "((?i)a)a", "(?i)\\x{41}", "(?i)Ǆ", "(?iu)ǅ",
            ],
            inputs: [
                "é", "É", "k", "K", "\u{212A}", "abc", "ABC", "aBc", "ß", "SS", "ẞ", "σ", "Σ", "ς", "aA", "Aa", "AA", "aa", "a", "A", "ǆ", "Ǆ", "ǅ",
            ]
        ),
        Group(patterns: ["é", "k", "[a-z]+", "ǅ"], inputs: ["É", "K", "\u{212A}", "ABC", "Ǆ", "ǆ"], flags: [.caseInsensitive, .unicodeCase]),
        Group(patterns: ["\\w", "\\d", "[[:alpha:]]"], inputs: words, flags: .unicodeCharacterClass),
        // 23. PCRE2-only syntax: Java rejects it.
        Group(
            patterns: [
                "(?n)a", "(?J)a", "(?^)a", "(?#c)a", "(?P<n>x)", "(?|a)", "(?R)", "(?1)", "(a)(?1)", "(?(1)a)", "(*FAIL)", "(*CR)a", "(*UCP)a",
                "(?<n>a)(?P=n)", "(?'n'a)", "(?&n)", "(?C1)", "(?@a)", "(?$a)", "(?z)", "(?i", "(?i-", "(?-)a", "(?i-s:a)",
            ],
            inputs: ["a", "x", "aa"]
        ),
        // 24, 25, 26. Braces and repetition.
        Group(
            patterns: [
                "{", "x{", "a{,3}", #"{"code":404}"#, "a{1", "a{1,", "a{1,2", "}", "]", "a}", "a{2}{3}", "a{1,2}{3}", "{3}a", "a{2}", "a{2,}",
                "a{2,3}",
                "a{0}", "a{3,2}", "a{99999}", "a{2147483648}", "a**", "a*?", "a*+", "a+?b", "a++a", "a?+", "a??", "(a)*?", "x*{2}", "a{2}?",
                "a{1,2}+a",
            ],
            inputs: ["", "a", "aa", "aaa", "aaaa", "aaaaaa", "x", "{", "}", "ab", "aab"]
        ),
        // 27, 28. Back-references and group names.
        Group(
            patterns: [
                "(a)\\2", "(a)\\11", "(a)\\1", "\\1(a)", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\11", "(a)\\k<x>",
                "(?<x>a)\\k<x>", "\\k<x>(?<x>a)", "(?<a_b>x)", "(?<1a>x)", "(?<ab>x)", "(?<ab>x)(?<ab>y)", "(?<ab>x", "(?<>x)", "(a)|b\\1",
                "(a|b)\\1+", "\\k", "\\kx",
            ],
            inputs: ["aa", "aa1", "a", "abcdefghija", "abcdefghija1", "x", "xy", "b", "abbb", "bb", "aaa"]
        ),
        // 29. Lookbehind.
        Group(
            patterns: ["(?<=ab?)c", "(?<=a{1,3})b", "(?<!x|yz)w", "(?<=a|bc)d", "(?<!a)b", "(?<=\\b)a", "(?<=(a))b", "(?<=a(?=b))b"],
            inputs: ["c", "ac", "abc", "bc", "ab", "aab", "w", "xw", "yzw", "zw", "ad", "bcd", "bd", "b"]
        ),
        // 29 (unbounded lookbehind: Java accepts, PCRE2 10.42 cannot).
        Group(
            patterns: ["(?<=a+)b", "(?<=a*)b", "(?<!x+)y", "(?<=x+|ab*)c", "(?<=(?:a|bc)+)d", "(?<=a++a)b", "(?<=ba+)c", "(?<=\\d+)\\.\\d"],
            inputs: ["ab", "aab", "b", "y", "xy", "xxc", "ac", "abbc", "abcd", "bcd", "aab", "baac", "12.5", ".5"]
        ),
        // 15. \b{g}; CANON_EQ; LITERAL and COMMENTS as flags.
        Group(patterns: ["\\b{g}", "a\\b{g}"], inputs: ["a", "ab"]),
        Group(patterns: ["a.b", "(x)", "\\Q"], inputs: ["a.b", "axb", "(x)", "x", "\\Q"], flags: .literal),
        Group(patterns: ["a b # c", "[ a ]"], inputs: ["ab", "a b", " ", "a"], flags: .comments),
        Group(patterns: ["é", "a\\u0301"], inputs: ["é", "e\u{301}", "a\u{301}"], flags: .canonicalEquivalence),
        // Characters outside the BMP, and empty matches next to them.
        Group(patterns: [".", "..", "\\x{1F600}", "[😀-😂]", "(?i)😀", "x*", "\\b", "$"], inputs: ["😀", "a😀", "😁b", "😀😂", ""]),
        // 30, 31. Stray \E, malformed classes.
        Group(
            patterns: [
                "a\\E", "[[a]", "a{^InGreek}", "[a", "[a-", "[z-a]", "(", ")", "a)", "(a", "a|", "|a", "(|)", "()", "(?:)", "[\\b]", "[\\A]", "[\\1]",
                "[\\k<a>]",
            ],
            inputs: ["a", "", "[a", "b"]
        ),
        // Groups, lookaround, atomic, alternation, lazy and possessive behaviour.
        Group(
            patterns: [
                "(a)(b)?", "(?:a|ab)(c|bcd)(d*)", "(?=a)a", "(?!a).", "(?>a|ab)c", "a|ab", "(a|ab)c", "x*", "x*?", "(?<y>\\d+)-(?<m>\\d+)", "\\d+?",
                "^$",
                "()", "(a*)+", "(a*)*b", "(?:)+", "[^a]*", "\\S+",
            ],
            inputs: ["", "a", "ab", "abc", "abcd", "ac", "xx", "2024-11", "b", "aaab", "a b  c"]
        ),
        // replaceAll: Java replacement syntax.
        Group(patterns: ["(a)(b)?"], inputs: ["ab", "a", "xaby", ""], replacement: "[$1|$2]"),
        Group(patterns: ["(?<first>\\w)(\\w*)"], inputs: ["hello world", ""], replacement: "${first}.$2"),
        Group(patterns: ["a"], inputs: ["banana"], replacement: "\\$0"),
        Group(patterns: ["a"], inputs: ["banana"], replacement: "$0$0"),
        Group(patterns: ["(a)"], inputs: ["banana"], replacement: "$11"),
        Group(patterns: ["a"], inputs: ["banana", "xyz"], replacement: "$1"),
        Group(patterns: ["a"], inputs: ["banana"], replacement: "$"),
        Group(patterns: ["a"], inputs: ["banana"], replacement: "\\"),
        Group(patterns: ["a"], inputs: ["banana"], replacement: "${x}"),
        Group(patterns: ["x*"], inputs: ["abc", ""], replacement: "-"),
        Group(patterns: ["\\s+"], inputs: ["a  b \t c", " lead", "trail "], replacement: " "),
        Group(patterns: ["'"], inputs: ["it's", "''"], replacement: "\\\\'"),
        // split: Java's rules for empty strings.
        Group(
            patterns: [",", "\\s*,\\s*", "", "(?=x)", "x", "\\d", "a|", "(?<=,)"],
            inputs: ["a,b,,c,,", ",a,b", "", "xaxbx", "a1b22c333", ",,,", "abc", "a , b ,c"]
        ),
    ]

    static var cases: [OracleCase] {
        var all: [OracleCase] = []
        for g in groups {
            for p in g.patterns {
                for i in g.inputs {
                    all.append(OracleCase(pattern: p, input: i, flags: g.flags, replacement: g.replacement))
                }
            }
        }
        return all
    }

    /// Where Tollgate knowingly answers differently from Java 17 (each one is in the TollgateJavaRegex reference).
    static func knownDeviation(_ c: OracleCase, java: OracleAnswer, tollgate: OracleAnswer) -> String? {
        if case .error(let d, _) = tollgate, d.hasPrefix("Tollgate cannot compile") || d.contains("not supported by Tollgate") {
            return "unsupported: \(d)"
        }
        if c.flags.contains(.canonicalEquivalence) { return "CANON_EQ is accepted and ignored" }
        // After an empty match Java resumes one UTF-16 unit later, inside a surrogate pair;
        // Tollgate resumes one character later, so Java finds one more empty match per such character.
        if c.input.unicodeScalars.contains(where: { $0.value > 0xFFFF }), case .ok(let jm, let jf, _, let jg, _, _, _) = java,
            case .ok(let tm, let tf, _, let tg, _, _, _) = tollgate, jm == tm, jf == tf, jg == tg
        {
            return "empty matches inside surrogate pairs"
        }
        return nil
    }
}
