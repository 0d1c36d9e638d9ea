/// Tree rewrites between parsing and emitting PCRE2: back-references to groups that do not
/// exist never match (Java compiles them; PCRE2 would reject them); in a lookbehind, a leading
/// unbounded repeat keeps only its minimum (`(?<=a+)b` is `(?<=a)b`: whatever precedes the
/// last `a` does not matter), and a bounded but variable length (`(?<=ab?)`, which Java
/// accepts) becomes fixed-length alternatives (`(?<=ab|a)`), which PCRE2 10.42 accepts.
enum RegexRewriter {
    static let maxAlternatives = 256

    static func prepare(_ node: RegexNode, groupCount: Int) -> RegexNode {
        rewrite(node, groupCount: groupCount)
    }

    static func rewrite(_ node: RegexNode, groupCount: Int) -> RegexNode {
        switch node {
        case .backreference(let n, _) where n > groupCount:
            return .never
        case .sequence(let nodes):
            return .sequence(nodes.map { rewrite($0, groupCount: groupCount) })
        case .alternation(let nodes):
            return .alternation(nodes.map { rewrite($0, groupCount: groupCount) })
        case .caseless(let inner):
            return .caseless(rewrite(inner, groupCount: groupCount))
        case .quantified(let inner, let min, let max, let mode):
            return .quantified(rewrite(inner, groupCount: groupCount), min: min, max: max, mode: mode)
        case .group(.lookbehind(let negative), let inner):
            let body = trimLeadingUnbounded(rewrite(inner, groupCount: groupCount))
            if fixedLength(body) == nil, let alternatives = expand(body), alternatives.count <= maxAlternatives {
                return .group(.lookbehind(negative: negative), .alternation(alternatives))
            }
            return .group(.lookbehind(negative: negative), body)
        case .group(let kind, let inner):
            return .group(kind, rewrite(inner, groupCount: groupCount))
        default:
            return node
        }
    }

    /// Replaces a leading greedy or lazy `X{n,}` of a lookbehind body with `X{n}`: a lookbehind
    /// only asks whether the body can end here, and `X{n,}Y` can end here exactly when `X{n}Y`
    /// can. (Not for possessive repeats, whose giving up nothing changes the answer.)
    static func trimLeadingUnbounded(_ node: RegexNode) -> RegexNode {
        switch node {
        case .quantified(let inner, let min, nil, let mode) where mode != .possessive:
            return min == 0 ? .empty : .quantified(inner, min: min, max: min, mode: .greedy)
        case .sequence(let nodes) where !nodes.isEmpty:
            return .sequence([trimLeadingUnbounded(nodes[0])] + nodes.dropFirst())
        case .alternation(let branches):
            return .alternation(branches.map(trimLeadingUnbounded))
        case .group(.nonCapture, let inner):
            return .group(.nonCapture, trimLeadingUnbounded(inner))
        default:
            return node
        }
    }

    /// The length in code points every match of `node` has, or `nil` when it varies.
    static func fixedLength(_ node: RegexNode) -> Int? {
        switch node {
        case .empty, .never: return 0
        case .literal, .set, .dot: return 1
        case .caseless(let inner): return fixedLength(inner)
        case .raw(let text):
            if ["\\A", "\\z", "\\G"].contains(text) || text.hasPrefix("(?=") || text.hasPrefix("(?!") || text.hasPrefix("(?<") {
                return 0
            }
            return nil
        case .sequence(let nodes):
            var total = 0
            for n in nodes {
                guard let l = fixedLength(n) else { return nil }
                total += l
            }
            return total
        case .alternation(let nodes):
            let lengths = nodes.map(fixedLength)
            guard let first = lengths.first, let f = first, lengths.allSatisfy({ $0 == f }) else { return nil }
            return f
        case .group(.lookahead, _), .group(.lookbehind, _): return 0
        case .group(_, let inner): return fixedLength(inner)
        case .quantified(let inner, let min, let max, _):
            guard max == min, let l = fixedLength(inner) else { return nil }
            return l * min
        case .backreference: return nil
        }
    }

    /// Fixed-length alternatives equivalent to `node`, or `nil` when unbounded or when a
    /// capturing group would have to be duplicated.
    static func expand(_ node: RegexNode) -> [RegexNode]? {
        if fixedLength(node) != nil { return [node] }
        switch node {
        case .sequence(let nodes):
            var results: [[RegexNode]] = [[]]
            for n in nodes {
                guard let options = expand(n) else { return nil }
                results = results.flatMap { prefix in options.map { prefix + [$0] } }
                if results.count > maxAlternatives { return nil }
            }
            return results.map { .sequence($0) }
        case .alternation(let nodes):
            var results: [RegexNode] = []
            for n in nodes {
                guard let options = expand(n) else { return nil }
                results += options
            }
            return results.count > maxAlternatives ? nil : results
        case .group(.nonCapture, let inner), .group(.atomic, let inner):
            return expand(inner)
        case .caseless(let inner):
            return expand(inner)?.map { .caseless($0) }
        case .quantified(let inner, let min, let max?, _) where max - min < maxAlternatives:
            var results: [RegexNode] = []
            for k in min...max {
                guard let options = expand(.sequence(Array(repeating: inner, count: k))) else { return nil }
                results += options
                if results.count > maxAlternatives { return nil }
            }
            return results
        default:
            return nil
        }
    }
}
