import CPCRE2

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled, JIT-compiled PCRE2 pattern. Immutable after creation, so one instance is shared
/// by every thread (PCRE2 documents compiled code as read-only during matching); the mutable
/// match data lives in per-thread ``MatchScratch``.
final class PCRE2Code: @unchecked Sendable {
    let code: OpaquePointer
    /// Capturing groups in the pattern (not counting group 0).
    let captureCount: Int
    /// `true` when JIT compilation succeeded.
    let isJIT: Bool

    /// The matching handle: plain values, so the hot path does no reference counting. Valid
    /// while this object lives (its owner keeps it).
    var handle: PCRE2Handle { PCRE2Handle(code: code, captureCount: captureCount, isJIT: isJIT) }

    /// A PCRE2 compile failure: PCRE2's message and the byte offset in the PCRE2 pattern.
    struct CompileError: Error {
        let message: String
        let offset: Int
    }

    init(pattern: String, options: UInt32) throws(CompileError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var pattern = pattern
        let compiled: OpaquePointer? = pattern.withUTF8 { utf8 in
            pcre2_compile_8(
                utf8.baseAddress,
                utf8.count,
                options | UInt32(PCRE2_UTF | PCRE2_DOTALL),
                &errorCode,
                &errorOffset,
                PCRE2Code.compileContext
            )
        }
        guard let compiled else {
            throw CompileError(message: PCRE2Code.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        isJIT = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// NEWLINE_LF, whatever the library's build default: the emitter relies on `.` excluding `\n` only.
    nonisolated(unsafe) static let compileContext: OpaquePointer = {
        let context = pcre2_compile_context_create_8(nil)!
        pcre2_set_newline_8(context, UInt32(PCRE2_NEWLINE_LF))
        return context
    }()

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[..<Int(n)], as: UTF8.self) : "PCRE2 error \(errorCode)"
    }

    /// Names of named groups and their numbers.
    func groupNames() -> [String: Int] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table, count > 0 else { return [:] }
        var names: [String: Int] = [:]
        for i in 0..<Int(count) {
            let entry = table + i * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            let name = String(cString: entry + 2)
            names[name] = number
        }
        return names
    }

}

/// A compiled pattern as plain values (see ``PCRE2Code/handle``).
@usableFromInline
struct PCRE2Handle: @unchecked Sendable {
    let code: OpaquePointer
    let captureCount: Int
    let isJIT: Bool

    /// Matches `subject` (valid UTF-8, not checked again) from byte `start`: PCRE2's return code
    /// (≥ 0 on a match, with the offsets in `scratch.ovector`).
    @inline(__always)
    func match(_ subject: UnsafeBufferPointer<UInt8>, start: Int, scratch: UnsafeMutablePointer<MatchScratch>) -> Int32 {
        scratch.pointee.ensurePairs(captureCount + 1)
        // An empty buffer may have no base address; PCRE2 accepts any non-null pointer with length 0.
        let base = subject.baseAddress ?? MatchScratch.emptySubject
        var rc: Int32
        if isJIT {
            // The JIT fast path: no option checks and no UTF check (Swift strings are valid UTF-8).
            rc = pcre2_jit_match_8(code, base, subject.count, start, 0, scratch.pointee.matchData, MatchLimits.context)
        } else {
            rc = pcre2_match_8(code, base, subject.count, start, UInt32(PCRE2_NO_UTF_CHECK), scratch.pointee.matchData, MatchLimits.context)
        }
        if rc == PCRE2_ERROR_JIT_STACKLIMIT {
            // The default 32 KiB JIT stack was too small: retry on this thread's large stack.
            rc = pcre2_jit_match_8(code, base, subject.count, start, 0, scratch.pointee.matchData, scratch.pointee.largeStackContext())
        }
        return rc
    }
}

