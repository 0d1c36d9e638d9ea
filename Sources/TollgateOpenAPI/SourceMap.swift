public import TollgateGateway
import TollgateJSON
import Yams

/// Where the parts of the document a gateway serves come from, so that an error with a pointer into
/// that document names the file, the pointer in it (a template's logical id) and its line and column.
///
/// An export serves its own file; a template's `Body` is a subtree of the template; an API built from
/// `AWS::ApiGateway::Method` resources or SAM events is a document no file holds, so its operations map
/// to the resources and events that made them.
public struct SourceMap: Sendable {
    struct Entry: Sendable {
        /// A pointer prefix in the served document.
        var served: String
        /// The file it comes from (nil: the definition file itself).
        var file: String?
        /// The pointer in that file.
        var pointer: String
        /// Whether the rest of a served pointer continues in the file (a copied subtree), or the entry
        /// names only the place that made the part (a resource, an event).
        var exact: Bool
        /// For an `AWS::ApiGateway::Method`: served tokens after the operation that have a property in
        /// the resource (`x-amazon-apigateway-integration/requestTemplates` → `Integration/RequestTemplates`).
        var properties: [String: String] = [:]
    }

    var entries: [Entry] = []

    /// The served document is the file's own.
    public static let identity = SourceMap(entries: [Entry(served: "", file: nil, pointer: "", exact: true)])

    mutating func map(_ served: String, to pointer: String, in file: String? = nil, exact: Bool = true, properties: [String: String] = [:]) {
        entries.append(Entry(served: served, file: file, pointer: pointer, exact: exact, properties: properties))
    }

    /// `error`, a pointer into the served document, as a pointer into the file it came from (``file``
    /// set for another file than the definition). Errors with a file set, or without a pointer, stay.
    func relocate(_ error: DefinitionError) -> DefinitionError {
        guard error.file == nil, error.line == nil, error.location.hasPrefix("/") else { return error }
        let location = error.location == "/" ? "" : error.location
        let candidates = entries.filter { entry in
            location == entry.served || location.hasPrefix(entry.served + "/") || entry.served.isEmpty
        }
        guard let best = candidates.max(by: { $0.served.count < $1.served.count }) else { return error }
        var out = error
        let rest = String(location.dropFirst(best.served.count))
        let tokens = rest.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let head = tokens.prefix(2).joined(separator: "/")
        if best.exact {
            out.location = best.pointer + rest
        } else if let property = best.properties[head] ?? best.properties[String(tokens.first ?? "")] {
            let consumed = best.properties[head] != nil ? 2 : 1
            out.location = best.pointer + "/" + property + tokens.dropFirst(consumed).map { "/" + $0 }.joined()
        } else {
            out.location = best.pointer
            if !location.isEmpty { out.message += " (at \(location) of the API the template builds)" }
        }
        if out.location.isEmpty { out.location = "/" }
        out.file = best.file
        return out
    }
}

/// Line and column of the node a JSON Pointer names in a YAML or JSON text (JSON read as YAML, which
/// holds every position), found only when an error is reported.
final class SourcePositions {
    private var roots: [String: Node?] = [:]
    private let read: (String) -> String?

    init(read: @escaping (String) -> String?) { self.read = read }

    /// `error` with the line and column of its location in `file` (the nearest node that exists when the
    /// pointer goes deeper than the file, as into a `!Sub`), and `file` set.
    func annotate(_ error: DefinitionError, file: String) -> DefinitionError {
        var out = error
        out.file = out.file ?? file
        guard out.line == nil, out.location.hasPrefix("/"), let path = out.file, let root = root(path) else { return out }
        if let (line, column) = Self.position(of: out.location, in: root) {
            out.line = line
            out.column = column
        }
        return out
    }

    private func root(_ path: String) -> Node? {
        if let known = roots[path] { return known }
        let node = read(path).flatMap { try? Yams.compose(yaml: $0) }
        roots[path] = node
        return node
    }

    static func position(of pointer: String, in root: Node) -> (Int, Int)? {
        var node = root
        var mark = root.mark
        for token in (try? JSONPointer(pointer == "/" ? "" : pointer))?.tokens ?? [] {
            if case .mapping(let mapping) = node, let (key, value) = mapping.first(where: { $0.key.string == token }) {
                mark = key.mark
                node = value
            } else if case .sequence(let sequence) = node, let index = Int(token), index >= 0, index < sequence.count {
                node = sequence[index]
                mark = node.mark
            } else {
                break
            }
        }
        return mark.map { ($0.line, $0.column) }
    }
}
