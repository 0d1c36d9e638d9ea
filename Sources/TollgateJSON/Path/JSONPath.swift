/// A JSONPath expression, in the Jayway JsonPath dialect API Gateway's `$input.path` and `$input.json` use.
///
/// Supported: `$`, `@` (in filters), `.name`, `['name']`, `['a','b']`, `[n]` (negative from the end),
/// `[*]`, `.*`, `..name`, `..*`, slices `[start:end:step]`, and filters `[?(@.x == 'y')]` with
/// `== != < <= > >=`, `&&`, `||`, `!`, parentheses and existence (`[?(@.isbn)]`).
/// Source followed: Jayway JsonPath's README (operators, definite paths, negative indexes).
public struct JSONPath: Sendable, Hashable {
    indirect enum Segment: Sendable, Hashable {
        case name(String)
        case names([String])
        case index(Int)
        case indexes([Int])
        case wildcard
        case slice(Int?, Int?, Int)
        case descendant(Segment)
        case filter(Filter)
    }

    indirect enum Filter: Sendable, Hashable {
        case exists(Operand)
        case compare(Operand, String, Operand)
        case and(Filter, Filter)
        case or(Filter, Filter)
        case not(Filter)
    }

    enum Operand: Sendable, Hashable {
        case current([Segment])
        case root([Segment])
        case literal(JSONValue)
    }

    /// The path as written.
    public let source: String
    let segments: [Segment]

    /// A path is definite when it can select at most one value (names and single indexes only).
    public var isDefinite: Bool {
        segments.allSatisfy {
            switch $0 {
            case .name, .index: true
            default: false
            }
        }
    }

    /// Whether the path is `$` alone: it selects the whole document.
    public var isRoot: Bool { segments.isEmpty }

    /// Parses `path`; it must start with `$` (a bare `name.x` is read as `$.name.x`, as Jayway does).
    public init(_ path: String) throws(JSONPathError) {
        source = path
        var parser = JSONPathParser(Array(path.utf8))
        segments = try parser.parsePath()
    }

    /// Every value the path selects, in document order.
    public func select(in root: JSONValue) -> [JSONValue] {
        var current = [root]
        for segment in segments {
            var next: [JSONValue] = []
            for value in current { Self.apply(segment, to: value, root: root, into: &next) }
            current = next
        }
        return current
    }

    /// What Jayway's `read` returns: for a definite path the value or nil when it is missing; for any
    /// other path an array of the matches (possibly empty).
    public func read(_ root: JSONValue) -> JSONValue? {
        let matches = select(in: root)
        if isDefinite { return matches.first }
        return .array(matches)
    }

    static func apply(_ segment: Segment, to value: JSONValue, root: JSONValue, into out: inout [JSONValue]) {
        switch segment {
        case .name(let name):
            if case .object(let object) = value, let member = object[name] { out.append(member) }
        case .names(let names):
            if case .object(let object) = value {
                for name in names { if let member = object[name] { out.append(member) } }
            }
        case .index(let i):
            if case .array(let items) = value {
                let j = i < 0 ? items.count + i : i
                if items.indices.contains(j) { out.append(items[j]) }
            }
        case .indexes(let indexes):
            for i in indexes { apply(.index(i), to: value, root: root, into: &out) }
        case .wildcard:
            switch value {
            case .array(let items): out.append(contentsOf: items)
            case .object(let object): out.append(contentsOf: object.values)
            default: break
            }
        case .slice(let start, let end, let step):
            guard case .array(let items) = value, step != 0 else { return }
            let n = items.count
            func clamp(_ v: Int?, _ fallback: Int) -> Int {
                guard let v else { return fallback }
                return v < 0 ? max(n + v, 0) : min(v, n)
            }
            if step > 0 {
                var i = clamp(start, 0)
                let e = clamp(end, n)
                while i < e {
                    out.append(items[i])
                    i += step
                }
            } else {
                var i = start.map { $0 < 0 ? n + $0 : min($0, n - 1) } ?? n - 1
                let e = end.map { $0 < 0 ? n + $0 : $0 } ?? -1
                while i > e && i >= 0 {
                    out.append(items[i])
                    i += step
                }
            }
        case .descendant(let inner):
            apply(inner, to: value, root: root, into: &out)
            switch value {
            case .array(let items): for item in items { apply(segment, to: item, root: root, into: &out) }
            case .object(let object): for member in object.values { apply(segment, to: member, root: root, into: &out) }
            default: break
            }
        case .filter(let filter):
            switch value {
            case .array(let items): for item in items where filter.test(item, root: root) { out.append(item) }
            case .object(let object): for member in object.values where filter.test(member, root: root) { out.append(member) }
            default: break
            }
        }
    }
}

