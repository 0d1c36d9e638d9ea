package import HTTPTypes

// Header names the pipeline sets or reads on every request, made once (`HTTPField.Name(_:)` lowercases
// and allocates each time it is called).
extension HTTPField.Name {
    package static let amznRequestId = HTTPField.Name("x-amzn-RequestId")!
    package static let amznErrorType = HTTPField.Name("x-amzn-ErrorType")!
    package static let apiKey = HTTPField.Name("x-api-key")!
    /// `Host` (HTTPTypes marks its own `.host` unavailable in favour of `:authority`; a gateway sees the header).
    package static let hostHeader = HTTPField.Name("Host")!
    package static let amzFunctionError = HTTPField.Name("X-Amz-Function-Error")!
    package static let amzTarget = HTTPField.Name("X-Amz-Target")!
    package static let warning = HTTPField.Name("Warning")!
}

extension HTTPFields {
    /// `self[name]`: the values of the fields named `name`, joined by ", " ("; " for Cookie), or nil.
    /// HTTPTypes' subscript joins through a lazy sequence that is not specialised here and looks up
    /// generic metadata on every call; the pipeline reads a few headers per request.
    package func value(_ name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            if let first = found {
                found = first + (name == .cookie ? "; " : ", ") + field.value
            } else {
                found = field.value
            }
        }
        return found
    }

    /// `self[name] = value`. A name not there yet is appended: HTTPTypes' setter replaces through an
    /// unspecialised generic call every time (Cookie keeps the setter, which splits it).
    package mutating func set(_ name: HTTPField.Name, _ value: String) {
        if name != .cookie, !contains(name) {
            append(HTTPField(name: name, value: value))
        } else {
            self[name] = value
        }
    }
}
