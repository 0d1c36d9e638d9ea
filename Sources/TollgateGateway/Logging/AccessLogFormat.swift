/// A stage's access log format (`accessLogSettings.format`): text with `$context` variables, written
/// once per request with each variable's value ("Access logging for REST APIs" and "Variables for
/// access logging for API Gateway" in the API Gateway developer guide).
///
/// ```swift
/// var stage = Stage(name: "prod")
/// stage.accessLogFormat = try AccessLogFormat("$context.requestId $context.status $context.responseLatency")
/// ```
///
/// A variable with no value for a request (`$context.identity.caller` without IAM, `$context.error.message`
/// for a request that succeeded, a name API Gateway does not define) is written `-`, as in AWS's access
/// logs. Values are written as they are, not escaped for the format around them, as API Gateway does
/// (which is why `$context.error.messageString` exists: the message in quotes).
public struct AccessLogFormat: Sendable, Hashable, CustomStringConvertible {
    /// The format as written.
    public let text: String
    let segments: [Segment]

    enum Segment: Sendable, Hashable {
        case literal(String)
        /// A variable: its name after `$context.` (`identity.sourceIp`), and what it is, found once.
        case variable(String, AccessLogVariable)
    }

    /// Parses `text`. API Gateway requires a format to name `$context.requestId` or
    /// `$context.extendedRequestId`, and to be one line (a line break at the end is allowed and ends
    /// each entry; we write one entry per line anyway, so it is dropped). Either failure is a
    /// ``DefinitionError`` at load, as `UpdateStage` refuses such a format.
    public init(_ text: String) throws(DefinitionError) {
        var body = Substring(text)
        if body.hasSuffix("\n") { body = body.dropLast() }
        if body.hasSuffix("\r") { body = body.dropLast() }
        guard !body.contains(where: \.isNewline) else {
            throw DefinitionError(location: "accessLogSettings/format", message: "an access log format is one line")
        }
        self.text = text
        segments = Self.parse(body)
        guard variables.contains("requestId") || variables.contains("extendedRequestId") else {
            throw DefinitionError(
                location: "accessLogSettings/format",
                message: "an access log format must include $context.requestId or $context.extendedRequestId"
            )
        }
    }

    /// The names of the variables the format writes, in order (`identity.sourceIp`, `status`, …).
    public var variables: [String] {
        segments.compactMap {
            if case .variable(let name, _) = $0 { return name }
            return nil
        }
    }

    /// The format as written.
    public var description: String { text }

    /// Splits `$context.a.b` references from the text around them. A name is dot-separated runs of
    /// letters, digits and `_`; a `.` that no such run follows ends it (`$context.status.` is `status`).
    static func parse(_ text: Substring) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        let marker = "$context."
        var rest = text[...]
        func isNameByte(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while let found = rest.firstRange(of: marker) {
            literal += rest[..<found.lowerBound]
            var end = found.upperBound
            var nameEnd = end
            while end < rest.endIndex {
                var runEnd = end
                while runEnd < rest.endIndex, isNameByte(rest[runEnd]) { runEnd = rest.index(after: runEnd) }
                guard runEnd > end else { break }
                nameEnd = runEnd
                guard runEnd < rest.endIndex, rest[runEnd] == ".", rest.index(after: runEnd) < rest.endIndex,
                    isNameByte(rest[rest.index(after: runEnd)])
                else { break }
                end = rest.index(after: runEnd)
            }
            if nameEnd == found.upperBound {
                // `$context.` with no name: text.
                literal += marker
            } else {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                let name = String(rest[found.upperBound..<nameEnd])
                segments.append(.variable(name, AccessLogVariable(name)))
            }
            rest = rest[nameEnd...]
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    /// The entry for one request: each variable as `value` gives it, `-` where it gives nil.
    public func render(_ value: (String) -> String?) -> String {
        entry { name, _ in value(name) }
    }

    /// The entry for one request, each variable found by its name and kind.
    func entry(_ value: (String, AccessLogVariable) -> String?) -> String {
        var line = ""
        line.reserveCapacity(text.utf8.count + 64)
        for segment in segments {
            switch segment {
            case .literal(let text): line += text
            case .variable(let name, let variable): line += value(name, variable) ?? "-"
            }
        }
        return line
    }
}

extension AccessLogFormat {
    // The four examples the API Gateway console offers ("Access logging for REST APIs" in the developer
    // guide), each one line as a stage stores it.

    /// Common Log Format.
    public static let clf = try! AccessLogFormat(
        "$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"
            + "\"$context.httpMethod $context.resourcePath $context.protocol\" $context.status $context.responseLength "
            + "$context.requestId $context.extendedRequestId"
    )

    /// One JSON object per line.
    public static let json = try! AccessLogFormat(
        "{ \"requestId\":\"$context.requestId\", \"extendedRequestId\":\"$context.extendedRequestId\","
            + "\"ip\": \"$context.identity.sourceIp\", \"caller\":\"$context.identity.caller\", \"user\":\"$context.identity.user\", "
            + "\"requestTime\":\"$context.requestTime\", \"httpMethod\":\"$context.httpMethod\", "
            + "\"resourcePath\":\"$context.resourcePath\", \"status\":\"$context.status\", \"protocol\":\"$context.protocol\", "
            + "\"responseLength\":\"$context.responseLength\" }"
    )

    /// One XML element per line.
    public static let xml = try! AccessLogFormat(
        "<request id=\"$context.requestId\"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> "
            + "<ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> "
            + "<requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> "
            + "<resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> "
            + "<protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>"
    )

    /// Comma-separated values.
    public static let csv = try! AccessLogFormat(
        "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,"
            + "$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,"
            + "$context.requestId,$context.extendedRequestId"
    )

    /// The preset named `name` (`clf`, `json`, `xml` or `csv`, any case), or nil.
    public static func preset(named name: String) -> AccessLogFormat? {
        switch name.lowercased() {
        case "clf": clf
        case "json": json
        case "xml": xml
        case "csv": csv
        default: nil
        }
    }
}
