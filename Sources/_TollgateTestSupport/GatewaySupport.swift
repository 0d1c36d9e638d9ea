public import Foundation
public import HTTPTypes
public import TollgateGateway
public import TollgateOpenAPI

/// What the gateway's and the loaders' tests share: the fixtures, temporary definitions, and one
/// request sent through a gateway.
public enum Support {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func fixture(_ path: String) -> String {
        root.appendingPathComponent("Fixtures").appendingPathComponent(path).path
    }

    /// A fresh temporary directory holding `files` (name → text); the caller removes it.
    public static func directory(_ files: [String: String] = [:]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        return directory
    }

    /// A CloudFormation or SAM template's reading, from `text` written to a temporary file (removed after).
    public static func template(_ text: String, parameters: [String: String] = [:]) throws -> CloudFormationLoader.Template {
        let directory = try directory(["template.yaml": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        return try OpenAPILoader.loadTemplate(contentsOf: directory.appendingPathComponent("template.yaml").path, parameters: parameters)
    }

    public static func text(_ path: String) throws -> String {
        try String(contentsOfFile: fixture(path), encoding: .utf8)
    }

    public static func gateway(_ api: String, stage: Stage = Stage(), backend: any IntegrationBackend = ClosureBackend()) throws -> Gateway {
        try Gateway(OpenAPILoader.load(contentsOf: fixture(api)), stage: stage, backend: backend)
    }

    public static func gateway(definition: String, stage: Stage = Stage(), backend: any IntegrationBackend = ClosureBackend()) throws -> Gateway {
        try Gateway(OpenAPILoader.load(definition), stage: stage, backend: backend)
    }

    public static let context = InvocationContext(requestId: "req-1", timeEpochMillis: 1_553_114_310_423, sourceIP: "203.0.113.7")

    public static func send(
        _ gateway: Gateway,
        _ method: HTTPRequest.Method,
        _ target: String,
        headers: [(String, String)] = [],
        body: String = "",
        context: InvocationContext = Support.context
    ) async -> GatewayResponse {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return await gateway.handle(GatewayRequest(method: method, target: target, headers: fields, body: Array(body.utf8)), context: context)
            .response
    }
}

/// What a test backend was called with, from whichever tasks call it.
public final class Recorder<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []
    public init() {}
    public func add(_ item: Element) { lock.withLock { items.append(item) } }
    public var last: Element? { lock.withLock { items.last } }
    public var all: [Element] { lock.withLock { items } }
}

extension GatewayResponse {
    public func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}
