/// Java's `Pattern` grammar above the escapes: alternation, sequences, atoms, quantifiers, groups and flags.
extension JavaSyntaxParser {
    // MARK: Structure

    /// Alternation: `sequence ('|' sequence)*`.
    mutating func expr() throws(SyntaxError) -> RegexNode {
        var branches: [RegexNode] = []
        while true {
            branches.append(try sequence())
            if peek() != Self.c("|") {
                return branches.count == 1 ? branches[0] : .alternation(branches)
            }
            _ = next()
        }
    }

    /// A sequence of atoms up to `|`, `)` or the end.
    mutating func sequence() throws(SyntaxError) -> RegexNode {
        var nodes: [RegexNode] = []
        loop: while true {
            let ch = peek()
            var node: RegexNode
            switch ch {
            case Self.c("("):
                // Groups handle their own closure; a flags-only group returns nil.
                guard let group = try group0() else { continue }
                nodes.append(group)
                continue
            case Self.c("["):
                node = .set(try clazz(consume: true))
            case Self.c("\\"):
                let e = nextEscaped()
                if e == Self.c("p") || e == Self.c("P") {
                    var oneLetter = true
                    let complement = e == Self.c("P")
                    if next() != Self.c("{") { unread() } else { oneLetter = false }
                    node = .set(try family(oneLetter: oneLetter, complement: complement))
                } else {
                    unread()
                    node = try atom()
                }
            case Self.c("^"):
                _ = next()
                node = caretNode()
            case Self.c("$"):
                _ = next()
                node = dollarNode(multiline: flags.contains(.multiline))
            case Self.c("."):
                _ = next()
                node = dotNode()
            case Self.c("|"), Self.c(")"):
                break loop
            case Self.c("]"), Self.c("}"):
                node = try atom()
            case Self.c("?"), Self.c("*"), Self.c("+"):
                _ = next()
                throw error("Dangling meta character '\(Character(Unicode.Scalar(ch)!))'")
            case 0 where cursor >= patternLength:
                break loop
            default:
                node = try atom()
            }
            nodes.append(try closure(node))
        }
        return nodes.count == 1 ? nodes[0] : .sequence(nodes)
    }

    /// A run of literal characters (or one escape that is not a literal).
    mutating func atom() throws(SyntaxError) -> RegexNode {
        var chars: [UInt32] = []
        var prev = -1
        var ch = peek()
        loop: while true {
            switch ch {
            case Self.c("*"), Self.c("+"), Self.c("?"), Self.c("{"):
                if chars.count > 1 {
                    // Unwind one character: the quantifier applies to it alone.
                    cursor = prev
                    chars.removeLast()
                }
                break loop
            case Self.c("$"), Self.c("."), Self.c("^"), Self.c("("), Self.c("["), Self.c("|"), Self.c(")"):
                break loop
            case Self.c("\\"):
                let e = nextEscaped()
                if e == Self.c("p") || e == Self.c("P") {
                    if !chars.isEmpty {
                        unread()
                        break loop
                    }
                    let complement = e == Self.c("P")
                    var oneLetter = true
                    if next() != Self.c("{") { unread() } else { oneLetter = false }
                    return .set(try family(oneLetter: oneLetter, complement: complement))
                }
                unread()
                prev = cursor
                switch try escape(inClass: false, create: chars.isEmpty, isRange: false) {
                case .char(let c):
                    chars.append(c)
                    ch = peek()
                    continue loop
                case .node(let node):
                    if chars.isEmpty { return node }
                    cursor = prev
                    break loop
                case .set(let set):
                    if chars.isEmpty { return .set(set) }
                    cursor = prev
                    break loop
                }
            case 0 where cursor >= patternLength:
                break loop
            default:
                prev = cursor
                chars.append(ch)
                ch = next()
                continue loop
            }
        }
        if chars.count == 1 { return literalNode(chars[0]) }
        return .sequence(chars.map { literalNode($0) })
    }

