extension JavaPattern {
    /// One match: the matched range and its groups (Java's `MatchResult`).
    public struct Match: Sendable {
        /// The input that was searched.
        public let input: String
        /// Byte ranges (UTF-8 offsets) of group 0 and every group; `nil` for a group that did not take part.
        let spans: [Range<Int>?]
        let names: [String: Int]

        /// The range of the whole match in ``input``.
        public var range: Range<String.Index> { index(spans[0]!) }

        /// The matched text (group 0).
        public var text: Substring { input[range] }

        /// The text of group `number` (0 is the whole match), or `nil` when the group did not
        /// take part or does not exist.
        public subscript(number: Int) -> Substring? {
            guard number >= 0, number < spans.count, let span = spans[number] else { return nil }
            return input[index(span)]
        }

        /// The text of the named group, or `nil`.
        public subscript(name: String) -> Substring? {
            guard let number = names[name] else { return nil }
            return self[number]
        }

        /// The range of group `number`, or `nil`.
        public func range(of number: Int) -> Range<String.Index>? {
            guard number >= 0, number < spans.count, let span = spans[number] else { return nil }
            return index(span)
        }

        /// The number of capturing groups.
        public var groupCount: Int { spans.count - 1 }

        func index(_ span: Range<Int>) -> Range<String.Index> {
            let utf8 = input.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: span.lowerBound)
            let upper = utf8.index(lower, offsetBy: span.count)
            return lower..<upper
        }
    }

    /// The first match in `input` (Java `find()`), or `nil`.
    public func firstMatch(in input: String) -> Match? {
        var result: Match?
        forEachMatch(in: input) { match in
            result = match
            return false
        }
        return result
    }

    /// Every match in `input`, as successive Java `find()` calls return them.
    public func allMatches(in input: String) -> [Match] {
        var results: [Match] = []
        forEachMatch(in: input) { match in
            results.append(match)
            return true
        }
        return results
    }

    /// Calls `body` for each successive match until it returns `false`. Java's `find()`
    /// iteration: the next search starts where the last match ended, one character later
    /// after an empty match.
    func forEachMatch(in input: String, _ body: (Match) -> Bool) {
        withUTF8(input) { utf8 in
            let scratch = MatchScratch.current
            let code = code(for: .find, subject: utf8)
            var start = 0
            while start <= utf8.count {
                guard code.match(utf8, start: start, scratch: scratch) >= 0, let whole = scratch.pointee.span(0) else { return }
                let spans = (0...code.captureCount).map { scratch.pointee.span($0) }
                if !body(Match(input: input, spans: spans, names: groupNames)) { return }
                if whole.isEmpty {
                    if whole.upperBound >= utf8.count { return }
                    start = whole.upperBound + UTF8Scalars.length(utf8[whole.upperBound])
                } else {
                    start = whole.upperBound
                }
            }
        }
    }

    /// Java's `Pattern.split(input, limit)`: with `limit` 0 trailing empty strings are removed,
    /// with a negative limit they are kept, with a positive limit at most `limit` parts are
    /// returned. A zero-width match at the very start gives no leading empty string.
    public func split(_ input: String, limit: Int = 0) -> [String] {
        var parts: [String] = []
        var index = input.startIndex
        var indexIsStart = true
        let limited = limit > 0
        forEachMatch(in: input) { match in
            let range = match.range
            if !limited || parts.count < limit - 1 {
                if indexIsStart && range.lowerBound == input.startIndex && range.isEmpty { return true }
                parts.append(String(input[index..<range.lowerBound]))
                index = range.upperBound
                indexIsStart = false
            } else if parts.count == limit - 1 {
                parts.append(String(input[index...]))
                index = range.upperBound
                indexIsStart = false
            }
            return true
        }
        if indexIsStart && index == input.startIndex { return [input] }
        if !limited || parts.count < limit { parts.append(String(input[index...])) }
        if limit == 0 {
            while let last = parts.last, last.isEmpty { parts.removeLast() }
        }
        return parts
    }
}

/// UTF-8 lead-byte arithmetic.
enum UTF8Scalars {
    /// The length of the scalar whose first byte is `lead`.
    @inline(__always)
    static func length(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        default: 4
        }
    }
}
