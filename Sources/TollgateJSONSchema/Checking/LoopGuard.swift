import TollgateJSON
@_spi(TollgateInternal) import TollgateJavaRegex

/// Schema nodes entered for the instance value being checked, to stop `$ref` and applicator
/// loops that never move into the instance (fge: "validation loop"). Starts in memory the
/// caller lends (the call stack) and moves to the heap only if it outgrows it. (Its own few lines
/// of stack rather than the JSON parser's `MoveStack`: built on that one, the smallest JSON Schema
/// anchor workload measured slower through the tape.)
struct LoopGuard {
    var visiting: UnsafeMutablePointer<Int>
    var capacity: Int
    var count = 0
    var owned = false
    var frameStart = 0

    init(borrowing memory: UnsafeMutablePointer<Int>, capacity: Int) {
        visiting = memory
        self.capacity = capacity
    }

    /// Enters `node` for the current instance value; `false` when it is already being checked there.
    @inline(__always)
    mutating func enter(_ node: Int) -> Bool {
        var i = frameStart
        while i < count {
            if visiting[i] == node { return false }
            i += 1
        }
        if count == capacity { grow() }
        visiting[count] = node
        count += 1
        return true
    }

    mutating func grow() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
        bigger.update(from: visiting, count: count)
        if owned { visiting.deallocate() }
        visiting = bigger
        capacity *= 2
        owned = true
    }

    @inline(__always)
    mutating func leave() { count -= 1 }

    func release() {
        if owned { visiting.deallocate() }
    }

    /// Runs `body` with a guard on the call stack.
    static func withGuard<R>(_ body: (inout LoopGuard) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { buffer in
            var loops = LoopGuard(borrowing: buffer.baseAddress!, capacity: 64)
            defer { loops.release() }
            return body(&loops)
        }
    }
}

/// Member names in Java's natural `String` order (UTF-16 code units), as fge visits them.
func javaSorted(_ names: some Sequence<String>) -> [String] {
    names.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
}

extension SchemaNode {
    /// The schemas an object member named `name` is validated against (fge's order:
    /// `properties`, matching `patternProperties`, else `additionalProperties`).
    @inline(__always)
    func memberSchemas(_ name: String, _ body: (Int) -> Void) {
        var matched = false
        if let p = propertyTable.node(for: name) {
            matched = true
            body(p)
        }
        for (regex, node) in patternProperties where regex.test(name) {
            matched = true
            body(node)
        }
        if !matched, case .schema(let a) = additionalProperties { body(a) }
    }

    /// The schema for array element `index`, if any.
    @inline(__always)
    func elementSchema(_ index: Int) -> Int? {
        switch items {
        case .none: return nil
        case .all(let s): return s
        case .tuple(let t):
            if index < t.count { return t[index] }
            if case .schema(let a) = additionalItems { return a }
            return nil
        }
    }

    /// Member names the schema does not allow when `additionalProperties` is false.
    func unwantedMembers(_ object: JSONObject) -> [String] {
        var unwanted: [String] = []
        for (name, _) in object where propertyTable.node(for: name) == nil && !patternProperties.contains(where: { $0.regex.test(name) }) {
            unwanted.append(name)
        }
        return unwanted
    }
}

/// `minLength`/`maxLength` count code points, as fge does: in a string's UTF-8 (always valid
/// in a Swift string), the bytes that do not continue a sequence.
@inline(__always)
func codePointCount(_ s: String) -> Int {
    s.utf8.withContiguousStorageIfAvailable(codePointCount) ?? s.unicodeScalars.count
}

/// The same for valid UTF-8 bytes.
@inline(__always)
func codePointCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    bytes.reduce(0) { $0 &+ ($1 & 0xC0 != 0x80 ? 1 : 0) }
}
