/// Java's predefined character classes and `\p{...}` properties as ``CharSet``s.
///
/// Source followed: OpenJDK 17 `java.util.regex.CharPredicates` (`forProperty`,
/// `forUnicodeProperty`, `forPOSIXName`, `forUnicodeScript`, `forUnicodeBlock`) and the
/// `Pattern` Javadoc's table of classes. POSIX names are ASCII-only unless
/// UNICODE_CHARACTER_CLASS; blocks and scripts come from Java's own tables (`UnicodeTables`).
enum JavaClasses {
    static func r(_ ranges: ClosedRange<UInt32>...) -> CharSet { .ranges(ranges) }

    static let horizontalSpace = r(
        0x20...0x20,
        0x09...0x09,
        0xA0...0xA0,
        0x1680...0x1680,
        0x180E...0x180E,
        0x2000...0x200A,
        0x202F...0x202F,
        0x205F...0x205F,
        0x3000...0x3000
    )
    static let verticalSpace = r(0x0A...0x0D, 0x85...0x85, 0x2028...0x2029)

    // ASCII POSIX classes (Java's Pattern table).
    static let asciiLower = r(0x61...0x7A)
    static let asciiUpper = r(0x41...0x5A)
    static let asciiAlpha = r(0x41...0x5A, 0x61...0x7A)
    static let asciiDigit = r(0x30...0x39)
    static let asciiAlnum = r(0x30...0x39, 0x41...0x5A, 0x61...0x7A)
    static let asciiPunct = r(0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E)
    static let asciiGraph = r(0x21...0x7E)
    static let asciiPrint = r(0x20...0x7E)
    static let asciiBlank = r(0x20...0x20, 0x09...0x09)
    static let asciiCntrl = r(0x00...0x1F, 0x7F...0x7F)
    static let asciiXDigit = r(0x30...0x39, 0x41...0x46, 0x61...0x66)
    static let asciiSpace = r(0x20...0x20, 0x09...0x0D)
    static let asciiWord = r(0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A)

    // Unicode binary properties as Java defines them (CharPredicates).
    static let alphabetic = CharSet.item("\\p{Alphabetic}")
    static let unicodeDigit = CharSet.item("\\p{Nd}")
    static let letter = CharSet.item("\\p{L}")
    static let lowercase = CharSet.item("\\p{Lowercase}")
    static let uppercase = CharSet.item("\\p{Uppercase}")
    static let titlecase = CharSet.item("\\p{Lt}")
    static let punctuation = CharSet.item("\\p{P}")
    static let control = CharSet.item("\\p{Cc}")
    static let whiteSpace = CharSet.union([.item("\\p{Zs}"), .item("\\p{Zl}"), .item("\\p{Zp}"), r(0x09...0x0D, 0x85...0x85)])
    static let hexDigit = CharSet.union([
        .item("\\p{Nd}"), r(0x30...0x39, 0x41...0x46, 0x61...0x66, 0xFF10...0xFF19, 0xFF21...0xFF26, 0xFF41...0xFF46),
    ])
    static let joinControl = CharSet.item("\\p{Join_Control}")
    static let ideographic = CharSet.item("\\p{Ideographic}")
    static let assigned = CharSet.item("\\P{Cn}")
    static let noncharacter = r(
        0xFDD0...0xFDEF,
        0xFFFE...0xFFFF,
        0x1FFFE...0x1FFFF,
        0x2FFFE...0x2FFFF,
        0x3FFFE...0x3FFFF,
        0x4FFFE...0x4FFFF,
        0x5FFFE...0x5FFFF,
        0x6FFFE...0x6FFFF,
        0x7FFFE...0x7FFFF,
        0x8FFFE...0x8FFFF,
        0x9FFFE...0x9FFFF,
        0xAFFFE...0xAFFFF,
        0xBFFFE...0xBFFFF,
        0xCFFFE...0xCFFFF,
        0xDFFFE...0xDFFFF,
        0xEFFFE...0xEFFFF,
        0xFFFFE...0xFFFFF,
        0x10FFFE...0x10FFFF
    )
    /// Java's Unicode `\w`: alphabetic, marks, decimal digits, connector punctuation, join controls.
    static let unicodeWord = CharSet.union([
        alphabetic, .item("\\p{Mn}"), .item("\\p{Me}"), .item("\\p{Mc}"), unicodeDigit, .item("\\p{Pc}"), joinControl,
    ])
    static let unicodeAlnum = CharSet.union([alphabetic, unicodeDigit])
    static let unicodeBlank = CharSet.union([.item("\\p{Zs}"), r(0x09...0x09)])
    static let unicodeGraph = CharSet.complement(.union([.item("\\p{Z}"), .item("\\p{Cc}"), .item("\\p{Cs}"), .item("\\p{Cn}")]))
    static let unicodePrint = CharSet.complement(.union([.item("\\p{Zl}"), .item("\\p{Zp}"), .item("\\p{Cc}"), .item("\\p{Cs}"), .item("\\p{Cn}")]))
    static let casedLetter = CharSet.union([.item("\\p{Lu}"), .item("\\p{Ll}"), .item("\\p{Lt}")])

