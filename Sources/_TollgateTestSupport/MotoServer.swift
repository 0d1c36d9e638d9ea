import Foundation

/// moto in server mode on 127.0.0.1 (`Tests/Oracles/moto_server.py`), one per test process, with a
/// boto3 client of it: tests point Tollgate at ``endpoint`` and set up and read back the services with
/// ``call(_:_:_:)``. The server ends when the test process does (its stdin closes). Needs moto, boto3
/// and Flask in `TOLLGATE_PYTHON` (else `python3`); `make setup` installs them.
public final class MotoServer: @unchecked Sendable {
    /// The server of this test process, started on first use.
    public static let shared: Result<MotoServer, MotoServerError> = Result { try MotoServer() }.mapError {
        $0 as? MotoServerError ?? MotoServerError(message: "\($0)")
    }

    public let port: Int
    public var endpoint: String { "http://127.0.0.1:\(port)" }
    private let process = Process()
    private let input = Pipe()
    private let lines: LineReader
    private let lock = NSLock()

    init() throws {
        let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Oracles/moto_server.py")
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["TOLLGATE_PYTHON"] ?? "python3", oracle.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        lines = LineReader(output.fileHandleForReading)
        guard let first = lines.next(), let port = Int(first) else {
            throw MotoServerError(message: "moto did not start: is moto[server] installed for \(process.arguments![0])? (make setup)")
        }
        self.port = port
    }

    /// boto3's `service.operation(**arguments)` against the server: its result as JSON.
    public func call(_ service: String, _ operation: String, _ arguments: [String: Any] = [:]) throws -> [String: Any] {
        lock.lock()
        defer { lock.unlock() }
        let request = try JSONSerialization.data(withJSONObject: ["service": service, "operation": operation, "args": arguments])
        input.fileHandleForWriting.write(request + Data("\n".utf8))
        guard let line = lines.next(), let answer = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw MotoServerError(message: "moto stopped answering")
        }
        if let error = answer["error"] as? String { throw MotoServerError(message: "\(service).\(operation): \(error)") }
        return answer["result"] as? [String: Any] ?? [:]
    }
}

extension MotoServer {
    /// The table `Fixtures/apis/aws-dynamodb.yaml` writes: comments by `pageId`, then `commentId`.
    public func createCommentsTable(_ name: String) throws {
        _ = try call(
            "dynamodb",
            "create_table",
            [
                "TableName": name, "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [["AttributeName": "pageId", "KeyType": "HASH"], ["AttributeName": "commentId", "KeyType": "RANGE"]],
                "AttributeDefinitions": [["AttributeName": "pageId", "AttributeType": "S"], ["AttributeName": "commentId", "AttributeType": "S"]],
            ]
        )
    }

    /// A Step Functions state machine of one Pass state.
    public func createStateMachine(_ name: String) throws {
        _ = try call(
            "stepfunctions",
            "create_state_machine",
            [
                "name": name, "definition": #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#,
                "roleArn": "arn:aws:iam::123456789012:role/sf",
            ]
        )
    }
}

public struct MotoServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Lines from a file handle, read as they come.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer += chunk
        }
    }
}