extension JSONPath.Filter {
    func test(_ current: JSONValue, root: JSONValue) -> Bool {
        switch self {
        case .exists(let operand): return operand.resolve(current, root: root) != nil
        case .and(let a, let b): return a.test(current, root: root) && b.test(current, root: root)
        case .or(let a, let b): return a.test(current, root: root) || b.test(current, root: root)
        case .not(let a): return !a.test(current, root: root)
        case .compare(let l, let op, let r):
            guard let left = l.resolve(current, root: root), let right = r.resolve(current, root: root) else {
                return op == "!="
            }
            switch (left, right) {
            case (.number(let a), .number(let b)):
                let c = a.doubleValue < b.doubleValue ? -1 : (a.doubleValue == b.doubleValue ? 0 : 1)
                return Self.holds(op, c)
            case (.string(let a), .string(let b)):
                let c = a < b ? -1 : (a == b ? 0 : 1)
                return Self.holds(op, c)
            default:
                if op == "==" { return left == right }
                if op == "!=" { return left != right }
                return false
            }
        }
    }

    static func holds(_ op: String, _ c: Int) -> Bool {
        switch op {
        case "==": c == 0
        case "!=": c != 0
        case "<": c < 0
        case "<=": c <= 0
        case ">": c > 0
        default: c >= 0
        }
    }
}

extension JSONPath.Operand {
    func resolve(_ current: JSONValue, root: JSONValue) -> JSONValue? {
        switch self {
        case .literal(let v): return v
        case .current(let segments): return Self.walk(segments, current, root)
        case .root(let segments): return Self.walk(segments, root, root)
        }
    }

    static func walk(_ segments: [JSONPath.Segment], _ start: JSONValue, _ root: JSONValue) -> JSONValue? {
        var values = [start]
        for segment in segments {
            var next: [JSONValue] = []
            for v in values { JSONPath.apply(segment, to: v, root: root, into: &next) }
            values = next
        }
        return values.first
    }
}

/// A JSONPath that does not parse: the reason and the offset (in bytes) where it went wrong.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the path.
    public let message: String
    /// Where, as an offset into the path.
    public let offset: Int

    /// The problem and its offset.
    public var description: String { "\(message) at offset \(offset)" }
}

extension JSONPath {
    /// Where a definite path (names and single indexes: `$`, `$.items[0].name`) leads in a tape.
    package enum TapeSelection: Equatable {
        /// The selected value starts at this word.
        case value(at: Int)
        /// Nothing is there: Jayway's `read` gives nil.
        case missing
    }

    /// The value this path selects in `tape`, read from the words without building values; `nil` when
    /// the path is not definite (the caller evaluates it on a ``JSONValue``). Keys compare by their
    /// UTF-8, as Java's `String.equals` compares code units.
    package func select(in tape: JSONTape) -> TapeSelection? {
        guard isDefinite else { return nil }
        return tape.words.withUnsafeBufferPointer { w in
            tape.arena.withUnsafeBufferPointer { a in
                var at = 0
                for segment in segments {
                    let word = w[at]
                    switch segment {
                    case .name(let name):
                        guard JSONTape.kind(word) == .object, let member = Self.member(name, of: at, w, a) else { return .missing }
                        at = member
                    case .index(let i):
                        guard JSONTape.kind(word) == .array else { return .missing }
                        let count = Int(truncatingIfNeeded: w[at + 1])
                        let j = i < 0 ? count + i : i
                        guard j >= 0, j < count else { return .missing }
                        var element = at + 2
                        for _ in 0..<j { element = JSONTape.next(w, after: element) }
                        at = element
                    default:
                        return .missing  // not reached: a definite path has names and indexes only
                    }
                }
                return .value(at: at)
            }
        }
    }

    /// The word where the value of member `name` of the object at `object` starts, or nil.
    private static func member(_ name: String, of object: Int, _ w: UnsafeBufferPointer<UInt64>, _ a: UnsafeBufferPointer<UInt8>) -> Int? {
        var name = name
        return name.withUTF8 { key in
            let end = JSONTape.next(w, after: object)
            var i = object + 2
            while i < end {
                let bytes = JSONTape.bytes(a, w[i])
                if bytes.count == key.count, key.isEmpty || bytesEqual(bytes.baseAddress!, key.baseAddress!, key.count) { return i + 1 }
                i = JSONTape.next(w, after: i + 1)
            }
            return nil
        }
    }
}