    /// A literal under the current case flags (Java's `single`).
    func literalNode(_ c: UInt32) -> RegexNode {
        if flags.contains(.caseInsensitive) {
            if flags.contains(.unicodeCase) {
                // Java's SingleU: caseless only when the simple case mappings differ (ß is exact).
                if Self.hasSimpleCaseVariants(c) { return .caseless(.literal(c)) }
            } else if Self.isASCIIAlpha(c) {
                return .set(.ranges([(c | 0x20)...(c | 0x20), (c & ~0x20)...(c & ~0x20)]))
            }
        }
        return .literal(c)
    }

    /// Java's test in `single`: `toLowerCase(toUpperCase(c)) != toUpperCase(c)`, with simple
    /// (one-to-one) case mappings.
    static func hasSimpleCaseVariants(_ c: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(c) else { return false }
        let upper = simpleMapping(scalar.properties.uppercaseMapping) ?? scalar
        let lower = simpleMapping(upper.properties.lowercaseMapping) ?? upper
        return upper != lower
    }

    static func simpleMapping(_ mapping: String) -> Unicode.Scalar? {
        let scalars = mapping.unicodeScalars
        return scalars.count == 1 ? scalars.first : nil
    }

    /// Applies a following quantifier to `prev` (Java's `closure`).
    mutating func closure(_ prev: RegexNode) throws(SyntaxError) -> RegexNode {
        let ch = peek()
        switch ch {
        case Self.c("?"):
            return .quantified(atomicIfLineEnding(prev), min: 0, max: 1, mode: qtype())
        case Self.c("*"):
            return .quantified(atomicIfLineEnding(prev), min: 0, max: nil, mode: qtype())
        case Self.c("+"):
            return .quantified(atomicIfLineEnding(prev), min: 1, max: nil, mode: qtype())
        case Self.c("{"):
            var ch = skip()
            guard Self.isASCIIDigit(ch) else { throw error("Illegal repetition") }
            // Java 17 reads the bounds with Math.addExact/multiplyExact: overflow is an error at that digit.
            var cmin = 0
            var cmax: Int?
            repeat {
                cmin = cmin * 10 + Int(ch - 0x30)
                if cmin > Int(Int32.max) { throw error("Illegal repetition range") }
                ch = read()
            } while Self.isASCIIDigit(ch)
            if ch == Self.c(",") {
                ch = read()
                if ch == Self.c("}") {
                    cmax = nil
                } else {
                    var m = 0
                    while Self.isASCIIDigit(ch) {
                        m = m * 10 + Int(ch - 0x30)
                        if m > Int(Int32.max) { throw error("Illegal repetition range") }
                        ch = read()
                    }
                    cmax = m
                }
            } else {
                cmax = cmin
            }
            if ch != Self.c("}") { throw error("Unclosed counted closure") }
            if let cmax, cmax < cmin { throw error("Illegal repetition range") }
            unread()
            return .quantified(atomicIfLineEnding(prev), min: cmin, max: cmax, mode: qtype())
        default:
            return prev
        }
    }

    /// Java repeats a bare `\R` with a `Curly`, which never backtracks into an iteration, so
    /// `\R{2}` does not match `\r\n` although `\R\n` does.
    func atomicIfLineEnding(_ node: RegexNode) -> RegexNode {
        if case .raw(let text) = node, text == JavaAnchors.lineEnding { return .group(.atomic, node) }
        return node
    }

    /// Reads the quantifier's mode suffix (`?` lazy, `+` possessive).
    mutating func qtype() -> RegexNode.QuantifierMode {
        let ch = next()
        if ch == Self.c("?") {
            _ = next()
            return .lazy
        } else if ch == Self.c("+") {
            _ = next()
            return .possessive
        }
        return .greedy
    }