    static func digit(unicode: Bool) -> CharSet { unicode ? unicodeDigit : asciiDigit }
    static func space(unicode: Bool) -> CharSet { unicode ? whiteSpace : asciiSpace }
    static func word(unicode: Bool) -> CharSet { unicode ? unicodeWord : asciiWord }

    /// `forUnicodeProperty`: Unicode binary properties by name (`\p{IsAlphabetic}`), case-insensitive.
    static func unicodeProperty(_ name: String, caseInsensitive: Bool) -> CharSet? {
        switch name.uppercased() {
        case "ALPHABETIC": return alphabetic
        case "ASSIGNED": return assigned
        case "CONTROL": return control
        case "HEXDIGIT", "HEX_DIGIT": return hexDigit
        case "IDEOGRAPHIC": return ideographic
        case "JOINCONTROL", "JOIN_CONTROL": return joinControl
        case "LETTER": return letter
        case "LOWERCASE": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : lowercase
        case "NONCHARACTERCODEPOINT", "NONCHARACTER_CODE_POINT": return noncharacter
        case "TITLECASE": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : titlecase
        case "PUNCTUATION": return punctuation
        case "UPPERCASE": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : uppercase
        case "WHITESPACE", "WHITE_SPACE": return whiteSpace
        case "WORD": return unicodeWord
        case "ALNUM": return unicodeAlnum
        case "BLANK": return unicodeBlank
        case "GRAPH": return unicodeGraph
        case "PRINT": return unicodePrint
        case "DIGIT": return unicodeDigit
        default: return nil
        }
    }

    /// `forPOSIXName`: POSIX names under UNICODE_CHARACTER_CLASS (case-insensitive names).
    static func posixName(_ name: String, caseInsensitive: Bool) -> CharSet? {
        switch name.uppercased() {
        case "ALPHA": return alphabetic
        case "LOWER": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : lowercase
        case "UPPER": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : uppercase
        case "SPACE": return whiteSpace
        case "PUNCT": return punctuation
        case "XDIGIT": return hexDigit
        case "ALNUM": return unicodeAlnum
        case "CNTRL": return control
        case "DIGIT": return unicodeDigit
        case "BLANK": return unicodeBlank
        case "GRAPH": return unicodeGraph
        case "PRINT": return unicodePrint
        default: return nil
        }
    }

    static let categories: Set<String> = [
        "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Me", "Mc", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc", "Cf", "Co", "Cs",
        "Pd", "Ps", "Pe", "Pc", "Po", "Sm", "Sc", "Sk", "So", "Pi", "Pf", "L", "M", "N", "Z", "C", "P", "S",
    ]

