/// A method call's argument values, held inline: every method a template calls takes at most three, so
/// a call allocates nothing and copying the arguments is a plain copy. A call with more keeps their count
/// (no method matches it) but not their values.
struct Arguments: ExpressibleByArrayLiteral {
    private(set) var count = 0
    private var a0: Value = .null
    private var a1: Value = .null
    private var a2: Value = .null

    init() {}

    init(arrayLiteral elements: Value...) {
        for element in elements { append(element) }
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ value: Value) {
        switch count {
        case 0: a0 = value
        case 1: a1 = value
        case 2: a2 = value
        default: break
        }
        count += 1
    }

    subscript(_ i: Int) -> Value {
        switch i {
        case 0: a0
        case 1: a1
        case 2: a2
        default: .null
        }
    }
}
