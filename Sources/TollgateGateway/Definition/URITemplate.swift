/// An HTTP integration's endpoint URI with its `{name}` (and greedy `{name+}`) placeholders found when
/// the definition loads, so that a request only appends its parts (docs/behaviour.md §8: `integration.request.path.X`
/// values fill `{X}`; an HTTP proxy fills the resource's path parameters).
package struct URITemplate: Sendable {
    package enum Part: Sendable {
        case text(String)
        /// A placeholder: the parameter's name (without a greedy `+`) and the placeholder as written,
        /// kept when no value fills it.
        case placeholder(name: String, written: String)
    }

    package let parts: [Part]
    /// Whether the URI has a query already (a mapped query string then follows with `&`).
    package let hasQuery: Bool

    package init(_ uri: String) {
        var parts: [Part] = []
        var text = Substring()
        var rest = uri[...]
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            var name = rest[rest.index(after: open)..<close]
            if name.hasSuffix("+") { name = name.dropLast() }
            // `{}`, or braces inside a name, are text.
            guard !name.isEmpty, !name.contains("{") else {
                text += rest[..<rest.index(after: open)]
                rest = rest[rest.index(after: open)...]
                continue
            }
            text += rest[..<open]
            if !text.isEmpty { parts.append(.text(String(text))) }
            text = ""
            parts.append(.placeholder(name: String(name), written: String(rest[open...close])))
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if !text.isEmpty { parts.append(.text(String(text))) }
        self.parts = parts
        hasQuery = uri.contains("?")
    }

    /// The URI with each placeholder replaced by its value in `values` (the first of a name), passed
    /// through `encode`; a placeholder with no value stays as written.
    package func expand(_ values: [(String, String)], encode: (String) -> String) -> String {
        var uri = ""
        for part in parts {
            switch part {
            case .text(let text): uri += text
            case .placeholder(let name, let written):
                if let value = values.first(where: { $0.0 == name })?.1 { uri += encode(value) } else { uri += written }
            }
        }
        return uri
    }

    /// Percent-encodes what `CharacterSet.urlPathAllowed` does not allow (every byte but ASCII letters,
    /// digits and ``!$&'()*+,-./:=@_~``), byte for byte as Foundation's
    /// `addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)`, which this replaces (it built a
    /// character set per call), including its one quirk: `:` is encoded before the first `/` (RFC 3986's
    /// rule for a relative path's first segment).
    package static func encodePath(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var firstSegment = true
        for b in value.utf8 {
            if b == UInt8(ascii: "/") { firstSegment = false }
            if b < 0x80 && pathAllowed & (1 << UInt128(b)) != 0 || (b == UInt8(ascii: ":") && !firstSegment) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bit *b* set for each ASCII byte *b* that `CharacterSet.urlPathAllowed` holds, but `:`.
    static let pathAllowed: UInt128 = {
        var set: UInt128 = 0
        for b in "!$&'()*+,-./0123456789=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~".utf8 { set |= 1 << UInt128(b) }
        return set
    }()
}
