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
        /// The route's segments and the path's, for ``rawParameters`` (made only when asked for).
        let segments: [Segment]
        let parts: [Substring]

        /// The parameters as the client sent them (percent-encoding intact), what the Lambda proxy event
        /// and an HTTP proxy's URI carry: API Gateway matches on the raw path (the proxy event recorded on
        /// AWS in LocalStack's test_lambda_aws_proxy_integration snapshot has `test%2Balias@gmail.com`).
        var rawParameters: [(String, String)] {
            var raw: [(String, String)] = []
            for (i, segment) in segments.enumerated() {
                switch segment {
                case .literal: break
                case .parameter(let name): raw.append((name, String(parts[i])))
                // The rest of the path as sent, without a trailing slash (recorded on AWS: `/test-path/`
                // gives `proxy: test-path`).
                case .greedy(let name): raw.append((name, parts[i...].joined(separator: "/")))
                }
            }
            return raw
        }
    }

    /// Most specific first: ordered by their segments' ranks (lexicographically, a prefix first), ties
    /// in definition order, so the first route that matches a path is the one to take.
    let routes: [Route]

    init(paths: [String]) {
        let routes = paths.enumerated().map { index, path in
            let segments = path.split(separator: "/").map { part -> Segment in
                if part.hasPrefix("{") && part.hasSuffix("+}") { return .greedy(String(part.dropFirst().dropLast(2))) }
                if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
                return .literal(String(part))
            }
            return Route(segments: segments, resource: index)
        }
        // Ordered once here so that a request allocates no scores and stops at its first match.
        self.routes = routes.sorted { a, b in
            let (x, y) = (a.segments.lazy.map(\.rank), b.segments.lazy.map(\.rank))
            return x.lexicographicallyPrecedes(y) || (x.elementsEqual(y) && a.resource < b.resource)
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
        let parts = Self.segments(path)
        guard let route = routes.first(where: { Self.matches($0.segments, parts) }) else { return nil }
        var parameters: [(String, String)] = []
        for (i, segment) in route.segments.enumerated() {
            switch segment {
            case .literal: break
            case .parameter(let name): parameters.append((name, percentDecode(parts[i], plusIsSpace: false)))
            case .greedy(let name): parameters.append((name, parts[i...].map { percentDecode($0, plusIsSpace: false) }.joined(separator: "/")))
            }
        }
        return Match(resource: route.resource, parameters: parameters, segments: route.segments, parts: parts)
    }

    /// The non-empty segments of `path` between slashes (what `split(separator: "/")` gives), found on
    /// its UTF-8: splitting by `Character` was 6% of a request.
    static func segments(_ path: String) -> [Substring] {
        var parts: [Substring] = []
        let utf8 = path.utf8
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            if utf8[i] == UInt8(ascii: "/") {
                if i != start { parts.append(Substring(utf8[start..<i])) }
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        if start != utf8.endIndex { parts.append(Substring(utf8[start..<utf8.endIndex])) }
        return parts
    }

    /// Whether `segments` matches `parts`: literals equal, one part for each parameter, and a greedy
    /// parameter (always last) taking one or more.
    static func matches(_ segments: [Segment], _ parts: [Substring]) -> Bool {
        for (i, segment) in segments.enumerated() {
            guard i < parts.count else { return false }
            switch segment {
            case .literal(let text): guard parts[i] == text else { return false }
            case .parameter: break
            case .greedy: return true
            }
        }
        return segments.count == parts.count
    }
}
