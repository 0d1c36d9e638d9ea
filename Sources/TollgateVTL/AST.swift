import TollgateJSON
import TollgateJavaRegex

/// A position in the template source (1-based).
struct SourcePosition: Sendable {
    var line: Int32
    var column: Int32
}

/// One node of a parsed template.
///
/// Nodes are trivially copyable: text is a span of the program's text arena and references are unmanaged
/// (the program keeps them alive), so walking a node list costs no reference counting.
enum Node: @unchecked Sendable {
    /// Literal text, as a span of ``Program/text``.
    case text(TextSpan)
    /// `$a.b(c)[d]`: rendered with `toString()`; null renders empty (API Gateway) unless escaped.
    case reference(Unmanaged<Reference>)
    /// `\$a`: renders the literal `$a` when `$a` is not null, else a backslash then `$a`.
    case escapedReference(Unmanaged<Reference>)
    case set(Unmanaged<SetNode>)
    case ifChain(Unmanaged<IfNode>)
    case foreach(Unmanaged<ForeachNode>)
    case breakLoop
    case stop
    case define(Unmanaged<DefineNode>)
    case macroCall(Unmanaged<MacroCall>)
}

/// A span of the program's text arena.
struct TextSpan: Sendable {
    var offset: UInt32
    var count: UInt32
}

/// What a parse produces besides nodes: the text arena and the objects nodes refer to without owning.
final class ParseArena {
    var text: [UInt8] = []
    var objects: [AnyObject] = []

    func span(_ bytes: [UInt8]) -> TextSpan {
        let span = TextSpan(offset: UInt32(text.count), count: UInt32(bytes.count))
        text.append(contentsOf: bytes)
        return span
    }

    func keep<T: AnyObject>(_ object: T) -> Unmanaged<T> {
        objects.append(object)
        return Unmanaged.passUnretained(object)
    }
}

// Node payloads are classes: the renderer binds one with a single retain.

final class SetNode: Sendable {
    let target: Reference
    let value: Expression
    init(_ target: Reference, _ value: Expression) {
        self.target = target
        self.value = value
    }
}

final class IfNode: Sendable {
    let branches: [(Expression, [Node])]
    let otherwise: [Node]?
    init(_ branches: [(Expression, [Node])], otherwise: [Node]?) {
        self.branches = branches
        self.otherwise = otherwise
    }
}

final class ForeachNode: Sendable {
    let variable: Int
    let iterable: Expression
    let body: [Node]
    let position: SourcePosition
    init(variable: Int, iterable: Expression, body: [Node], position: SourcePosition) {
        self.variable = variable
        self.iterable = iterable
        self.body = body
        self.position = position
    }
}

final class DefineNode: Sendable {
    let variable: Int
    let body: [Node]
    init(variable: Int, body: [Node]) {
        self.variable = variable
        self.body = body
    }
}

final class MacroCall: Sendable {
    let name: String
    let arguments: [Expression]
    /// The call's source text, rendered when no macro has that name.
    let literal: [UInt8]
    let position: SourcePosition
    init(name: String, arguments: [Expression], literal: [UInt8], position: SourcePosition) {
        self.name = name
        self.arguments = arguments
        self.literal = literal
        self.position = position
    }
}

/// `.name` in a reference.
final class PropertyAccess: Sendable {
    let name: String
    /// `MapRef.fingerprint(name)`, so that `$map.name` hashes nothing while rendering.
    let fingerprint: UInt64
    /// The `$foreach` property the name means, resolved once.
    let loop: LoopProperty?
    init(_ name: String) {
        self.name = name
        fingerprint = MapRef.fingerprint(name)
        loop = LoopProperty(rawValue: name)
    }
}

/// The properties of `$foreach` (Velocity 1.7's `ForeachScope`).
enum LoopProperty: String, Sendable {
    case index, count, hasNext, first, last, parent
}

/// `.name(arguments)` in a reference.
final class MethodAccess: Sendable {
    let name: String
    let method: Method
    let arguments: [Expression]
    let prepared: Prepared?
    init(name: String, arguments: [Expression], prepared: Prepared?) {
        self.name = name
        self.method = Method(name)
        self.arguments = arguments
        self.prepared = prepared
    }
}

struct Macro: Sendable {
    var parameters: [Int]
    var body: [Node]
}

/// A reference: a variable and a chain of property, method and index accesses. A class, so the
/// renderer passes it around with one retain instead of copying its fields.
final class Reference: Sendable {
    let variable: Int
    let accessors: [Accessor]
    /// `$!a`: renders empty (Tollgate renders every null empty, as API Gateway does).
    let silent: Bool
    /// The source text (`$a.b`, `${a}`), for escaped references.
    let literal: [UInt8]
    /// A shape the renderer writes straight into the output (`$util.escapeJavaScript(x)`, `$input.json(x)`).
    let direct: DirectForm?
    let position: SourcePosition

    init(variable: Int, accessors: [Accessor], silent: Bool, literal: [UInt8], direct: DirectForm?, position: SourcePosition) {
        self.variable = variable
        self.accessors = accessors
        self.silent = silent
        self.literal = literal
        self.direct = direct
        self.position = position
    }
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

/// References rendered without building an intermediate value. A class, bound without copying its payload.
final class DirectForm: Sendable {
    enum Kind: Sendable {
        /// `$util.escapeJavaScript(x)`.
        case escapeJavaScript
        /// `$input.json(x)`.
        case inputJSON
    }

    let kind: Kind
    let argument: Expression
    let path: JSONPath?

    init(_ kind: Kind, _ argument: Expression, path: JSONPath? = nil) {
        self.kind = kind
        self.argument = argument
        self.path = path
    }
}

enum Accessor: @unchecked Sendable {
    case property(Unmanaged<PropertyAccess>)
    case method(Unmanaged<MethodAccess>)
    case index(Expression)
}

indirect enum Expression: @unchecked Sendable {
    case reference(Unmanaged<Reference>)
    case string(String)
    /// A double-quoted string with `$` or `#` in it: rendered as a template each time.
    case interpolated([Node])
    case int(Int32)
    case long(Int64)
    case bigInteger(Int128)
    case double(Double)
    case bool(Bool)
    case list([Expression])
    case range(Expression, Expression)
    case map([(Expression, Expression)])
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case arithmetic(ArithmeticOperator, Expression, Expression)
    case compare(ComparisonOperator, Expression, Expression)
}

enum ComparisonOperator: Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}
