import TollgateJavaRegex

// `java.lang.String` methods. Indexes and lengths count UTF-16 code units, as Java's do.
// Regular expressions are Java's (TollgateJavaRegex). Source followed: the Java 17 `String` Javadoc.
extension Renderer {
    mutating func regex(_ pattern: JavaPattern?, _ argument: Value, fail: (String) -> VTLError) throws(VTLError) -> JavaPattern {
        if let pattern { return pattern }
        guard case .string(let text) = argument else { throw fail("java.lang.NullPointerException") }
        let source = text.string
        if let cached = patternCache[source] { return cached }
        do {
            let compiled = try JavaPattern(source)
            patternCache[source] = compiled
            return compiled
        } catch {
            throw fail("java.util.regex.PatternSyntaxException: \(error.reason) near index \(error.index)")
        }
    }

    mutating func stringMethod(
        _ s: String,
        _ method: MethodName,
        _ arguments: Arguments,
        pattern: JavaPattern?,
        fail: (String) -> VTLError
    ) throws(VTLError) -> Value {
        func argument(_ i: Int) throws(VTLError) -> String {
            guard case .string(let a) = arguments[i] else {
                if arguments[i].isNull { throw fail("java.lang.NullPointerException") }
                return arguments[i].javaString
            }
            return a.string
        }
        func int(_ i: Int) throws(VTLError) -> Int {
            guard let v = arguments[i].intIndex else { throw fail("java.lang.IllegalArgumentException: argument type mismatch") }
            return v
        }
        func units(_ text: String) -> [UInt16] { Array(text.utf16) }
        func outOfBounds(_ detail: String) -> VTLError { fail("java.lang.StringIndexOutOfBoundsException: \(detail)") }

        switch (method, arguments.count) {
        case (.length, 0): return .int(Int32(truncatingIfNeeded: s.utf16.count))
        case (.isEmpty, 0): return .bool(s.isEmpty)
        case (.isBlank, 0): return .bool(s.unicodeScalars.allSatisfy { $0.properties.isWhitespace })
        case (.toString, 0), (.intern, 0): return text(s)
        case (.toUpperCase, 0): return text(s.uppercased())
        case (.toLowerCase, 0): return text(s.lowercased())
        case (.trim, 0):
            let u = units(s)
            var start = 0
            var end = u.count
            while start < end && u[start] <= 0x20 { start += 1 }
            while end > start && u[end - 1] <= 0x20 { end -= 1 }
            return text(String(decoding: u[start..<end], as: UTF16.self))
        case (.strip, 0):
            return text(
                String(
                    s.unicodeScalars.drop(while: \.properties.isWhitespace).reversed().drop(while: \.properties.isWhitespace).reversed().map(
                        Character.init
                    )
                )
            )
        case (.substring, 1), (.substring, 2):
            let u = units(s)
            let begin = try int(0)
            let end = arguments.count == 2 ? try int(1) : u.count
            guard begin >= 0, end <= u.count, begin <= end else {
                throw outOfBounds("begin \(begin), end \(end), length \(u.count)")
            }
            return text(String(decoding: u[begin..<end], as: UTF16.self))
        case (.charAt, 1):
            let u = units(s)
            let i = try int(0)
            guard u.indices.contains(i) else { throw outOfBounds("index \(i), length \(u.count)") }
            return text(String(decoding: u[i...i], as: UTF16.self))
        case (.indexOf, 1), (.indexOf, 2):
            let from = arguments.count == 2 ? try int(1) : 0
            return .int(Int32(Self.indexOf(units(try argument(0)), in: units(s), from: from)))
        case (.lastIndexOf, 1), (.lastIndexOf, 2):
            let u = units(s)
            let from = arguments.count == 2 ? try int(1) : u.count
            return .int(Int32(Self.lastIndexOf(units(try argument(0)), in: u, from: from)))
        case (.contains, 1): return .bool(Self.indexOf(units(try argument(0)), in: units(s), from: 0) >= 0)
        case (.startsWith, 1): return .bool(s.utf16.starts(with: try argument(0).utf16))
        case (.startsWith, 2):
            let offset = try int(1)
            let u = units(s)
            guard offset >= 0, offset <= u.count else { return .bool(false) }
            return .bool(u[offset...].starts(with: try argument(0).utf16))
        case (.endsWith, 1): return .bool(s.utf16.reversed().starts(with: try argument(0).utf16.reversed()))
        case (.equals, 1):
            guard case .string(let other) = arguments[0] else { return .bool(false) }
            return .bool(s.utf16.elementsEqual(other.string.utf16))
        case (.equalsIgnoreCase, 1):
            guard case .string(let ref) = arguments[0] else { return .bool(false) }
            let other = ref.string
            return .bool(s.utf16.count == other.utf16.count && s.uppercased().lowercased() == other.uppercased().lowercased())
        case (.concat, 1): return text(s + (try argument(0)))
        case (.compareTo, 1), (.compareToIgnoreCase, 1):
            var a = units(s)
            var b = units(try argument(0))
            if method == .compareToIgnoreCase {
                a = units(s.uppercased().lowercased())
                b = units(try argument(0).uppercased().lowercased())
            }
            for (x, y) in zip(a, b) where x != y { return .int(Int32(x) - Int32(y)) }
            return .int(Int32(a.count - b.count))
        case (.hashCode, 0):
            var h: Int32 = 0
            for u in s.utf16 { h = h &* 31 &+ Int32(u) }
            return .int(h)
        case (.replace, 2):
            let target = try argument(0)
            let replacement = try argument(1)
            return text(Self.replaceLiteral(target, with: replacement, in: s))
        case (.matches, 1):
            let compiled = try regex(pattern, arguments[0], fail: fail)
            return .bool(compiled.matches(s))
        case (.replaceAll, 2), (.replaceFirst, 2):
            let compiled = try regex(pattern, arguments[0], fail: fail)
            let replacement = try argument(1)
            do {
                return text(
                    method == .replaceAll ? try compiled.replaceAll(in: s, with: replacement) : try compiled.replaceFirst(in: s, with: replacement)
                )
            } catch {
                throw fail("java.lang.IllegalArgumentException: \(error)")
            }
        case (.split, 1), (.split, 2):
            let compiled = try regex(pattern, arguments[0], fail: fail)
            let limit = arguments.count == 2 ? try int(1) : 0
            var parts: [Value] = []
            for part in compiled.split(s, limit: limit) { parts.append(text(part)) }
            return .list(arena.list(parts, array: true))
        default:
            return .null
        }
    }

    static func indexOf(_ needle: [UInt16], in haystack: [UInt16], from: Int) -> Int {
        let start = max(from, 0)
        if needle.isEmpty { return min(start, haystack.count) }
        guard haystack.count >= needle.count else { return -1 }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return -1
    }

    static func lastIndexOf(_ needle: [UInt16], in haystack: [UInt16], from: Int) -> Int {
        var i = min(from, haystack.count - needle.count)
        while i >= 0 {
            if haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i -= 1
        }
        return -1
    }

    /// `String.replace(CharSequence, CharSequence)`: every occurrence, left to right; an empty target
    /// inserts the replacement between every code unit.
    static func replaceLiteral(_ target: String, with replacement: String, in s: String) -> String {
        let hay = Array(s.utf16)
        let needle = Array(target.utf16)
        let rep = Array(replacement.utf16)
        var out: [UInt16] = []
        if needle.isEmpty {
            for u in hay {
                out += rep
                out.append(u)
            }
            out += rep
            return String(decoding: out, as: UTF16.self)
        }
        var i = 0
        while i < hay.count {
            if i + needle.count <= hay.count, hay[i..<i + needle.count].elementsEqual(needle) {
                out += rep
                i += needle.count
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF16.self)
    }
}
