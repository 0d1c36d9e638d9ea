import TollgateJSON
import TollgateJavaRegex

/// A position in the template source (1-based).
struct SourcePosition: Sendable {
    var line: Int32
    var column: Int32
}

/// One node of a parsed template.
///
/// Nodes are trivially copyable: text is a span of the program's text arena and the rest point into
/// memory the program's ``ParseArena`` owns, so walking a node list costs no reference counting.
enum Node: @unchecked Sendable {
    /// Literal text, as a span of ``Program/text``.
    case text(TextSpan)
    /// `$a.b(c)[d]`: rendered with `toString()`; null renders empty (API Gateway) unless escaped.
    case reference(UnsafePointer<Reference>)
    /// `\$a`: renders the literal `$a` when `$a` is not null, else a backslash then `$a`.
    case escapedReference(UnsafePointer<Reference>)
    case set(UnsafePointer<SetNode>)
    case ifChain(UnsafePointer<IfNode>)
    case foreach(UnsafePointer<ForeachNode>)
    case breakLoop
    case stop
    case define(UnsafePointer<DefineNode>)
    case macroCall(UnsafePointer<MacroCall>)
}

/// A span of the program's text arena.
struct TextSpan: Sendable {
    var offset: UInt32
    var count: UInt32
}

/// An immutable buffer a ``ParseArena`` owns: copying or walking it costs no reference counting.
struct Frozen<Element>: RandomAccessCollection, @unchecked Sendable {
    let base: UnsafePointer<Element>?
    let count: Int

    static var empty: Frozen { Frozen(base: nil, count: 0) }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(_ i: Int) -> Element {
        @inline(__always) get { base.unsafelyUnwrapped[i] }
    }
}

/// What a parse produces besides nodes: the text arena and the memory nodes point into, freed with it.
final class ParseArena {
    var text: [UInt8] = []
    private var frees: [() -> Void] = []

    deinit { for free in frees { free() } }

    func span(_ bytes: [UInt8]) -> TextSpan {
        let span = TextSpan(offset: UInt32(text.count), count: UInt32(bytes.count))
        text.append(contentsOf: bytes)
        return span
    }

    /// `value` at a stable address, alive as long as the arena.
    func keep<T>(_ value: T) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: 1)
        p.initialize(to: value)
        frees.append {
            p.deinitialize(count: 1)
            p.deallocate()
        }
        return UnsafePointer(p)
    }

    /// `s`'s UTF-8 at a stable address, alive as long as the arena.
    func string(_ s: String) -> StringRef {
        let bytes = freeze(Array(s.utf8))
        return StringRef(base: bytes.base, count: bytes.count)
    }

    /// `items` at a stable address, alive as long as the arena.
    func freeze<T>(_ items: [T]) -> Frozen<T> {
        let n = items.count
        if n == 0 { return .empty }
        let p = UnsafeMutablePointer<T>.allocate(capacity: n)
        p.initialize(from: items, count: n)
        frees.append {
            p.deinitialize(count: n)
            p.deallocate()
        }
        return Frozen(base: p, count: n)
    }
}

struct SetNode {
    let target: UnsafePointer<Reference>
    let value: Expression
}

struct IfNode {
    let branches: Frozen<(Expression, Frozen<Node>)>
    let otherwise: Frozen<Node>?
}

struct ForeachNode {
    let variable: Int
    let iterable: Expression
    let body: Frozen<Node>
    let position: SourcePosition
}

struct DefineNode {
    let variable: Int
    let body: Frozen<Node>
}

struct MacroCall {
    let name: String
    let arguments: Frozen<Expression>
    /// The call's source text, rendered when no macro has that name.
    let literal: [UInt8]
    let position: SourcePosition
}

/// `.name` in a reference.
struct PropertyAccess {
    let name: String
    /// The name as a map key, and its fingerprint, so that `$map.name` hashes nothing while rendering.
    let key: StringRef
    let fingerprint: UInt64
    /// The `$foreach` property the name means, resolved once.
    let loop: LoopProperty?
    init(_ name: String, key: StringRef) {
        self.name = name
        self.key = key
        fingerprint = key.fingerprint
        loop = LoopProperty(rawValue: name)
    }
}

/// The properties of `$foreach` (Velocity 1.7's `ForeachScope`).
enum LoopProperty: String, Sendable {
    case index, count, hasNext, first, last, parent
}

/// `.name(arguments)` in a reference.
struct MethodAccess {
    let name: String
    let method: MethodName
    let arguments: Frozen<Expression>
    let prepared: Prepared?
    init(name: String, arguments: Frozen<Expression>, prepared: Prepared?) {
        self.name = name
        self.method = MethodName(name)
        self.arguments = arguments
        self.prepared = prepared
    }
}

struct Macro: Sendable {
    var parameters: [Int]
    var body: Frozen<Node>
}

/// A reference: a variable and a chain of property, method and index accesses.
struct Reference {
    let variable: Int
    let accessors: Frozen<Accessor>
    /// `$!a`: renders empty (Tollgate renders every null empty, as API Gateway does).
    let silent: Bool
    /// The source text (`$a.b`, `${a}`), for escaped references.
    let literal: [UInt8]
    /// A shape the renderer writes straight into the output (`$util.escapeJavaScript(x)`, `$input.json(x)`).
    let direct: UnsafePointer<DirectForm>?
    let position: SourcePosition
}

/// A method argument prepared once at parse time: a regex or a JSONPath given as a string literal.
enum Prepared: Sendable {
    case regex(JavaPattern)
    case path(JSONPath)

    var regex: JavaPattern? {
        if case .regex(let r) = self { return r }
        return nil
    }

    var path: JSONPath? {
        if case .path(let p) = self { return p }
        return nil
    }
}

/// References rendered without building an intermediate value.
struct DirectForm {
    enum Kind: Sendable {
        /// `$util.escapeJavaScript(x)`.
        case escapeJavaScript
        /// `$input.json(x)`.
        case inputJSON
    }

    let kind: Kind
    let argument: Expression
    let path: JSONPath?
    /// `$input.json('$')`: the whole body.
    let root: Bool

    init(_ kind: Kind, _ argument: Expression, path: JSONPath? = nil) {
        self.kind = kind
        self.argument = argument
        self.path = path
        root = path?.isRoot == true
    }
}

enum Accessor: @unchecked Sendable {
    case property(UnsafePointer<PropertyAccess>)
    case method(UnsafePointer<MethodAccess>)
    case index(UnsafePointer<Expression>)
}

/// An expression. Operands are frozen in the parse arena (two for a binary operator), so an expression
/// copies without reference counting.
enum Expression: @unchecked Sendable {
    case reference(UnsafePointer<Reference>)
    /// A string literal, its bytes in the parse arena.
    case string(StringRef)
    /// A double-quoted string with `$` or `#` in it: rendered as a template each time.
    case interpolated(Frozen<Node>)
    case int(Int32)
    case long(Int64)
    case bigInteger(Int128)
    case double(Double)
    case bool(Bool)
    case list(Frozen<Expression>)
    /// `[from..to]`: two operands.
    case range(Frozen<Expression>)
    case map(Frozen<(Expression, Expression)>)
    case not(UnsafePointer<Expression>)
    case and(Frozen<Expression>)
    case or(Frozen<Expression>)
    case arithmetic(ArithmeticOperator, Frozen<Expression>)
    case compare(ComparisonOperator, Frozen<Expression>)
}

enum ComparisonOperator: Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}
