// Velocity 1.7's `MathUtils`: integer arithmetic widens Integer → Long → BigInteger only when a
// result overflows the wider operand's type; any Double operand makes the operation Double;
// division or remainder by zero yields null (Velocity logs it and the reference renders empty).
// Source followed: Apache Velocity 1.7 `org.apache.velocity.util.introspection`/`MathUtils` behaviour,
// checked against the Debian `velocity` 1.7 package by Tests/Oracles/VelocityOracle.java.

enum ArithmeticOperator: Sendable {
    case add, subtract, multiply, divide, remainder
}

extension Value {
    /// The integer rank (Integer 0, Long 1, BigInteger 2) or nil for Double and non-numbers.
    fileprivate var integerRank: (rank: Int, value: Int128)? {
        switch self {
        case .int(let v): (0, Int128(v))
        case .long(let v): (1, Int128(v))
        case .bigInteger(let v): (2, v.value)
        default: nil
        }
    }

    var doubleValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .long(let v): Double(v)
        case .bigInteger(let v): Double(v.value)
        case .double(let v): v
        default: nil
        }
    }

    /// The smallest of Integer, Long, BigInteger at rank `rank` or above that holds `v`.
    static func integer(_ v: Int128, atLeast rank: Int) -> Value {
        if rank == 0, let i = Int32(exactly: v) { return .int(i) }
        if rank <= 1, let l = Int64(exactly: v) { return .long(l) }
        return .bigInteger(BigInteger(v))
    }

    /// `a op b` with Java number semantics, or nil when an operand is not a number or a divisor is zero.
    static func arithmetic(_ op: ArithmeticOperator, _ a: Value, _ b: Value) -> Value? {
        if let (ra, x) = a.integerRank, let (rb, y) = b.integerRank {
            let rank = max(ra, rb)
            let result: (Int128, Bool)
            switch op {
            case .add: result = x.addingReportingOverflow(y)
            case .subtract: result = x.subtractingReportingOverflow(y)
            case .multiply: result = x.multipliedReportingOverflow(by: y)
            case .divide:
                if y == 0 { return nil }
                result = x.dividedReportingOverflow(by: y)
            case .remainder:
                if y == 0 { return nil }
                result = x.remainderReportingOverflow(dividingBy: y)
            }
            if result.1 { return arithmeticDouble(op, Double(x), Double(y)) }
            return integer(result.0, atLeast: rank)
        }
        guard let x = a.doubleValue, let y = b.doubleValue else { return nil }
        return arithmeticDouble(op, x, y)
    }

    private static func arithmeticDouble(_ op: ArithmeticOperator, _ x: Double, _ y: Double) -> Value? {
        switch op {
        case .add: return .double(x + y)
        case .subtract: return .double(x - y)
        case .multiply: return .double(x * y)
        case .divide: return y == 0 ? nil : .double(x / y)
        case .remainder: return y == 0 ? nil : .double(x.truncatingRemainder(dividingBy: y))
        }
    }

    /// Numeric comparison (-1, 0, 1), or nil when either side is not a number.
    static func compareNumbers(_ a: Value, _ b: Value) -> Int? {
        if let (_, x) = a.integerRank, let (_, y) = b.integerRank {
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        guard let x = a.doubleValue, let y = b.doubleValue else { return nil }
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    /// Velocity 1.7's `==`: numbers by value, equal classes by `equals`, other pairs by `toString()`.
    /// API Gateway difference (docs/behaviour.md §1, observed): null equals the empty string.
    static func velocityEquals(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.null, .string(let s)), (.string(let s), .null): return s.isEmpty
        case (.null, _), (_, .null): return false
        default: break
        }
        if let c = compareNumbers(a, b) { return c == 0 }
        if a.sameJavaClass(b) { return a.javaEquals(b) }
        return a.javaString.utf16.elementsEqual(b.javaString.utf16)
    }

    private func sameJavaClass(_ other: Value) -> Bool {
        switch (self, other) {
        case (.bool, .bool), (.string, .string), (.map, .map), (.entry, .entry): return true
        case (.list(let a), .list(let b)): return a.array == b.array
        case (.object, .object): return true
        default: return false
        }
    }
}
