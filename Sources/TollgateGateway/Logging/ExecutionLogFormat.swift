import Foundation

/// How API Gateway's console test log prints times and maps.
enum ExecutionLogFormat {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]

    static func parts(_ epochMillis: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        let seconds = Int(epochMillis.quotientAndRemainder(dividingBy: 1000).quotient)
        let daysSinceEpoch = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - daysSinceEpoch * 86_400
        // Civil from days (Howard Hinnant's algorithm).
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((daysSinceEpoch % 7) + 7) % 7
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, weekday)
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// `Wed Nov 25 17:45:42 UTC 2026`, as the console log prints it.
    static func timestamp(_ epochMillis: Int64) -> String {
        let p = parts(epochMillis)
        return "\(days[p.weekday]) \(months[p.month - 1]) \(two(p.day)) \(two(p.hour)):\(two(p.minute)):\(two(p.second)) UTC \(p.year)"
    }

    /// `$context.requestTime`: CLF `dd/MMM/yyyy:HH:mm:ss +0000` (docs/behaviour.md §3).
    static func clf(_ epochMillis: Int64) -> String {
        let p = parts(epochMillis)
        // Written as bytes: this is in `$context` for every template that reads it (interpolation
        // of eleven pieces cost several hundred nanoseconds a request).
        guard (1000...9999).contains(p.year) else {
            return "\(two(p.day))/\(months[p.month - 1])/\(p.year):\(two(p.hour)):\(two(p.minute)):\(two(p.second)) +0000"
        }
        let month = Array(months[p.month - 1].utf8)
        let year = p.year
        func digit(_ v: Int) -> UInt8 { UInt8(truncatingIfNeeded: 0x30 + v) }
        let bytes: [UInt8] = [
            digit(p.day / 10), digit(p.day % 10), 0x2F, month[0], month[1], month[2], 0x2F,
            digit(year / 1000), digit(year / 100 % 10), digit(year / 10 % 10), digit(year % 10), 0x3A,
            digit(p.hour / 10), digit(p.hour % 10), 0x3A, digit(p.minute / 10), digit(p.minute % 10), 0x3A,
            digit(p.second / 10), digit(p.second % 10), 0x20, 0x2B, 0x30, 0x30, 0x30, 0x30,
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `{a=1, b=2}`, Java's `Map.toString`.
    static func map(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "}"
    }
}
