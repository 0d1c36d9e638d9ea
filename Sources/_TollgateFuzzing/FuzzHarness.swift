import Foundation
import HTTPTypes
import TollgateGateway
import TollgateJSON
import TollgateJSONSchema
import TollgateJavaRegex
import TollgateOpenAPI
import TollgateVTL

/// What each fuzz target does with one input, shared by the libFuzzer executables (`make fuzz`) and
/// the regression tests that replay every input a campaign found (`Fixtures/fuzz/<target>/`). A target
/// may refuse an input with an error; it must not crash, hang, or answer two ways: each checks that
/// two implementations of one thing agree, and traps when they do not. Not a product.
public enum FuzzHarness {
    /// The targets by name.
    public static let targets: [String: @Sendable ([UInt8]) -> Void] = [
        "json": json, "schema": schema, "vtl": vtl, "regex": regex, "definition": definition,
    ]

    /// The JSON parser and the tape parser: they accept the same inputs, and a value serialized and
    /// parsed again serializes the same; `$input.json('$')`'s byte-level path writes what parsing
    /// and writing would, or leaves the body to them.
    @Sendable public static func json(_ bytes: [UInt8]) {
        if let text = String(validating: bytes, as: UTF8.self) {
            precondition(CompactJSON.agreesWithParser(text), "the byte-level $input.json disagrees on \(bytes.count) bytes")
        }
        let value = try? JSONValue(parsing: bytes)
        let tape: JSONTape?
        do {
            tape = try JSONTape(parsing: bytes)
        } catch {
            if case .tooLarge = error { return }
            tape = nil
        }
        precondition((value == nil) == (tape == nil), "the value and tape parsers disagree on \(bytes.count) bytes")
        guard let value else { return }
        let text = value.serialized()
        guard let again = try? JSONValue(parsing: text) else { preconditionFailure("serialized JSON does not parse: \(text)") }
        precondition(again.serialized() == text, "serialization is not stable: \(text)")
    }

    /// The schema compiler and the three validators: a schema (the bytes before the first NUL) and an
    /// instance (after it; the schema itself when there is none). The verdict through a value, through
    /// a tape and from the reporting validator agree.
    @Sendable public static func schema(_ bytes: [UInt8]) {
        let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
        let schemaBytes = bytes[..<split]
        let instanceBytes = split < bytes.endIndex ? bytes[(split + 1)...] : schemaBytes
        guard let document = try? JSONValue(parsing: schemaBytes), let compiled = try? JSONSchema(document) else { return }
        guard let instance = try? JSONValue(parsing: instanceBytes) else { return }
        let byValue = compiled.isValid(instance)
        let report = compiled.validate(instance)
        precondition(report.isValid == byValue, "isValid and validate disagree")
        _ = compiled.validate(instance, mode: .allErrors)
        if let tape = try? JSONTape(parsing: instanceBytes) {
            precondition(compiled.isValid(tape) == byValue, "the tape and value validators disagree")
        }
    }

    /// The event templates render against: a body, parameters, a context and stage variables.
    static let event = try? JSONValue(
        parsing: #"""
            {"body": "{\"name\": \"Zoë\", \"items\": [1, 2.5, {\"a\": null}], \"nested\": {\"deep\": [true, \"x\\\"y\"]}}",
             "headers": {"Accept": "application/json", "X-Trace": "a\"b"}, "queryStringParameters": {"q": "1 2"},
             "pathParameters": {"id": "7"}, "stageVariables": {"env": "dev"},
             "requestContext": {"requestId": "r-1", "stage": "prod", "identity": {"sourceIp": "203.0.113.7"}}}
            """#
    )

    /// The VTL parser and renderer with API Gateway's bindings: any template parses or is refused, and
    /// renders within its limits or is refused; what it writes as bytes is well-formed UTF-8 (release
    /// builds trust that rather than checking each output).
    @Sendable public static func vtl(_ bytes: [UInt8]) {
        guard let source = String(validating: bytes, as: UTF8.self), let template = try? VTLTemplate(source) else { return }
        guard let event, let bindings = try? VTLBindings(event: event) else { preconditionFailure("the fuzz event does not load") }
        _ = try? template.render(bindings)
        var output: [UInt8] = []
        guard (try? template.render(bindings, appendingTo: &output)) != nil else { return }
        precondition(String(validating: output, as: UTF8.self) != nil, "ill-formed UTF-8 rendered by: \(source)")
    }

    /// The Java regex translator and matcher: a pattern (before the first NUL) and a subject (after).
    /// `matches` implies `find`.
    @Sendable public static func regex(_ bytes: [UInt8]) {
        let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
        guard let pattern = String(validating: bytes[..<split], as: UTF8.self) else { return }
        let subject = split < bytes.endIndex ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : pattern
        if let compiled = try? JavaPattern(pattern) {
            let whole = compiled.matches(subject)
            let found = compiled.find(in: subject)
            precondition(!whole || found, "matches without find: \(pattern)")
            _ = compiled.allMatches(in: subject).prefix(100).map(\.range)
            _ = compiled.split(subject)
        }
        if let script = try? ECMAScriptRegex(pattern) { _ = script.test(subject) }
    }

    /// The OpenAPI/CloudFormation/SAM loader (JSON or YAML) and the definition compiler, then three
    /// requests through what compiled (mocks answer; other integrations fail as configured).
    @Sendable public static func definition(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self), let api = try? OpenAPILoader.load(text) else { return }
        guard let gateway = try? Gateway(api, stage: Stage(name: "prod", variables: [("env", "dev")]), backend: ClosureBackend()) else { return }
        let requests =
            [
                GatewayRequest(method: .get, target: "/"),
                GatewayRequest(
                    method: .post,
                    target: "/items/7?q=1",
                    headers: [.contentType: "application/json"],
                    body: Array(#"{"a": [1, 2.5]}"#.utf8)
                ),
            ]
            + gateway.routes.prefix(4).compactMap { route -> GatewayRequest? in
                let parts = route.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, let method = HTTPRequest.Method(String(parts[0]) == "ANY" ? "GET" : String(parts[0])) else { return nil }
                return GatewayRequest(
                    method: method,
                    target: parts[1].replacingOccurrences(of: "{", with: "x").replacingOccurrences(of: "}", with: "")
                )
            }
        let done = DispatchSemaphore(value: 0)
        Task {
            for request in requests {
                _ = await gateway.handle(request, context: InvocationContext(requestId: "fuzz", timeEpochMillis: 1_700_000_000_000), log: true)
            }
            done.signal()
        }
        done.wait()
    }
}
