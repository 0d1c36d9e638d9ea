import CPCRE2

/// A compiled `java.util.regex` pattern, matched by PCRE2 with Java's semantics.
///
/// ```swift
/// let pattern = try JavaPattern(#".*"httpStatus":404.*"#)
/// pattern.matches(errorMessage)       // Java's Matcher.matches(): the whole input
/// pattern.firstMatch(in: text)?[1]    // Matcher.find() and group(1)
/// ```
///
/// The pattern is parsed with Java's grammar (``JavaPattern/SyntaxError`` carries Java's
/// `PatternSyntaxException` description and index), translated to PCRE2 syntax with Java's
/// meaning (line terminators, ASCII-only case folding, `\b`, POSIX classes, class set algebra,
/// …; see `docs/behaviour.md` §R), and compiled once with the JIT. A `JavaPattern` is
/// immutable and `Sendable`: share one instance between all threads.
///
/// **Limits.** A match runs under PCRE2's match limit (10,000,000 steps), depth limit
/// (100,000) and heap limit (64 MiB), with the JIT stack growing from 32 KiB to 8 MiB when
/// needed. A match that hits a limit is *no match*; ``evaluate(_:mode:)`` reports it as
/// ``Outcome/limitExceeded(_:)`` so a caller can log it. Catastrophic patterns therefore end
/// quickly instead of hanging (where Java might run for seconds, or answer differently).
///
/// **Known differences from Java 17**, all documented in the TollgateJavaRegex reference: lone surrogates cannot
/// occur in Swift strings; after an empty match before a supplementary character Java tries
/// the position between its surrogates, Tollgate does not; lookbehind must have a bounded
/// length; `\b{g}` and `CANON_EQ` are not supported; quantifier bounds above 65,535 are
/// rejected; Unicode data is PCRE2's (Unicode 14) where Java 17 has Unicode 13.
public final class JavaPattern: Sendable {
    /// The pattern as given.
    public let pattern: String
    /// The flags it was compiled with.
    public let flags: Flags
    /// The number of capturing groups.
    public let groupCount: Int
    /// Named groups and their numbers.
    public let groupNames: [String: Int]
    /// The PCRE2 pattern Tollgate compiled (for diagnostics).
    public let translatedPattern: String

    /// Compiled code for whole-input and find matching.
    /// Handles are plain values (no reference counting per match); `owners` keeps them valid.
    struct Codes: Sendable {
        let whole: PCRE2Handle
        let find: PCRE2Handle
        let owners: [PCRE2Code]

        init(_ pattern: String) throws(PCRE2Code.CompileError) {
            let wholeCode = try PCRE2Code(pattern: pattern, options: UInt32(PCRE2_ANCHORED | PCRE2_ENDANCHORED))
            let findCode = try PCRE2Code(pattern: pattern, options: 0)
            whole = wholeCode.handle
            find = findCode.handle
            owners = [wholeCode, findCode]
        }

        @inline(__always)
        func code(_ mode: Mode) -> PCRE2Handle { mode == .whole ? whole : find }
    }

    /// Correct for every subject.
    let exact: Codes
    /// Faster variants of a pattern with Java's `.`, for subjects with no line terminator, or
    /// with `\n` only (checked per match with `memchr`); `nil` when the pattern has no `.`.
    let noTerminators: Codes?
    let newlinesOnly: Codes?

    /// Compiles `pattern` with Java's syntax and `flags`.
    public convenience init(_ pattern: String, flags: Flags = []) throws(SyntaxError) {
        var parser = JavaSyntaxParser(pattern: pattern, flags: flags)
        let tree = try parser.parse()
        try self.init(pattern: pattern, flags: flags, tree: tree, groupCount: parser.capturingGroupCount - 1, names: parser.namedGroups)
    }

    init(pattern: String, flags: Flags, tree: RegexNode, groupCount: Int, names: [String: Int]) throws(SyntaxError) {
        self.pattern = pattern
        self.flags = flags
        self.groupCount = groupCount
        self.groupNames = names
        let resolved = RegexRewriter.prepare(tree, groupCount: groupCount)
        translatedPattern = PCRE2Emitter.emit(resolved)
        do {
            exact = try Codes(translatedPattern)
            if PCRE2Emitter.containsJavaDot(resolved) {
                noTerminators = try Codes(PCRE2Emitter.emit(resolved, javaDot: .any))
                newlinesOnly = try Codes(PCRE2Emitter.emit(resolved, javaDot: .notNewline))
            } else {
                noTerminators = nil
                newlinesOnly = nil
            }
        } catch {
            throw SyntaxError(reason: "Tollgate cannot compile this pattern: \(error.message)", index: -1, pattern: pattern)
        }
    }

    /// What one evaluation found.
    public enum Outcome: Sendable, Hashable {
        /// The pattern matched.
        case match
        /// The pattern did not match.
        case noMatch
        /// A resource limit stopped the match (catastrophic backtracking); treat as no match.
        case limitExceeded(String)
    }

    /// How much of the input must match.
    public enum Mode: Sendable {
        /// The whole input (Java `Matcher.matches()`, API Gateway's selection patterns).
        case whole
        /// Anywhere in the input (Java `Matcher.find()`).
        case find
    }

    /// Evaluates the pattern against `input`, reporting a limit hit separately from no match.
    public func evaluate(_ input: String, mode: Mode) -> Outcome {
        withUTF8(input) { code(for: mode, subject: $0).match($0, start: 0, scratch: MatchScratch.current) }.matchOutcome
    }

    /// Java's `Matcher.matches()`: `true` when the whole input matches.
    public func matches(_ input: String) -> Bool {
        withUTF8(input) { code(for: .whole, subject: $0).match($0, start: 0, scratch: MatchScratch.current) } >= 0
    }

    /// Java's `Matcher.find()` from the start: `true` when the pattern matches anywhere.
    public func find(in input: String) -> Bool {
        withUTF8(input) { code(for: .find, subject: $0).match($0, start: 0, scratch: MatchScratch.current) } >= 0
    }

    /// The compiled code to run on `subject`: a fast-dot variant when the subject has none of
    /// the line terminators it would get wrong.
    @inline(__always)
    func code(for mode: Mode, subject: UnsafeBufferPointer<UInt8>) -> PCRE2Handle {
        guard let noTerminators, let newlinesOnly else { return exact.code(mode) }
        switch JavaLineTerminators.classify(subject) {
        case .none: return noTerminators.code(mode)
        case .newlinesOnly: return newlinesOnly.code(mode)
        case .others: return exact.code(mode)
        }
    }

    /// Java's `Pattern.quote`: a pattern that matches `text` literally.
    public static func quote(_ text: String) -> String {
        guard text.contains("\\E") else { return "\\Q" + text + "\\E" }
        return "\\Q" + text.replacingAll("\\E", with: "\\E\\\\E\\Q") + "\\E"
    }
}

/// Runs `body` on the UTF-8 bytes of `string` without copying a native string.
@inline(__always)
func withUTF8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = string
    return copy.withUTF8(body)
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
