extension JavaPattern {
    /// A replacement string Java would reject (`IllegalArgumentException` or
    /// `IndexOutOfBoundsException` from `Matcher.appendReplacement`), with Java's message.
    public struct ReplacementError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong with the replacement.
        public let message: String
        /// The message, as Java's exception gives it.
        public var description: String { message }
        /// An error saying `message`.
        public init(message: String) { self.message = message }
    }

    /// Java's `Matcher.replaceAll`: every match replaced; `$n`, `${name}` insert groups and
    /// `\x` inserts `x`. As in Java, the replacement is only read when there is a match.
    public func replaceAll(in input: String, with replacement: String) throws(ReplacementError) -> String {
        try replace(in: input, with: replacement, firstOnly: false)
    }

    /// Java's `Matcher.replaceFirst`.
    public func replaceFirst(in input: String, with replacement: String) throws(ReplacementError) -> String {
        try replace(in: input, with: replacement, firstOnly: true)
    }

    /// Java's `Matcher.quoteReplacement`: a replacement that inserts `text` literally.
    public static func quoteReplacement(_ text: String) -> String {
        guard text.contains("\\") || text.contains("$") else { return text }
        var s = ""
        for c in text {
            if c == "\\" || c == "$" { s.append("\\") }
            s.append(c)
        }
        return s
    }

    enum ReplacementPart {
        case text(String)
        case group(Int)
    }

    func replace(in input: String, with replacement: String, firstOnly: Bool) throws(ReplacementError) -> String {
        var parts: [ReplacementPart]?
        var result = ""
        var last = input.startIndex
        var failure: ReplacementError?
        forEachMatch(in: input) { match in
            if parts == nil {
                switch Result(catching: { () throws(ReplacementError) in try parseReplacement(replacement) }) {
                case .success(let parsed): parts = parsed
                case .failure(let error):
                    failure = error
                    return false
                }
            }
            let range = match.range
            result += input[last..<range.lowerBound]
            for part in parts! {
                switch part {
                case .text(let t): result += t
                case .group(let n): if let g = match[n] { result += g }
                }
            }
            last = range.upperBound
            return !firstOnly
        }
        if let failure { throw failure }
        if parts == nil { return input }
        result += input[last...]
        return result
    }

    /// Parses a replacement as Java's `appendExpandedReplacement` does.
    func parseReplacement(_ replacement: String) throws(ReplacementError) -> [ReplacementPart] {
        var parts: [ReplacementPart] = []
        var text = ""
        let chars = Array(replacement.unicodeScalars)
        var cursor = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        while cursor < chars.count {
            let c = chars[cursor]
            if c == "\\" {
                cursor += 1
                guard cursor < chars.count else { throw ReplacementError(message: "character to be escaped is missing") }
                text.unicodeScalars.append(chars[cursor])
                cursor += 1
            } else if c == "$" {
                cursor += 1
                guard cursor < chars.count else { throw ReplacementError(message: "Illegal group reference: group index is missing") }
                var next = chars[cursor]
                var refNum: Int
                if next == "{" {
                    cursor += 1
                    var name = ""
                    while cursor < chars.count {
                        next = chars[cursor]
                        guard next.isASCII, next.properties.isAlphabetic || isDigit(next) else { break }
                        name.unicodeScalars.append(next)
                        cursor += 1
                    }
                    if name.isEmpty { throw ReplacementError(message: "named capturing group has 0 length name") }
                    if next != "}" { throw ReplacementError(message: "named capturing group is missing trailing '}'") }
                    if isDigit(name.unicodeScalars.first!) {
                        throw ReplacementError(message: "capturing group name {\(name)} starts with digit character")
                    }
                    guard let number = groupNames[name] else { throw ReplacementError(message: "No group with name {\(name)}") }
                    refNum = number
                    cursor += 1
                } else {
                    guard isDigit(next) else { throw ReplacementError(message: "Illegal group reference") }
                    refNum = Int(next.value - 48)
                    cursor += 1
                    while cursor < chars.count, isDigit(chars[cursor]) {
                        let newRefNum = refNum * 10 + Int(chars[cursor].value - 48)
                        if groupCount < newRefNum { break }
                        refNum = newRefNum
                        cursor += 1
                    }
                }
                if refNum > groupCount { throw ReplacementError(message: "No group \(refNum)") }
                if !text.isEmpty {
                    parts.append(.text(text))
                    text = ""
                }
                parts.append(.group(refNum))
            } else {
                text.unicodeScalars.append(c)
                cursor += 1
            }
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }
}
