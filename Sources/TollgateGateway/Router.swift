/// Matches a request path against the resources' path templates: literal segments beat `{param}`,
/// which beats a greedy `{proxy+}` (which takes one or more remaining segments).
struct Router: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case greedy(String)

        var rank: Int {
            switch self {
            case .literal: 0
            case .parameter: 1
            case .greedy: 2
            }
        }
    }

    struct Route: Sendable {
        let segments: [Segment]
        let resource: Int
    }

    struct Match {
        let resource: Int
        /// Path parameters, percent-decoded.
        let parameters: [(String, String)]
    }

    let routes: [Route]

    init(paths: [String]) {
        routes = paths.enumerated().map { index, path in
            let segments = path.split(separator: "/").map { part -> Segment in
                if part.hasPrefix("{") && part.hasSuffix("+}") { return .greedy(String(part.dropFirst().dropLast(2))) }
                if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
                return .literal(String(part))
            }
            return Route(segments: segments, resource: index)
        }
    }

    /// A path template's parse error, if any: `{proxy+}` not last, or an empty `{}`.
    static func problem(in path: String) -> String? {
        guard path.hasPrefix("/") else { return "a resource path starts with /" }
        let parts = path.split(separator: "/")
        for (i, part) in parts.enumerated() {
            if part == "{}" || part == "{+}" { return "empty path parameter in \(path)" }
            if part.hasSuffix("+}") && i != parts.count - 1 { return "a greedy parameter must be the last segment: \(path)" }
            if part.contains("{") != part.contains("}") { return "unbalanced braces in \(path)" }
        }
        return nil
    }

    func match(_ path: String) -> Match? {
        let parts = path.split(separator: "/")
        var best: (route: Route, score: [Int])?
        for route in routes {
            guard let score = Self.score(route.segments, parts) else { continue }
            if let current = best, !(score.lexicographicallyPrecedes(current.score)) { continue }
            best = (route, score)
        }
        guard let route = best?.route else { return nil }
        var parameters: [(String, String)] = []
        for (i, segment) in route.segments.enumerated() {
            switch segment {
            case .literal: break
            case .parameter(let name): parameters.append((name, percentDecode(parts[i], plusIsSpace: false)))
            case .greedy(let name): parameters.append((name, parts[i...].map { percentDecode($0, plusIsSpace: false) }.joined(separator: "/")))
            }
        }
        return Match(resource: route.resource, parameters: parameters)
    }

    /// Segment ranks when `segments` matches `parts` (lower is more specific), else nil.
    static func score(_ segments: [Segment], _ parts: [Substring]) -> [Int]? {
        var score: [Int] = []
        score.reserveCapacity(segments.count)
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard i < parts.count, parts[i] == text else { return nil }
            case .parameter:
                guard i < parts.count else { return nil }
            case .greedy:
                guard i < parts.count else { return nil }
                score.append(segment.rank)
                return score
            }
            score.append(segment.rank)
        }
        return segments.count == parts.count ? score : nil
    }
}