    /// `forProperty`: general categories, POSIX (ASCII) and `java.lang.Character` names; case-sensitive.
    static func property(_ name: String, caseInsensitive: Bool) -> CharSet? {
        if categories.contains(name) {
            if caseInsensitive && (name == "Lu" || name == "Ll" || name == "Lt") { return casedLetter }
            return .item("\\p{\(name)}")
        }
        switch name {
        case "LC": return casedLetter
        case "LD": return .union([letter, unicodeDigit])
        case "L1": return r(0x00...0xFF)
        case "all": return .all
        case "ASCII": return r(0x00...0x7F)
        case "Alnum": return asciiAlnum
        case "Alpha": return asciiAlpha
        case "Blank": return asciiBlank
        case "Cntrl": return asciiCntrl
        case "Digit": return asciiDigit
        case "Graph": return asciiGraph
        case "Lower": return caseInsensitive ? asciiAlpha : asciiLower
        case "Print": return asciiPrint
        case "Punct": return asciiPunct
        case "Space": return asciiSpace
        case "Upper": return caseInsensitive ? asciiAlpha : asciiUpper
        case "XDigit": return asciiXDigit
        case "javaLowerCase": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : lowercase
        case "javaUpperCase": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : uppercase
        case "javaAlphabetic": return alphabetic
        case "javaIdeographic": return ideographic
        case "javaTitleCase": return caseInsensitive ? .union([lowercase, uppercase, titlecase]) : titlecase
        case "javaDigit": return unicodeDigit
        case "javaDefined": return assigned
        case "javaLetter": return letter
        case "javaLetterOrDigit": return .union([letter, unicodeDigit])
        case "javaJavaIdentifierStart": return .union([letter, .item("\\p{Nl}"), .item("\\p{Sc}"), .item("\\p{Pc}")])
        case "javaJavaIdentifierPart":
            return .union([
                letter, .item("\\p{Nl}"), .item("\\p{Sc}"), .item("\\p{Pc}"), unicodeDigit, .item("\\p{Mn}"), .item("\\p{Mc}"), identifierIgnorable,
            ])
        case "javaUnicodeIdentifierStart": return .union([letter, .item("\\p{Nl}")])
        case "javaUnicodeIdentifierPart":
            return .union([letter, .item("\\p{Nl}"), .item("\\p{Pc}"), unicodeDigit, .item("\\p{Mn}"), .item("\\p{Mc}"), identifierIgnorable])
        case "javaIdentifierIgnorable": return identifierIgnorable
        case "javaSpaceChar": return .item("\\p{Z}")
        case "javaWhitespace":
            return .union([
                r(0x09...0x0D, 0x1C...0x1F), .intersection([.item("\\p{Z}"), .complement(r(0xA0...0xA0, 0x2007...0x2007, 0x202F...0x202F))]),
            ])
        case "javaISOControl": return r(0x00...0x1F, 0x7F...0x9F)
        case "javaMirrored": return .item("\\p{Bidi_Mirrored}")
        default: return nil
        }
    }

    static let identifierIgnorable = CharSet.union([r(0x00...0x08, 0x0E...0x1B, 0x7F...0x9F), .item("\\p{Cf}")])

    /// `forUnicodeScript`: any name or alias `Character.UnicodeScript.forName` accepts.
    static func script(_ name: String) -> CharSet? {
        guard let script = UnicodeTables.scriptNames[name.uppercased()] else { return nil }
        return .item("\\p{\(script)}")
    }

    /// `forUnicodeBlock`: any name `Character.UnicodeBlock.forName` accepts, as code point ranges.
    static func block(_ name: String) -> CharSet? {
        guard let index = UnicodeTables.blockNames[name.uppercased()] else { return nil }
        return .ranges(UnicodeTables.blockRanges[index])
    }
}

extension JavaSyntaxParser {
    /// `\p{...}` / `\pL` after the `p` (Java's `family`).
    mutating func family(oneLetter: Bool, complement: Bool) throws(SyntaxError) -> CharSet {
        _ = next()
        var name: String
        if oneLetter {
            name = String(Character(Unicode.Scalar(at(cursor)) ?? "\u{0}"))
            _ = read()
        } else {
            let start = cursor
            var end = start
            while end < patternLength && temp[end] != Self.c("}") { end += 1 }
            cursor = end + 1
            if end >= patternLength {
                cursor = patternLength + 1
                throw error("Unclosed character family")
            }
            if start + 1 > end { throw error("Empty character family") }
            name = String(String.UnicodeScalarView(temp[start..<end].compactMap(Unicode.Scalar.init)))
        }
        let caseInsensitive = flags.contains(.caseInsensitive)
        var set: CharSet?
        if let eq = name.firstIndex(of: "=") {
            let value = String(name[name.index(after: eq)...])
            let key = name[..<eq].lowercased()
            switch key {
            case "sc", "script": set = JavaClasses.script(value)
            case "blk", "block": set = JavaClasses.block(value)
            case "gc", "general_category": set = JavaClasses.property(value, caseInsensitive: caseInsensitive)
            default: break
            }
            guard let set else { throw error("Unknown Unicode property {name=<\(key)>, value=<\(value)>}") }
            return complement ? .complement(set) : set
        }
        if name.hasPrefix("In") {
            set = JavaClasses.block(String(name.dropFirst(2)))
        } else if name.hasPrefix("Is") {
            let short = String(name.dropFirst(2))
            set =
                JavaClasses.unicodeProperty(short, caseInsensitive: caseInsensitive)
                ?? JavaClasses.property(short, caseInsensitive: caseInsensitive) ?? JavaClasses.script(short)
        } else {
            if flags.contains(.unicodeCharacterClass) { set = JavaClasses.posixName(name, caseInsensitive: caseInsensitive) }
            if set == nil { set = JavaClasses.property(name, caseInsensitive: caseInsensitive) }
        }
        guard let set else { throw error("Unknown character property name {\(name)}") }
        return complement ? .complement(set) : set
    }

