import TollgateJavaRegex

/// A position in the template source (1-based).
struct SourcePosition: Sendable {
    var line: Int32
    var column: Int32
}

/// One node of a parsed template.
indirect enum Node: Sendable {
    /// Literal text, as UTF-8.
    case text([UInt8])
    /// `$a.b(c)[d]`: rendered with `toString()`; null renders empty (API Gateway) unless escaped.
    case reference(Reference)
    /// `\$a`: renders the literal `$a` when `$a` is not null, else the backslash too. `prefix` holds the
    /// backslashes kept before it.
    case escapedReference(Reference, prefix: [UInt8])
    case set(Reference, Expression)
    case ifChain([(Expression, [Node])], otherwise: [Node]?)
    case foreach(variable: Int, iterable: Expression, body: [Node], position: SourcePosition)
    case breakLoop
    case stop
    case define(variable: Int, body: [Node])
    case macroCall(MacroCall)
}

struct MacroCall: Sendable {
    var name: String
    var arguments: [Expression]
    /// The call's source text, rendered when no macro has that name.
    var literal: [UInt8]
    var position: SourcePosition
}

struct Macro: Sendable {
    var parameters: [Int]
    var body: [Node]
}

/// A reference: a variable and a chain of property, method and index accesses.
struct Reference: Sendable {
    var variable: Int
    var accessors: [Accessor]
    /// `$!a`: renders empty (Tollgate renders every null empty, as API Gateway does).
    var silent: Bool
    /// The source text (`$a.b`, `${a}`), for escaped references.
    var literal: [UInt8]
    var position: SourcePosition
}

enum Accessor: Sendable {
    case property(String)
    case method(String, [Expression], pattern: JavaPattern?)
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
