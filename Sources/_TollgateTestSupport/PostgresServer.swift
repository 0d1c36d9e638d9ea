import Foundation

/// A throwaway PostgreSQL server on 127.0.0.1 (`Tests/Oracles/postgres_server.py`): a new cluster in
/// a temporary directory, trust authentication for the user `tollgate`. ``shared`` serves a test
/// process; a test that stops and starts its server starts its own. The server and its directory go
/// when the test process ends (its stdin closes). Needs Debian's `postgresql` (`make setup`).
/// Starting, stopping and `psql` wait on threads of their own (``onOwnThread(_:)``).
public final class PostgresServer: Sendable {
    /// The server of this test process, started on first use.
    public static var shared: PostgresServer {
        get async throws { try await sharedStart.value }
    }

    private static let sharedStart = Task { try await PostgresServer.start() }

    public var port: Int { helper.port }
    /// A connection string for the `postgres` database (TLS off: loopback).
    public var url: String { "postgres://tollgate@127.0.0.1:\(port)/postgres?sslmode=disable" }
    private let helper: OracleProcess

    /// A new server of its own.
    public static func start() async throws -> PostgresServer {
        try await PostgresServer(helper: OracleProcess.start(script: "postgres_server.py"))
    }

    private init(helper: OracleProcess?) throws {
        guard let helper else {
            throw PostgresServerError(message: "PostgreSQL did not start: is Debian's postgresql installed? (make setup)")
        }
        self.helper = helper
    }

    /// Stops the server at once, as if it had been killed.
    public func stop() async throws { try await command("stop") }

    /// Starts it again on the same port, with its data.
    public func restart() async throws { try await command("start") }

    /// Runs SQL through `psql` (for checks a test makes on the tables): its output, rows as `a|b` lines.
    public func psql(_ sql: String) async throws -> String {
        let run = try await ChildProcess.run(
            "psql",
            ["-X", "-A", "-t", "-q", "-h", "127.0.0.1", "-p", "\(port)", "-U", "tollgate", "-d", "postgres", "-c", sql]
        )
        guard run.status == 0 else { throw PostgresServerError(message: "psql failed on \(sql): \(run.stderrText)") }
        return run.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func command(_ name: String) async throws {
        let helper = self.helper
        guard await onOwnThread({ helper.ask(Data(name.utf8)) }) == "ok" else {
            throw PostgresServerError(message: "\(name): the server helper answered otherwise")
        }
    }
}

public struct PostgresServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
