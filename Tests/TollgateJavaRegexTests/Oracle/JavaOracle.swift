import Foundation
import TollgateJavaRegex
import _TollgateTestSupport

/// Runs cases through `java.util.regex` (Java 17, `Tests/Oracles/RegexOracle.java`) and
/// through `JavaPattern`, in the same shape, so that a test can compare them field by field.
struct OracleCase: Sendable, CustomStringConvertible {
    var pattern: String
    var input: String
    var flags: JavaPattern.Flags = []
    var replacement: String? = nil

    var description: String {
        "flags=\(flags.rawValue) pattern=\(pattern.debugDescription) input=\(input.debugDescription)"
            + (replacement.map { " replacement=\($0.debugDescription)" } ?? "")
    }
}

/// One engine's answer for a case.
enum OracleAnswer: Equatable, CustomStringConvertible {
    case error(description: String, index: Int)
    case ok(matches: Bool, find: Bool, spans: [Range<Int>], groupCount: Int, replaced: String?, split0: [String], splitAll: [String])
    case timeout
    case crash(String)

    var description: String {
        switch self {
        case .error(let d, let i): "error(\(d.debugDescription), \(i))"
        case .ok(let m, let f, let s, let g, let r, let s0, let sa):
            "ok(matches: \(m), find: \(f), spans: \(s.map { "\($0.lowerBound),\($0.upperBound)" }), groups: \(g), replaced: \(r?.debugDescription ?? "-"), split: \(s0), splitAll: \(sa))"
        case .timeout: "timeout"
        case .crash(let c): "crash(\(c))"
        }
    }
}

enum JavaOracle {
    static let packageRoot = Support.root

    static func escape(_ s: String) -> String { OracleEscaping.escape(s) }

    static func unescape(_ s: Substring) -> String { OracleEscaping.unescape(s) }

    /// Java's answers, one per case.
    static func javaAnswers(_ cases: [OracleCase]) async throws -> [OracleAnswer] {
        let lines = cases.map { c in
            "\(c.flags.rawValue)\t\(escape(c.pattern))\t\(escape(c.input))" + (c.replacement.map { "\t" + escape($0) } ?? "")
        }
        let run = try await ChildProcess.run(
            "java",
            [packageRoot.appendingPathComponent("Tests/Oracles/RegexOracle.java").path],
            stdin: Data((lines.joined(separator: "\n") + "\n").utf8)
        )
        let text = run.stdoutText
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(parse)
    }

    static func parse(_ line: Substring) -> OracleAnswer {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        switch f[0] {
        case "error": return .error(description: unescape(f[1]), index: Int(f[2])!)
        case "timeout": return .timeout
        case "crash": return .crash(String(f[1]))
        default:
            let spans =
                f[3].isEmpty
                ? []
                : f[3].split(separator: ";").map { s -> Range<Int> in
                    let p = s.split(separator: ",")
                    return Int(p[0])!..<Int(p[1])!
                }
            let replaced: String? = f[5] == "!" ? nil : unescape(f[5])
            return .ok(
                matches: f[1] == "true",
                find: f[2] == "true",
                spans: spans,
                groupCount: Int(f[4])!,
                replaced: replaced,
                split0: splitParts(unescape(f[6])),
                splitAll: splitParts(unescape(f[7]))
            )
        }
    }

    static func splitParts(_ s: String) -> [String] {
        s.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
    }

    /// Tollgate's answer in Java's shape (offsets in UTF-16 code units).
    static func tollgateAnswer(_ c: OracleCase) -> OracleAnswer {
        let pattern: JavaPattern
        do {
            pattern = try JavaPattern(c.pattern, flags: c.flags)
        } catch {
            return .error(description: error.reason, index: error.index)
        }
        let spans = pattern.allMatches(in: c.input).prefix(20).map { m -> Range<Int> in
            let r = m.range
            let lower = c.input.utf16.distance(from: c.input.startIndex, to: r.lowerBound)
            return lower..<(lower + c.input.utf16.distance(from: r.lowerBound, to: r.upperBound))
        }
        var replaced: String? = nil
        if let replacement = c.replacement { replaced = try? pattern.replaceAll(in: c.input, with: replacement) }
        return .ok(
            matches: pattern.matches(c.input),
            find: pattern.find(in: c.input),
            spans: Array(spans),
            groupCount: pattern.groupCount,
            replaced: replaced,
            split0: joinSplit(pattern.split(c.input, limit: 0)),
            splitAll: joinSplit(pattern.split(c.input, limit: -1))
        )
    }

    /// Java prints `String.join("\u0001", parts)`; an empty array and `[""]` print alike.
    static func joinSplit(_ parts: [String]) -> [String] {
        splitParts(parts.joined(separator: "\u{1}"))
    }
}
