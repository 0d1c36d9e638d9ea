/// Java's `Double.toString`, which Jackson uses to print a `double` (and Velocity to render one).
///
/// Source followed: the `Double.toString(double)` Javadoc (Java 17): magnitudes in
/// [10^-3, 10^7) print as plain decimals with at least one fractional digit (`100.0`,
/// `0.001`); others print as `d.dddE±n` (`1.0E7`, `1.0E-4`). Digits are the shortest that
/// round-trip (Swift's algorithm; Java 19+ guarantees the same, Java 17 can print one more
/// digit in rare cases).
///
/// Everything writes into a caller's buffer of at least ``maxLength`` bytes, without allocating: a
/// JSON body of decimals prints them one after another.
package enum JavaDouble {
    /// The longest text written: a sign, 17 digits, a point and `E-324`, or `0.00` and 17 digits.
    @inlinable package static var maxLength: Int { 32 }

    package static func toString(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buffer in
            let count = write(value, into: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// Writes `Double.toString(value)`; returns the number of bytes.
    package static func write(_ value: Double, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if value.isNaN { return copy("NaN", into: out) }
        if value.isInfinite { return copy(value < 0 ? "-Infinity" : "Infinity", into: out) }
        // Swift's description has the shortest digits that round-trip ("1e-05", "100.0", "5e-324").
        var text = value.description
        return text.withUTF8 { write(lexeme: $0, maxDigits: 17, anyExponent: true, into: out) }!
    }

    /// Writes `Double.toString` of the double nearest to the JSON number `lexeme` (`10.5`, `1E+2`,
    /// `-0.0`, `249.990`), reading its digits straight from the text; `nil` when that needs the
    /// double itself: more than 15 significant digits (fewer always round-trip, so they are the
    /// shortest digits of that double), or a magnitude outside 10^-300...10^300.
    package static func write(lexeme: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        if let count = copyVerbatim(lexeme, into: out) { return count }
        return write(lexeme: lexeme, maxDigits: 15, anyExponent: false, into: out)
    }

    /// The commonest decimal, `-?d.ddd` with 10^-3 ≤ |value| < 10^7, at most 15 significant digits
    /// and no trailing zero but in `d.0`, is already in Java's layout (`249.99`, `0.001`, `-1234567.5`,
    /// `1.0`, `-0.0`): copied as it is. `nil` for anything else (an exponent, `1.50`, `0.0001`,
    /// `12345678.5`, `0.00`).
    @inline(__always)
    private static func copyVerbatim(_ lexeme: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        let n = lexeme.count
        guard n >= 3, n <= 17, let base = lexeme.baseAddress else { return nil }
        var i = base[0] == UInt8(ascii: "-") ? 1 : 0
        let integerStart = i
        while i < n, base[i] &- 0x30 < 10 { i += 1 }
        let integerDigits = i - integerStart
        // One to seven integer digits, no leading zero but a lone `0`; then a point.
        guard integerDigits >= 1, integerDigits <= 7, i < n, base[i] == UInt8(ascii: ".") else { return nil }
        let zero = base[integerStart] == 0x30
        guard !zero || integerDigits == 1 else { return nil }
        i += 1
        let fractionStart = i
        while i < n, base[i] &- 0x30 < 10 { i += 1 }
        // Fraction digits to the end (no exponent): `.0` alone (`1.0`, `-40.0`, `0.0`), or ending in a
        // digit other than zero.
        guard i == n, n > fractionStart else { return nil }
        if base[n - 1] == 0x30 {
            guard n - fractionStart == 1 else { return nil }
        } else if zero {
            // 0.ddd: at least 10^-3, so a nonzero digit among the first three.
            var k = fractionStart
            while k < n, base[k] == 0x30 { k += 1 }
            guard k - fractionStart < 3, n - k <= 15 else { return nil }
        } else {
            guard integerDigits + (n - fractionStart) <= 15 else { return nil }
        }
        out.update(from: base, count: n)
        return n
    }

    /// A number's text read as its sign, significant digits and the place of the point before them:
    /// `±0.d1d2…dn × 10^point`, with the digits (ASCII, trailing zeros dropped) in the caller's buffer.
    package struct Digits {
        package var negative: Bool
        package var count: Int
        package var point: Int
    }

    /// Reads a number's text (JSON's grammar, or Swift's description, whose exponent may have a `+`);
    /// `nil` past `maxDigits` significant digits, or an exponent of 100,000 or more.
    package static func digits(of lexeme: UnsafeBufferPointer<UInt8>, maxDigits: Int, into digits: UnsafeMutablePointer<UInt8>) -> Digits? {
        let n = lexeme.count
        var i = 0
        let negative = n > 0 && lexeme[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var count = 0
        // Zeros after the last nonzero digit, written only when another nonzero digit follows.
        var pendingZeros = 0
        // Where the point stands, counted in digits from the first significant one.
        var point = 0
        var inFraction = false
        while i < n {
            let b = lexeme[i]
            if b == UInt8(ascii: ".") {
                inFraction = true
            } else if b >= 0x30, b <= 0x39 {
                if b == 0x30 {
                    if count == 0 {
                        if inFraction { point -= 1 }
                    } else {
                        pendingZeros += 1
                        if !inFraction { point += 1 }
                    }
                } else {
                    guard count + pendingZeros < maxDigits else { return nil }
                    for _ in 0..<pendingZeros {
                        digits[count] = 0x30
                        count += 1
                    }
                    pendingZeros = 0
                    digits[count] = b
                    count += 1
                    if !inFraction { point += 1 }
                }
            } else {
                break
            }
            i += 1
        }
        if i < n {
            // An exponent: e or E, an optional sign, digits.
            guard lexeme[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            i += 1
            var exponentNegative = false
            if i < n, lexeme[i] == UInt8(ascii: "-") || lexeme[i] == UInt8(ascii: "+") {
                exponentNegative = lexeme[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponent = 0
            guard i < n else { return nil }
            while i < n {
                let b = lexeme[i]
                guard b >= 0x30, b <= 0x39 else { return nil }
                exponent = exponent * 10 + Int(b - 0x30)
                guard exponent < 100_000 else { return nil }
                i += 1
            }
            point += exponentNegative ? -exponent : exponent
        }
        return Digits(negative: negative, count: count, point: point)
    }

    /// Reads a number's text (``digits(of:maxDigits:into:)``) and writes it in Java's layout; `nil`
    /// past `maxDigits` digits or, unless `anyExponent`, outside 10^-300...10^300.
    private static func write(
        lexeme: UnsafeBufferPointer<UInt8>,
        maxDigits: Int,
        anyExponent: Bool,
        into out: UnsafeMutablePointer<UInt8>
    ) -> Int? {
        // The significant digits go to the end of `out`'s room, to be copied to the front.
        let digits = out + (maxLength - 17)
        guard let read = Self.digits(of: lexeme, maxDigits: maxDigits, into: digits) else { return nil }
        let (negative, count, point) = (read.negative, read.count, read.point)
        var o = 0
        if negative {
            out[0] = UInt8(ascii: "-")
            o = 1
        }
        if count == 0 {
            // Zero, of either sign.
            out[o] = 0x30
            out[o + 1] = UInt8(ascii: ".")
            out[o + 2] = 0x30
            return o + 3
        }
        guard anyExponent || (point >= -300 && point <= 300) else { return nil }
        return o + layout(digits: digits, count: count, point: point, into: out + o)
    }

    /// Java's layout of the digits `0.d1d2…dn × 10^point`: plain for magnitudes in [10^-3, 10^7)
    /// (`point` from -2 to 7), else one digit, the rest and `E` with the exponent. `digits` may lie
    /// inside `out`, after where the text ends.
    private static func layout(digits: UnsafeMutablePointer<UInt8>, count: Int, point: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        func put(_ b: UInt8) {
            out[o] = b
            o += 1
        }
        if point >= -2 && point <= 7 {
            if point <= 0 {
                // The digits move to the front (they lie after it): copy from the first one.
                let shift = 2 - point
                for k in 0..<count { out[shift + k] = digits[k] }
                out[0] = 0x30
                out[1] = UInt8(ascii: ".")
                for k in 0..<(-point) { out[2 + k] = 0x30 }
                return shift + count
            }
            let whole = min(point, count)
            for k in 0..<whole { put(digits[k]) }
            for _ in whole..<point { put(0x30) }
            put(UInt8(ascii: "."))
            if count > point {
                for k in point..<count { put(digits[k]) }
            } else {
                put(0x30)
            }
            return o
        }
        let first = digits[0]
        // The rest of the digits are read before the point and exponent are written over them.
        let rest = count - 1
        if rest > 0 {
            for k in 0..<rest { out[2 + k] = digits[1 + k] }
        }
        out[0] = first
        out[1] = UInt8(ascii: ".")
        o = 2
        if rest > 0 {
            o += rest
        } else {
            put(0x30)
        }
        put(UInt8(ascii: "E"))
        var exponent = point - 1
        if exponent < 0 {
            put(UInt8(ascii: "-"))
            exponent = -exponent
        }
        if exponent >= 100 { put(UInt8(truncatingIfNeeded: 0x30 + exponent / 100)) }
        if exponent >= 10 { put(UInt8(truncatingIfNeeded: 0x30 + exponent / 10 % 10)) }
        put(UInt8(truncatingIfNeeded: 0x30 + exponent % 10))
        return o
    }

    private static func copy(_ text: StaticString, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = text.utf8CodeUnitCount
        for k in 0..<count { out[k] = text.utf8Start[k] }
        return count
    }
}