    /// A group, or `nil` for a flags-only group such as `(?i)` (Java's `group0`).
    mutating func group0() throws(SyntaxError) -> RegexNode? {
        let savedFlags = flags
        var node: RegexNode
        var ch = next()
        if ch == Self.c("?") {
            ch = skip()
            switch ch {
            case Self.c(":"):
                node = .group(.nonCapture, try expr())
            case Self.c("="), Self.c("!"):
                node = .group(.lookahead(negative: ch == Self.c("!")), try expr())
            case Self.c(">"):
                node = .group(.atomic, try expr())
            case Self.c("<"):
                ch = read()
                if ch != Self.c("=") && ch != Self.c("!") {
                    let name = try groupName(ch)
                    if namedGroups[name] != nil { throw error("Named capturing group <\(name)> is already defined") }
                    let number = capturingGroupCount
                    capturingGroupCount += 1
                    namedGroups[name] = number
                    node = .group(.capture(number, name: name), try expr())
                } else {
                    let body = try expr()
                    // Java rejects a lookbehind whose body repeats a group without bound (a `Loop`
                    // has no maximum length); a repeated single character is accepted.
                    if Self.hasUnboundedGroupRepeat(body) { throw error("Look-behind group does not have an obvious maximum length") }
                    node = .group(.lookbehind(negative: ch == Self.c("!")), body)
                }
            case Self.c("$"), Self.c("@"):
                throw error("Unknown group type")
            default:
                unread()
                addFlag()
                ch = read()
                if ch == Self.c(")") { return nil }
                if ch != Self.c(":") { throw error("Unknown inline modifier") }
                node = .group(.nonCapture, try expr())
            }
        } else {
            let number = capturingGroupCount
            capturingGroupCount += 1
            node = .group(.capture(number, name: nil), try expr())
        }
        try accept(")", "Unclosed group")
        flags = savedFlags
        return try closure(node)
    }

    static func hasUnboundedGroupRepeat(_ node: RegexNode) -> Bool {
        switch node {
        case .quantified(let inner, _, nil, _):
            switch inner {
            case .group, .sequence, .alternation: return true
            default: return hasUnboundedGroupRepeat(inner)
            }
        case .quantified(let inner, _, _, _), .caseless(let inner): return hasUnboundedGroupRepeat(inner)
        case .group(.lookahead, _), .group(.lookbehind, _): return false
        case .group(_, let inner): return hasUnboundedGroupRepeat(inner)
        case .sequence(let nodes), .alternation(let nodes): return nodes.contains(where: hasUnboundedGroupRepeat)
        default: return false
        }
    }

    /// A group name: a Latin letter, then Latin letters and digits, then `>`.
    mutating func groupName(_ first: UInt32) throws(SyntaxError) -> String {
        guard Self.isASCIIAlpha(first) else { throw error("capturing group name does not start with a Latin letter") }
        var name = String(Character(Unicode.Scalar(first)!))
        var ch = read()
        while Self.isASCIIAlnum(ch) {
            name.append(Character(Unicode.Scalar(ch)!))
            ch = read()
        }
        if ch != Self.c(">") { throw error("named capturing group is missing trailing '>'") }
        return name
    }

    /// Inline flags `(?idmsuxU-idmsuxU)`.
    mutating func addFlag() {
        var ch = peek()
        while true {
            switch ch {
            case Self.c("i"): flags.insert(.caseInsensitive)
            case Self.c("m"): flags.insert(.multiline)
            case Self.c("s"): flags.insert(.dotAll)
            case Self.c("d"): flags.insert(.unixLines)
            case Self.c("u"): flags.insert(.unicodeCase)
            case Self.c("c"): flags.insert(.canonicalEquivalence)
            case Self.c("x"): flags.insert(.comments)
            case Self.c("U"): flags.formUnion([.unicodeCharacterClass, .unicodeCase])
            case Self.c("-"):
                ch = next()
                subFlag()
                return
            default: return
            }
            ch = next()
        }
    }

    mutating func subFlag() {
        var ch = peek()
        while true {
            switch ch {
            case Self.c("i"): flags.remove(.caseInsensitive)
            case Self.c("m"): flags.remove(.multiline)
            case Self.c("s"): flags.remove(.dotAll)
            case Self.c("d"): flags.remove(.unixLines)
            case Self.c("u"): flags.remove(.unicodeCase)
            case Self.c("c"): flags.remove(.canonicalEquivalence)
            case Self.c("x"): flags.remove(.comments)
            case Self.c("U"): flags.subtract([.unicodeCharacterClass, .unicodeCase])
            default: return
            }
            ch = next()
        }
    }
}
