import TollgateJSON

/// Exact decimal divisibility for `multipleOf`: fge divides with `long %` when both numbers are
/// integral and `BigDecimal.remainder` otherwise, so `16.99` is a multiple of `0.01` and big
/// numbers never lose digits.
enum DecimalArithmetic {
    /// Appended zeros beyond this are not materialized (an exponent gap of a million digits).
    static let maxScaleGap = 1_000_000

    static func isMultiple(_ value: JSONNumber, of divisor: JSONNumber) -> Bool {
        if case let (a?, b?) = (value.smallDecimal, divisor.smallDecimal), b.significand != 0, b.significand < 1 << 59 {
            if a.significand == 0 { return true }
            let gap = a.exponent - b.exponent
            if gap >= 0 {
                // (a · 10^gap) mod b, without overflow: every intermediate stays below 10·b.
                var r = a.significand % b.significand
                var k = 0
                while k < gap && r != 0 {
                    r = (r * 10) % b.significand
                    k += 1
                }
                return r == 0
            }
            // a mod (b · 10^-gap): when that modulus exceeds a, only a == 0 divides.
            var modulus = b.significand
            for _ in 0..<(-gap) {
                let (m, overflow) = modulus.multipliedReportingOverflow(by: 10)
                if overflow || m > a.significand { return false }
                modulus = m
            }
            return a.significand % modulus == 0
        }
        let x = value.decimal
        let y = divisor.decimal
        if x.digits.isEmpty { return true }
        if y.digits.isEmpty { return false }
        // x = a·10^ea, y = b·10^eb. Multiple iff (a·10^(ea-eb)) mod b == 0 when ea ≥ eb,
        // else a mod (b·10^(eb-ea)) == 0.
        var dividend = x.digits
        var modulus = y.digits
        let gap = x.exponent - y.exponent
        if gap >= 0 {
            if gap > maxScaleGap { return modulus.allSatisfy { $0 == 0 || $0 == 1 } && modulus.first == 1 }
            return remainderIsZero(dividend, zeros: gap, modulus: modulus)
        }
        if -gap > maxScaleGap { return false }
        modulus += [UInt8](repeating: 0, count: -gap)
        dividend = x.digits
        return remainderIsZero(dividend, zeros: 0, modulus: modulus)
    }

    /// `(digits followed by zeros) mod modulus == 0`, digits most significant first.
    static func remainderIsZero(_ digits: [UInt8], zeros: Int, modulus: [UInt8]) -> Bool {
        if modulus.count <= 18 {
            var m: UInt64 = 0
            for d in modulus { m = m * 10 + UInt64(d) }
            var r: UInt64 = 0
            for d in digits { r = (r * 10 + UInt64(d)) % m }
            for _ in 0..<zeros {
                if r == 0 { return true }
                r = (r * 10) % m
            }
            return r == 0
        }
        // Long division with a digit-array remainder.
        var r: [UInt8] = []
        func step(_ d: UInt8) {
            r.append(d)
            while let first = r.first, first == 0, r.count > 1 { r.removeFirst() }
            while compare(r, modulus) >= 0 { subtract(&r, modulus) }
        }
        for d in digits { step(d) }
        for _ in 0..<zeros { step(0) }
        return r.allSatisfy { $0 == 0 }
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let a = Array(a.drop { $0 == 0 })
        let b = Array(b.drop { $0 == 0 })
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    static func subtract(_ a: inout [UInt8], _ b: [UInt8]) {
        var borrow = 0
        var i = a.count - 1
        var j = b.count - 1
        while i >= 0 {
            var d = Int(a[i]) - borrow - (j >= 0 ? Int(b[j]) : 0)
            borrow = d < 0 ? 1 : 0
            if d < 0 { d += 10 }
            a[i] = UInt8(d)
            i -= 1
            j -= 1
        }
        while let first = a.first, first == 0, a.count > 1 { a.removeFirst() }
    }
}