    /// A character class `[...]` (Java's `clazz`): unions, `&&` intersections, nested classes,
    /// negation of the whole class.
    mutating func clazz(consume: Bool) throws(SyntaxError) -> CharSet {
        var prev: CharSet?
        var curr: CharSet?
        var isNegated = false
        var ch = next()
        if ch == Self.c("^") && at(cursor - 1) == Self.c("[") {
            ch = next()
            isNegated = true
        }
        while true {
            switch ch {
            case Self.c("["):
                let nested = try clazz(consume: true)
                curr = nested
                prev = CharSet.union(prev, nested)
                ch = peek()
                continue
            case Self.c("&"):
                ch = next()
                if ch == Self.c("&") {
                    ch = next()
                    var right: CharSet?
                    while ch != Self.c("]") && ch != Self.c("&") {
                        if ch == Self.c("[") {
                            let nested = try clazz(consume: true)
                            right = CharSet.union(right, nested)
                        } else {
                            unread()
                            let nested = try clazz(consume: false)
                            right = CharSet.union(right, nested)
                        }
                        ch = peek()
                    }
                    if let right { curr = right }
                    if let p = prev {
                        prev = CharSet.intersection(p, curr ?? p)
                    } else {
                        guard let right else { throw error("Bad class syntax") }
                        prev = right
                    }
                    continue
                }
                // A single '&' is a literal.
                unread()
            case 0 where cursor >= patternLength:
                throw error("Unclosed character class")
            case Self.c("]"):
                if let p = prev {
                    if consume { _ = next() }
                    return isNegated ? .complement(p) : p
                }
            default:
                break
            }
            let item = try range()
            curr = item
            prev = CharSet.union(prev, item)
            ch = peek()
        }
    }

    /// One class member: a character, a range `a-z`, an escape or a property (Java's `range`).
    mutating func range() throws(SyntaxError) -> CharSet {
        var ch = peek()
        if ch == Self.c("\\") {
            ch = nextEscaped()
            if ch == Self.c("p") || ch == Self.c("P") {
                let complement = ch == Self.c("P")
                var oneLetter = true
                if next() != Self.c("{") { unread() } else { oneLetter = false }
                return try family(oneLetter: oneLetter, complement: complement)
            }
            let isRange = at(cursor + 1) == Self.c("-")
            unread()
            switch try escape(inClass: true, create: true, isRange: isRange) {
            case .set(let set): return set
            case .node: throw error("Illegal/unsupported escape sequence")
            case .char(let c): ch = c
            }
        } else {
            _ = next()
        }
        if peek() == Self.c("-") {
            let endRange = at(cursor + 1)
            if endRange == Self.c("[") { return classLiteral(ch) }
            if endRange != Self.c("]") {
                _ = next()
                var m = peek()
                if m == Self.c("\\") {
                    switch try escape(inClass: true, create: false, isRange: true) {
                    case .char(let c): m = c
                    default: throw error("Illegal character range")
                    }
                } else {
                    _ = next()
                }
                if m < ch { throw error("Illegal character range") }
                return classRange(ch...m)
            }
        }
        return classLiteral(ch)
    }

    /// A single character in a class under the case flags.
    func classLiteral(_ c: UInt32) -> CharSet { classRange(c...c) }

    /// A range in a class under the case flags (Java's `Range`, `CIRange`, `CIRangeU`).
    func classRange(_ range: ClosedRange<UInt32>) -> CharSet {
        let set = CharSet.ranges([range])
        guard flags.contains(.caseInsensitive) else { return set }
        if flags.contains(.unicodeCase) { return .caseless(set) }
        return set.foldingASCIICase()
    }
}
