/// A rate in tokens (requests) per second, held as an exact fraction so that bucket arithmetic
/// never rounds: `Rate("0.001")` is 1/1000, `Rate("3.333")` is 3333/1000.
public struct Rate: Sendable, Hashable, CustomStringConvertible {
    /// Tokens per second = numerator / denominator (reduced; denominator ≥ 1).
    public let numerator: UInt64
    /// The fraction's denominator (at least 1).
    public let denominator: UInt64

    /// A whole number of tokens per second.
    public init(_ perSecond: UInt64) {
        numerator = perSecond
        denominator = 1
    }

    /// Parses a non-negative decimal (`"10"`, `"0.001"`, `"2.5"`; at most 9 decimals); `nil` otherwise.
    public init?(_ text: String) {
        var whole: UInt64 = 0
        var fraction: UInt64 = 0
        var scale: UInt64 = 1
        var seenPoint = false
        var digits = 0
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard c >= 48 && c <= 57 else { return nil }
            digits += 1
            if seenPoint {
                guard scale < 1_000_000_000 else { return nil }
                fraction = fraction * 10 + UInt64(c - 48)
                scale *= 10
            } else {
                guard whole < 1_000_000_000_000 else { return nil }
                whole = whole * 10 + UInt64(c - 48)
            }
        }
        guard digits > 0 else { return nil }
        // A rate past 2⁶⁴ per second in its scaled form (e.g. 10¹² with 9 decimals) is refused, not wrapped.
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow, scaled <= UInt64.max - fraction else { return nil }
        let n = scaled + fraction
        let g = Rate.gcd(n, scale)
        numerator = n / g
        denominator = scale / g
    }

    /// A rate from a `Double` through its shortest decimal form; `nil` for negative or non-finite values.
    public init?(_ perSecond: Double) {
        guard perSecond.isFinite, perSecond >= 0 else { return nil }
        var text = "\(perSecond)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard !text.contains("e"), let rate = Rate(text) else { return nil }
        self = rate
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }

    /// `3/s`, or `1/1000 per s` for a fraction.
    public var description: String {
        denominator == 1 ? "\(numerator)/s" : "\(numerator)/\(denominator) per s"
    }
}
