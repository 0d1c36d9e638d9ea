extension JSONNumber: Comparable, Hashable {
    /// Numeric equality: `1 == 1.0 == 1e0`; exact for any number of digits.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        default:
            if let a = lhs.smallDecimal, let b = rhs.smallDecimal { Self.compare(a, b) == 0 } else { lhs.decimal == rhs.decimal }
        }
    }

    /// Numeric order, exact for any number of digits.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): a < b
        case (.double(let a), .double(let b)): a < b
        default:
            // Up to 19 significant digits without building the decimal (which allocates).
            if let a = lhs.smallDecimal, let b = rhs.smallDecimal { Self.compare(a, b) < 0 } else { lhs.decimal < rhs.decimal }
        }
    }

    /// The order of two ``smallDecimal``s, exactly: -1, 0 or 1.
    static func compare(_ a: (negative: Bool, significand: UInt64, exponent: Int), _ b: (negative: Bool, significand: UInt64, exponent: Int)) -> Int {
        let aNegative = a.negative && a.significand != 0
        let bNegative = b.negative && b.significand != 0
        if aNegative != bNegative { return aNegative ? -1 : 1 }
        let magnitudes = compareMagnitudes(a.significand, a.exponent, b.significand, b.exponent)
        return aNegative ? -magnitudes : magnitudes
    }

    /// The order of `x × 10^ex` and `y × 10^ey`: the one with the larger exponent is scaled to
    /// the other's; overflowing `UInt64` on the way means it is the larger.
    static func compareMagnitudes(_ x: UInt64, _ ex: Int, _ y: UInt64, _ ey: Int) -> Int {
        if x == 0 || y == 0 { return x == y ? 0 : (x == 0 ? -1 : 1) }
        var (x, y) = (x, y)
        if ex > ey {
            for _ in 0..<(ex - ey) {
                let (m, overflow) = x.multipliedReportingOverflow(by: 10)
                if overflow { return 1 }
                x = m
            }
        } else if ey > ex {
            for _ in 0..<(ey - ex) {
                let (m, overflow) = y.multipliedReportingOverflow(by: 10)
                if overflow { return -1 }
                y = m
            }
        }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    /// Hashes the number's value, so that numbers equal as values hash alike (`1.0` and `1`).
    public func hash(into hasher: inout Hasher) {
        // Integral values in Int64 range hash as that Int64 whatever the storage, so that
        // equal numbers hash alike; the rest hash their normalized decimal.
        if let i = int64Value {
            hasher.combine(i)
        } else {
            let d = decimal
            hasher.combine(d.negative)
            hasher.combine(d.digits)
            hasher.combine(d.exponent)
        }
    }

    /// The value as `significand × 10^exponent` when the significand fits 19 digits, computed
    /// without allocating (for hot paths such as `multipleOf`); `nil` otherwise.
    package var smallDecimal: (negative: Bool, significand: UInt64, exponent: Int)? {
        switch storage {
        case .int(let i): return (i < 0, i.magnitude, 0)
        case .double(let d):
            // The fewest decimals that make it an integer below 2^53 (exact in a Double).
            var scaled = d.magnitude
            for k in 0...17 {
                if scaled.rounded(.towardZero) == scaled && scaled < 9_007_199_254_740_992 {
                    return (d < 0, UInt64(scaled), -k)
                }
                scaled *= 10
            }
            return nil
        case .lexeme(let s):
            var copy = s
            return copy.withUTF8 { JSONNumber.parseSmallDecimal($0) }
        case .packed(let low, let high):
            return JSONNumber.withUnpacked(low, high) { JSONNumber.parseSmallDecimal($0) }
        }
    }

    static func parseSmallDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> (negative: Bool, significand: UInt64, exponent: Int)? {
        var negative = false
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        var inFraction = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var e = 0
                var eNegative = false
                i += 1
                while i < bytes.count {
                    let d = bytes[i]
                    if d == UInt8(ascii: "-") {
                        eNegative = true
                    } else if d >= 48 && d <= 57 {
                        e = e * 10 + Int(d - 48)
                        if e > 100_000 { return nil }
                    }
                    i += 1
                }
                exponent += eNegative ? -e : e
                return (negative, significand, exponent)
            default:
                if significand == 0 && c == 48 {
                    if inFraction { exponent -= 1 }
                } else {
                    if digits == 19 { return nil }
                    significand = significand * 10 + UInt64(c - 48)
                    digits += 1
                    if inFraction { exponent -= 1 }
                }
            }
            i += 1
        }
        return (negative, significand, exponent)
    }

    /// The exact decimal value: `(-1)^negative × digits × 10^exponent`.
    package var decimal: Decimal {
        switch storage {
        case .int(let i): Decimal(lexeme: String(i).utf8)
        case .double(let d): Decimal(lexeme: d.description.utf8)
        case .lexeme(let s): Decimal(lexeme: s.utf8)
        case .packed(let low, let high): Self.withUnpacked(low, high) { Decimal(lexeme: $0) }
        }
    }
}

