import Foundation

/// moto in server mode on 127.0.0.1 (`Tests/Oracles/moto_server.py`), one per test process, with a
/// boto3 client of it: tests point Tollgate at ``endpoint`` and set up and read back the services with
/// ``call(_:_:_:)``. The server ends when the test process does (its stdin closes). Needs moto, boto3
/// and Flask in `TOLLGATE_PYTHON` (else `python3`); `make setup` installs them.
public final class MotoServer: @unchecked Sendable {
    /// The server of this test process, started on first use.
    public static var shared: MotoServer {
        get async throws { try await sharedStart.value }
    }

    private static let sharedStart = Task { try await MotoServer.start() }

    public var port: Int { helper.port }
    public var endpoint: String { "http://127.0.0.1:\(port)" }
    private let helper: OracleProcess

    /// Starts the server, waiting on a thread of its own (``onOwnThread(_:)``).
    static func start() async throws -> MotoServer {
        let python = ProcessInfo.processInfo.environment["TOLLGATE_PYTHON"] ?? "python3"
        return try await MotoServer(helper: OracleProcess.start(script: "moto_server.py", python: python), python: python)
    }

    private init(helper: OracleProcess?, python: String) throws {
        guard let helper else {
            throw MotoServerError(message: "moto did not start: is moto[server] installed for \(python)? (make setup)")
        }
        self.helper = helper
    }

    /// boto3's `service.operation(**arguments)` against the server: its result as JSON.
    public func call(_ service: String, _ operation: String, _ arguments: [String: Any] = [:]) throws -> [String: Any] {
        let request = try JSONSerialization.data(withJSONObject: ["service": service, "operation": operation, "args": arguments])
        guard let line = helper.ask(request), let answer = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
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
