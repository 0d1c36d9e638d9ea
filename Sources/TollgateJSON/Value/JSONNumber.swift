/// An exact JSON number.
///
/// A parsed number keeps what the document said: an integer that fits `Int64` is stored as
/// one (the fast path), anything else keeps its source lexeme, so `1e400`, `0.10`, `-0` and
/// 30-digit integers serialize exactly as they were written. Numbers made in code from a
/// `Double` print as Java's `Double.toString` does (`1.0E10`), which is what Jackson and API
/// Gateway print.
///
/// Equality, ordering and hashing are by exact decimal value: `1 == 1.0 == 1e0`,
/// `0.1 < 0.10000000000000000001`, and big values never lose digits.
public struct JSONNumber: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case int(Int64)
        case double(Double)
        /// A valid RFC 8259 number lexeme that is not a plain Int64 integer.
        case lexeme(String)
        /// The same, up to 32 characters, packed four bits a character (see `pack`).
        case packed(UInt64, UInt64)
    }

    @usableFromInline
    let storage: Storage

    @usableFromInline
    init(storage: Storage) {
        self.storage = storage
    }

    /// An integer.
    public init(_ value: Int64) {
        storage = .int(value)
    }

    /// An integer.
    public init(_ value: Int) {
        storage = .int(Int64(value))
    }

    /// A floating-point number; `nil` for NaN and the infinities, which JSON cannot express.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        storage = .double(value)
    }

    /// A number from its JSON text (`"12"`, `"-0.5e-3"`); `nil` when `text` is not exactly one
    /// RFC 8259 number.
    public init?(_ text: String) {
        guard let parsed = try? JSONValue(parsing: text), case .number(let n) = parsed else { return nil }
        self = n
    }

    /// The text this number serializes as: the source lexeme for a parsed number.
    public var lexeme: String {
        switch storage {
        case .int(let i): String(i)
        case .lexeme(let s): s
        case .packed(let low, let high): Self.withUnpacked(low, high) { String(decoding: $0, as: UTF8.self) }
        case .double(let d): JavaDouble.toString(d)
        }
    }

    /// `true` when the value is mathematically an integer (`3`, `3.0`, `3e2`, `1e400`).
    ///
    /// This is the value's property; JSON Schema's `integer` type (which fge decides by the
    /// lexeme: `1.0` is not an integer) asks ``isIntegerLexeme``.
    public var isIntegral: Bool {
        switch storage {
        case .int: true
        case .double(let d): d.rounded(.towardZero) == d
        case .lexeme, .packed: decimal.exponent >= 0
        }
    }

    /// `true` when the number was written without a fraction or exponent (`12`, `-0`,
    /// a 30-digit integer), as Jackson's `JsonNode.isIntegralNumber()` decides it.
    public var isIntegerLexeme: Bool {
        switch storage {
        case .int: true
        case .double: false
        case .lexeme(let s): !s.utf8.contains(where: Self.isFractionOrExponent)
        case .packed(let low, let high): !Self.packedHasFractionOrExponent(low, high)
        }
    }

    /// ``isIntegerLexeme`` of a number's text: no point and no exponent.
    package static func isIntegerLexeme(_ lexeme: UnsafeBufferPointer<UInt8>) -> Bool {
        !lexeme.contains(where: isFractionOrExponent)
    }

    private static func isFractionOrExponent(_ b: UInt8) -> Bool { b == UInt8(ascii: ".") || b | 0x20 == UInt8(ascii: "e") }

    /// The value as `Int64` when it is integral and in range, else `nil`.
    public var int64Value: Int64? {
        switch storage {
        case .int(let i): return i
        case .double(let d): return Int64(exactly: d)
        case .lexeme, .packed: return decimal.int64Value
        }
    }

    /// The nearest `Double` (correctly rounded; `±infinity` beyond its range).
    public var doubleValue: Double {
        switch storage {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .lexeme(var s): return s.withUTF8 { Self.double(lexeme: $0) }
        case .packed(let low, let high): return Self.withUnpacked(low, high) { Self.double(lexeme: $0) }
        }
    }

    /// The value as a double when it has at most 15 significant digits and a power of ten the
    /// double holds exactly with them (`249.99`, `-0.5`, `1e-7`, integers under 10^15); else `nil`.
    /// Such decimals round to distinct doubles in their order, so comparing these doubles compares
    /// the decimals exactly (what `minimum` and `maximum` need).
    package var shortDecimalDouble: Double? {
        switch storage {
        case .int(let i): return i.magnitude < 1_000_000_000_000_000 ? Double(i) : nil
        case .double: return nil
        case .lexeme(var s): return s.withUTF8 { Self.shortDecimalDouble(lexeme: $0) }
        case .packed(let low, let high): return Self.withUnpacked(low, high) { Self.shortDecimalDouble(lexeme: $0) }
        }
    }

    /// ``shortDecimalDouble`` of a number's valid JSON text.
    package static func shortDecimalDouble(lexeme: UnsafeBufferPointer<UInt8>) -> Double? {
        exactDouble(lexeme: lexeme, maxDigits: 15)
    }

    /// Powers of ten that are exact doubles.
    private static let exactPowersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { d, _ in d * 10 } }

    /// The double nearest to a number's valid JSON text. Digits that fit 2^53 with a power of ten of at
    /// most 22 are exact doubles, so one correctly rounded multiplication or division gives it
    /// (Clinger's fast path: `249.99` is 24999 / 10^2); anything else goes through `strtod`.
    package static func double(lexeme: UnsafeBufferPointer<UInt8>) -> Double {
        if let exact = exactDouble(lexeme: lexeme, maxDigits: 16) { return exact }
        let negative = lexeme.first == UInt8(ascii: "-")
        let text = String(decoding: lexeme, as: UTF8.self)
        return Double(text) ?? (negative ? -.infinity : .infinity)
    }

    /// The double of a number's valid JSON text by Clinger's fast path: at most `maxDigits`
    /// significant digits that fit 2^53 and a power of ten of at most 22; `nil` otherwise.
    private static func exactDouble(lexeme: UnsafeBufferPointer<UInt8>, maxDigits: Int) -> Double? {
        var scratch: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &scratch) { raw -> Double? in
            let digits = raw.bindMemory(to: UInt8.self).baseAddress!
            guard let read = JavaDouble.digits(of: lexeme, maxDigits: maxDigits, into: digits) else { return nil }
            var mantissa: UInt64 = 0
            for k in 0..<read.count { mantissa = mantissa * 10 + UInt64(digits[k] - 0x30) }
            let exponent = read.point - read.count
            if mantissa == 0 { return read.negative ? -0.0 : 0.0 }
            guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
            let m = Double(mantissa)
            let value = exponent >= 0 ? m * exactPowersOfTen[exponent] : m / exactPowersOfTen[-exponent]
            return read.negative ? -value : value
        }
    }
}

