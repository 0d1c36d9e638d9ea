import Foundation
import TollgateJSON

/// A mock integration's status code, read from its rendered request template (docs/behaviour.md §8.1).
package enum MockStatus {
    /// The mock's status: `statusCode` of the rendered request template, strict JSON or the relaxed
    /// `{statusCode: 200}` form AWS accepts (docs/behaviour.md §8.1).
    package static func read(_ body: [UInt8]) -> Int? {
        if let status = plain(body) { return status }
        return parsed(body)
    }

    /// The general reading: the body parsed as JSON, else scanned for `statusCode:` and digits.
    package static func parsed(_ body: [UInt8]) -> Int? {
        if let json = try? JSONValue(parsing: body), let number = json["statusCode"]?.numberValue, let value = number.int64Value {
            return Int(value)
        }
        let text = String(decoding: body, as: UTF8.self)
        guard let range = text.range(of: "statusCode") else { return nil }
        var rest = text[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }

    /// `{"statusCode": N}` and nothing else (what a mock's template usually renders, N a plain JSON
    /// integer), read without a parser: the same answer as ``parsed(_:)``, or nil.
    package static func plain(_ body: [UInt8]) -> Int? {
        body.withUnsafeBufferPointer { b -> Int? in
            var i = 0
            func skipSpace() {
                while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
            }
            func take(_ text: StaticString) -> Bool {
                skipSpace()
                let n = text.utf8CodeUnitCount
                guard i + n <= b.count else { return false }
                for k in 0..<n where b[i + k] != text.utf8Start[k] { return false }
                i += n
                return true
            }
            guard take("{"), take("\"statusCode\""), take(":") else { return nil }
            skipSpace()
            // One to nine digits, no leading zero (JSON's integer form, far from overflow).
            let start = i
            var value = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39, i - start < 9 {
                value = value * 10 + Int(b[i] - 0x30)
                i += 1
            }
            guard i > start, b[start] != 0x30 || i - start == 1, i == b.count || !(b[i] >= 0x30 && b[i] <= 0x39) else { return nil }
            guard take("}") else { return nil }
            skipSpace()
            return i == b.count ? value : nil
        }
    }
}
