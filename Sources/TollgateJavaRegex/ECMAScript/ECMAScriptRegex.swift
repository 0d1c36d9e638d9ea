import CPCRE2

/// An ECMA-262 regular expression, as JSON Schema's `pattern` keyword uses it: API Gateway's
/// validator (fge json-schema-validator) tests patterns with an ECMAScript engine
/// (`RegExp.prototype.test`, an unanchored search, no flags).
///
/// Source followed: ECMA-262 5.1 §15.10 with the Annex B web-compatibility grammar that
/// ECMAScript engines accept (a `{` that does not start a quantifier is a literal, octal
/// escapes, identity escapes). `\d` and `\w` are ASCII; `\s` is ECMAScript white space and
/// line terminators; `.` excludes `\n`, `\r`, U+2028 and U+2029; `^` and `$` are the input's
/// ends; a back-reference to a group that has not matched matches the empty string.
/// Difference: characters outside the BMP count as one character (ECMAScript without the
/// `u` flag sees two UTF-16 units).
public final class ECMAScriptRegex: Sendable {
    /// A source that does not compile.
    public typealias SyntaxError = JavaPattern.SyntaxError

    /// The source as given.
    public let source: String
    /// The PCRE2 pattern it was translated to.
    public let translatedPattern: String
    let owner: PCRE2Code
    let code: PCRE2Handle
    /// The pattern's ``ClassSequence`` form when it has one (tested without PCRE2), in memory
    /// of its own so that a ``Matcher`` can reach it without reference counting.
    nonisolated(unsafe) let fast: UnsafeMutablePointer<ClassSequence>?

    /// Compiles `source` as an ECMAScript pattern.
    public init(_ source: String) throws(SyntaxError) {
        self.source = source
        var parser = ECMAScriptParser(source: source)
        let tree = try parser.parse()
        fast = ClassSequence(tree).map {
            let memory = UnsafeMutablePointer<ClassSequence>.allocate(capacity: 1)
            memory.initialize(to: $0)
            return memory
        }
        let resolved = RegexRewriter.prepare(tree, groupCount: parser.groupCount)
        translatedPattern = PCRE2Emitter.emit(resolved)
        do {
            owner = try PCRE2Code(pattern: translatedPattern, options: UInt32(PCRE2_MATCH_UNSET_BACKREF))
            code = owner.handle
        } catch {
            fast?.pointee.free()
            fast?.deinitialize(count: 1).deallocate()
            throw SyntaxError(reason: "Tollgate cannot compile this pattern: \(error.message)", index: -1, pattern: source)
        }
    }

    deinit {
        fast?.pointee.free()
        fast?.deinitialize(count: 1).deallocate()
    }

    /// `true` when tests run on the ``ClassSequence`` fast form rather than PCRE2.
    package var usesClassSequence: Bool { fast != nil }

    /// `RegExp.prototype.test`: `true` when the pattern matches anywhere in `input`. A match
    /// stopped by a resource limit counts as no match.
    public func test(_ input: String) -> Bool {
        evaluate(input) == .match
    }

    /// ``test(_:)`` on text given as UTF-8 bytes, which must be valid UTF-8 (not checked).
    public func test(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        matcher.test(utf8: bytes)
    }

    /// The compiled code without its owner, for hot loops that keep this regex alive themselves:
    /// calling through it costs no reference counting. Valid only while the regex lives.
    /// (`@_spi` public, not `package`: an `@inlinable` package method is not inlined across modules.)
    @_spi(TollgateInternal)
    public struct Matcher: @unchecked Sendable {
        @usableFromInline let code: PCRE2Handle
        @usableFromInline let fast: UnsafePointer<ClassSequence>?

        /// ``ECMAScriptRegex/test(utf8:)``. A ``ClassSequence`` row as long as the input (an id
        /// against `[A-Za-z]{6}[0-9]{6}`) is tested inline in the caller.
        @inlinable @inline(__always)
        public func test(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if let fast, !fast.pointee.isRun, fast.pointee.length == bytes.count, let base = bytes.baseAddress {
                return fast.pointee.rowMatches(at: base)
            }
            return testOutOfLine(bytes)
        }

        @usableFromInline @inline(never)
        func testOutOfLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if let fast { return fast.pointee.test(bytes) }
            return pcre2Test(bytes)
        }

        @usableFromInline
        func pcre2Test(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            code.match(bytes, start: 0, scratch: MatchScratch.current) >= 0
        }

        /// ``ECMAScriptRegex/test(_:)``, on the string's bytes where they lie (a small string's
        /// copied to the stack), inline like ``test(utf8:)``.
        @inlinable @inline(__always)
        public func test(_ input: String) -> Bool {
            if let result = input.utf8.withContiguousStorageIfAvailable({ test(utf8: $0) }) { return result }
            return testCopying(input)
        }

        /// ``test(_:)`` for a string whose bytes are not contiguous.
        @usableFromInline
        func testCopying(_ input: String) -> Bool {
            withUTF8(input) { test(utf8: $0) }
        }
    }

    /// See ``Matcher``.
    @_spi(TollgateInternal)
    public var matcher: Matcher { Matcher(code: code, fast: fast.map { UnsafePointer($0) }) }

    /// ``test(_:)`` with a limit hit reported separately.
    public func evaluate(_ input: String) -> JavaPattern.Outcome {
        if let fast { return withUTF8(input) { fast.pointee.test($0) } ? .match : .noMatch }
        return withUTF8(input) { code.match($0, start: 0, scratch: MatchScratch.current) }.matchOutcome
    }
}