extension JSONNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The integer `value`.
    public init(integerLiteral value: Int64) {
        storage = .int(value)
    }

    /// The number `value`.
    public init(floatLiteral value: Double) {
        storage = .double(value)
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The number's JSON text (``lexeme``).
    public var description: String { lexeme }
}

extension JSONNumber {
    /// Writes Java's `Double.toString` of this number's double value (``JavaDouble``), as Jackson and
    /// json-smart print a decimal: `10.5`, `1.0E-7` for `1e-7`, `100.0` for `1E+2`. Reads a parsed
    /// number's digits from its text when it has at most 15 significant digits, without making the
    /// double. `out` has room for ``JavaDouble/maxLength`` bytes; returns the number written.
    package func writeJavaDouble(into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch storage {
        case .lexeme(let s):
            var s = s
            return s.withUTF8 { Self.writeJavaDouble(lexeme: $0, into: out) }
        case .packed(let low, let high):
            return Self.withUnpacked(low, high) { Self.writeJavaDouble(lexeme: $0, into: out) }
        case .int, .double:
            return JavaDouble.write(doubleValue, into: out)
        }
    }

    /// ``writeJavaDouble(into:)`` for the number whose valid JSON text is `lexeme`.
    package static func writeJavaDouble(lexeme: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if let count = JavaDouble.write(lexeme: lexeme, into: out) { return count }
        // More than 15 significant digits, or far out of range: through the double (±infinity past
        // its range, as ``doubleValue``).
        return JavaDouble.write(double(lexeme: lexeme), into: out)
    }
}
