import TollgateJSON
import TollgateJavaRegex

/// A position in the template source (1-based).
struct SourcePosition: Sendable {
    var line: Int32
    var column: Int32
}

/// One node of a parsed template.
enum Node: Sendable {
    /// Literal text, as UTF-8.
    case text([UInt8])
    /// `$a.b(c)[d]`: rendered with `toString()`; null renders empty (API Gateway) unless escaped.
    case reference(Reference)
    /// `\$a`: renders the literal `$a` when `$a` is not null, else the backslash too. `prefix` holds the
    /// backslashes kept before it.
    case escapedReference(Reference, prefix: [UInt8])
    case set(SetNode)
    case ifChain(IfNode)
    case foreach(ForeachNode)
    case breakLoop
    case stop
    case define(DefineNode)
    case macroCall(MacroCall)
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

/// `.name(arguments)` in a reference.
final class MethodAccess: Sendable {
    let name: String
    let arguments: [Expression]
    let prepared: Prepared?
    init(name: String, arguments: [Expression], prepared: Prepared?) {
        self.name = name
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

/// References rendered without building an intermediate value.
enum DirectForm: Sendable {
    /// `$util.escapeJavaScript(x)`.
    case escapeJavaScript(Expression)
    /// `$input.json(x)`.
    case inputJSON(Expression, JSONPath?)
}

enum Accessor: Sendable {
    case property(String)
    case method(MethodAccess)
    case index(Expression)
}

indirect enum Expression: Sendable {
    case reference(Reference)
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