extension JSONNumber {
    /// An exact decimal in normal form: no leading or trailing zeros in `digits`,
    /// zero is `(false, [], 0)`.
    package struct Decimal: Hashable, Comparable, Sendable {
        /// Sign; `false` for zero.
        package var negative: Bool
        /// Significand digits (0...9), most significant first, no leading or trailing zeros.
        package var digits: [UInt8]
        /// Power of ten applied to the integer `digits`.
        package var exponent: Int

        /// Exponents beyond this are clamped; they are far past any finite comparison that matters.
        static let exponentLimit = 1 << 52

        /// Parses a lexeme that is a valid JSON number or a Swift `Double.description`
        /// (`1e-05`, `1e+20`).
        package init(lexeme: some Collection<UInt8>) {
            var negative = false
            var digits: [UInt8] = []
            digits.reserveCapacity(lexeme.count)
            var exponent = 0
            var seenPoint = false
            var it = lexeme.makeIterator()
            var expPart: Int = 0
            var expNegative = false
            while let c = it.next() {
                switch c {
                case UInt8(ascii: "-"): negative = true
                case UInt8(ascii: "."): seenPoint = true
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if digits.isEmpty && c == UInt8(ascii: "0") {
                        if seenPoint { exponent -= 1 }
                    } else {
                        digits.append(c &- UInt8(ascii: "0"))
                        if seenPoint { exponent -= 1 }
                    }
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    while let e = it.next() {
                        if e == UInt8(ascii: "-") {
                            expNegative = true
                        } else if e >= UInt8(ascii: "0") && e <= UInt8(ascii: "9") {
                            if expPart < Self.exponentLimit { expPart = expPart * 10 + Int(e &- UInt8(ascii: "0")) }
                        }
                    }
                default: break
                }
            }
            exponent += expNegative ? -expPart : expPart
            while let last = digits.last, last == 0 {
                digits.removeLast()
                exponent += 1
            }
            if digits.isEmpty {
                self.init(negative: false, digits: [], exponent: 0)
            } else {
                self.init(negative: negative, digits: digits, exponent: exponent)
            }
        }

        init(negative: Bool, digits: [UInt8], exponent: Int) {
            self.negative = negative
            self.digits = digits
            self.exponent = exponent
        }

        /// The value as Int64 when integral and in range.
        var int64Value: Int64? {
            if digits.isEmpty { return 0 }
            guard exponent >= 0, digits.count + exponent <= 19 else { return nil }
            var magnitude: UInt64 = 0
            for d in digits {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                if o1 || o2 { return nil }
                magnitude = s
            }
            for _ in 0..<exponent {
                let (m, o) = magnitude.multipliedReportingOverflow(by: 10)
                if o { return nil }
                magnitude = m
            }
            if negative {
                return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
            }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }

        /// Compares magnitudes.
        static func compareMagnitude(_ a: Decimal, _ b: Decimal) -> Int {
            if a.digits.isEmpty || b.digits.isEmpty {
                return (a.digits.isEmpty ? 0 : 1) - (b.digits.isEmpty ? 0 : 1)
            }
            // Position of the most significant digit.
            let ma = a.digits.count + a.exponent
            let mb = b.digits.count + b.exponent
            if ma != mb { return ma < mb ? -1 : 1 }
            let n = max(a.digits.count, b.digits.count)
            for i in 0..<n {
                let da = i < a.digits.count ? a.digits[i] : 0
                let db = i < b.digits.count ? b.digits[i] : 0
                if da != db { return da < db ? -1 : 1 }
            }
            return 0
        }

        package static func < (lhs: Decimal, rhs: Decimal) -> Bool {
            if lhs.negative != rhs.negative { return lhs.negative }
            let c = compareMagnitude(lhs, rhs)
            return lhs.negative ? c > 0 : c < 0
        }
    }
}
