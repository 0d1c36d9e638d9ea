import Foundation
import Testing
import TollgateJSON
import TollgateJavaRegex

struct JavaPatternTests {
    @Test func wholeMatchVersusFind() throws {
        let p = try JavaPattern("Invalid*")
        #expect(!p.matches("Invalid input"))
        #expect(p.find(in: "Invalid input"))
        #expect(try JavaPattern("Invalid.*").matches("Invalid input"))
        #expect(try JavaPattern(".*4\\d{2}.*").matches("400 Bad Request"))
        #expect(try !JavaPattern(".*4\\d{2}.*").matches("200 OK"))
    }

    @Test func groupsNumberedAndNamed() throws {
        let p = try JavaPattern("(?<year>\\d{4})-(\\d{2})(-(\\d{2}))?")
        let m = try #require(p.firstMatch(in: "on 2024-11 and"))
        #expect(m.text == "2024-11")
        #expect(m[0] == "2024-11")
        #expect(m[1] == "2024")
        #expect(m["year"] == "2024")
        #expect(m[2] == "11")
        #expect(m[3] == nil)
        #expect(m[4] == nil)
        #expect(m[9] == nil)
        #expect(m["nope"] == nil)
        #expect(m.groupCount == 4)
        #expect(p.groupCount == 4)
        #expect(p.groupNames == ["year": 1])
        #expect(p.allMatches(in: "2024-11-05, 1999-01").map { String($0.text) } == ["2024-11-05", "1999-01"])
    }

    @Test func replacement() throws {
        let p = try JavaPattern("(?<first>\\w)(\\w*)")
        #expect(try p.replaceAll(in: "hello big world", with: "${first}.$2") == "h.ello b.ig w.orld")
        #expect(try p.replaceFirst(in: "hello big world", with: "[$0]") == "[hello] big world")
        #expect(try JavaPattern("a").replaceAll(in: "banana", with: "\\$") == "b$n$n$")
        #expect(try JavaPattern("'").replaceAll(in: "it's", with: "\\\\'") == "it\\'s")
        #expect(throws: JavaPattern.ReplacementError(message: "No group 2")) { try JavaPattern("(a)").replaceAll(in: "a", with: "$2") }
        #expect(throws: JavaPattern.ReplacementError(message: "Illegal group reference")) { try JavaPattern("a").replaceAll(in: "a", with: "$x") }
        #expect(throws: JavaPattern.ReplacementError(message: "No group with name {x}")) { try JavaPattern("a").replaceAll(in: "a", with: "${x}") }
        // As in Java, a replacement is not read when nothing matches.
        #expect(try JavaPattern("z").replaceAll(in: "a", with: "$9") == "a")
        #expect(JavaPattern.quoteReplacement("a$b\\c") == "a\\$b\\\\c")
    }

    @Test func splitFollowsJava() throws {
        let comma = try JavaPattern(",")
        #expect(comma.split("a,b,,c,,") == ["a", "b", "", "c"])
        #expect(comma.split("a,b,,c,,", limit: -1) == ["a", "b", "", "c", "", ""])
        #expect(comma.split("a,b,,c,,", limit: 2) == ["a", "b,,c,,"])
        #expect(comma.split("") == [""])
        #expect(try JavaPattern("").split("abc") == ["a", "b", "c"])
        #expect(try JavaPattern("\\s*,\\s*").split(" a , b ,c") == [" a", "b", "c"])
    }

    @Test func quote() throws {
        let text = "a.b*c\\Ed$"
        let p = try JavaPattern(JavaPattern.quote(text))
        #expect(p.matches(text))
        #expect(!p.matches("aXb*c\\Ed$"))
        #expect(try JavaPattern("a.b", flags: .literal).matches("a.b"))
        #expect(try !JavaPattern("a.b", flags: .literal).matches("axb"))
    }

    @Test func syntaxErrorsReadLikeJava() {
        #expect {
            _ = try JavaPattern(#"{"code":404}"#)
        } throws: { error in
            guard let e = error as? JavaPattern.SyntaxError else { return false }
            return e.reason == "Illegal repetition" && e.index == 1 && e.message == "Illegal repetition near index 1\n{\"code\":404}\n ^"
        }
        #expect(throws: JavaPattern.SyntaxError(reason: "Unclosed group", index: 2, pattern: "(a")) { try JavaPattern("(a") }
    }

    /// Catastrophic backtracking stops at the match limit: no match, a diagnostic, no hang.
    /// (Java 17 memoizes these loops and answers `false` quickly; Tollgate's answer is the same.)
    @Test(arguments: [
        ("(x+x+)+y", String(repeating: "x", count: 30) + "!y"),
        ("(a|aa)+b", String(repeating: "a", count: 40) + "!b"),
        ("^(\\w+\\s?)*$", String(repeating: "x", count: 40) + "!"),
    ])
    func catastrophicPatternsHitALimit(source: String, subject: String) throws {
        let p = try JavaPattern(source)
        let started = ContinuousClock.now
        guard case .limitExceeded(let message) = p.evaluate(subject, mode: .whole) else {
            Issue.record("expected the match limit for \(source)")
            return
        }
        #expect(message == "match limit exceeded")
        #expect(!p.matches(subject))
        #expect(!p.find(in: subject))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// `(\n|.)+` on a 10 KB message needs more than PCRE2's default 32 KiB JIT stack (Java
    /// overflows its stack here); Tollgate answers.
    @Test func largeJITStack() throws {
        let p = try JavaPattern("(\\n|.)+")
        let message = String(repeating: "line of text\n", count: 800)
        #expect(p.evaluate(message, mode: .whole) == .match)
    }

    @Test func sharedAcrossThreads() async throws {
        let p = try JavaPattern(#".*"httpStatus":(\d{3}).*"#)
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                group.addTask {
                    let status = 400 + i % 100
                    let message = #"{"errorType":"E","httpStatus":\#(status),"n":\#(i)}"#
                    return p.matches(message) && p.firstMatch(in: message)?[1] == Substring(String(status))
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    @Test func ecmaAndJavaDifferOnAnchors() throws {
        #expect(try JavaPattern("a$").find(in: "a\n"))
        #expect(try !ECMAScriptRegex("a$").test("a\n"))
    }
}

/// Long character classes compile in time linear in their length (a class of n members was a chain
/// n deep, which the emitter walked in O(n³); the fuzzer found a 2 KB one that took over 10 s).
struct LongClassTests {
    @Test(.timeLimit(.minutes(1)))
    func aClassOfThousandsOfMembersCompiles() throws {
        let members = String(repeating: "abcdefghij0123456789", count: 400)  // 8,000 members
        let pattern = try JavaPattern("[" + members + "[^q]]+")
        #expect(pattern.matches("abc!~") && !pattern.matches("q"))
        let nested = try JavaPattern("[a" + String(repeating: "[b]", count: 2000) + "&&[^a]]")
        #expect(nested.matches("b") && !nested.matches("a"))
    }
}