extension Int32 {
    /// A PCRE2 match return code as an outcome.
    var matchOutcome: JavaPattern.Outcome {
        if self >= 0 { return .match }
        if self == PCRE2_ERROR_NOMATCH || self == PCRE2_ERROR_PARTIAL { return .noMatch }
        return .limitExceeded(PCRE2Code.message(for: self))
    }
}

/// Limits that stop a runaway match (catastrophic backtracking) instead of hanging. A match
/// that hits one is "no match" plus a diagnostic (``JavaPattern/MatchDiagnostics``).
enum MatchLimits {
    /// Backtracking steps (`pcre2_set_match_limit`; JIT counts calls of its internal function).
    static let matchLimit: UInt32 = 10_000_000
    /// Nested backtracking depth for the interpreter (`pcre2_set_depth_limit`).
    static let depthLimit: UInt32 = 100_000
    /// Heap for the interpreter's backtracking frames, in KiB (`pcre2_set_heap_limit`).
    static let heapLimitKiB: UInt32 = 65_536
    /// The large JIT stack used when the default 32 KiB one is exhausted.
    static let largeJITStackBytes = 8 << 20

    nonisolated(unsafe) static let context: OpaquePointer = makeContext()

    static func makeContext() -> OpaquePointer {
        let context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        pcre2_set_heap_limit_8(context, heapLimitKiB)
        return context
    }
}

/// Per-thread mutable state for matching: the match data (offsets vector) and, created on
/// first need, a large JIT stack. A thread never shares it, and a match never suspends, so no
/// lock is needed. Reached through a raw pointer in a pthread key: no reference counting on
/// the hot path.
struct MatchScratch {
    var matchData: OpaquePointer
    var pairs: Int
    var ovector: UnsafeMutablePointer<Int>
    private var jitStack: OpaquePointer?
    private var largeContext: OpaquePointer?

    nonisolated(unsafe) static let emptySubject: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    init() {
        pairs = 16
        matchData = pcre2_match_data_create_8(UInt32(pairs), nil)!
        ovector = pcre2_get_ovector_pointer_8(matchData)
    }

    func free() {
        pcre2_match_data_free_8(matchData)
        if let largeContext { pcre2_match_context_free_8(largeContext) }
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    @inline(__always)
    mutating func ensurePairs(_ n: Int) {
        guard n > pairs else { return }
        pcre2_match_data_free_8(matchData)
        pairs = max(n, pairs * 2)
        matchData = pcre2_match_data_create_8(UInt32(pairs), nil)!
        ovector = pcre2_get_ovector_pointer_8(matchData)
    }

    mutating func largeStackContext() -> OpaquePointer {
        if let largeContext { return largeContext }
        let stack = pcre2_jit_stack_create_8(32 << 10, MatchLimits.largeJITStackBytes, nil)!
        let context = MatchLimits.makeContext()
        pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
        jitStack = stack
        largeContext = context
        return context
    }

    /// The start and end byte offsets of group `i`, or `nil` when it did not participate.
    @inline(__always)
    func span(_ i: Int) -> Range<Int>? {
        let start = ovector[2 * i]
        let end = ovector[2 * i + 1]
        // PCRE2_UNSET is SIZE_MAX, which reads as -1.
        if start < 0 || end < 0 { return nil }
        return start..<end
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            guard let scratch = pointer?.assumingMemoryBound(to: MatchScratch.self) else { return }
            scratch.pointee.free()
            scratch.deinitialize(count: 1)
            scratch.deallocate()
        }
        return key
    }()

    /// This thread's scratch.
    @inline(__always)
    static var current: UnsafeMutablePointer<MatchScratch> {
        if let existing = pthread_getspecific(key) { return existing.assumingMemoryBound(to: MatchScratch.self) }
        return makeCurrent()
    }

    static func makeCurrent() -> UnsafeMutablePointer<MatchScratch> {
        let scratch = UnsafeMutablePointer<MatchScratch>.allocate(capacity: 1)
        scratch.initialize(to: MatchScratch())
        pthread_setspecific(key, scratch)
        return scratch
    }
}
