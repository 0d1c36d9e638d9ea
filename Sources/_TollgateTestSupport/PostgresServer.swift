import Foundation

/// A throwaway PostgreSQL server on 127.0.0.1 (`Tests/Oracles/postgres_server.py`): a new cluster in
/// a temporary directory, trust authentication for the user `tollgate`. ``shared`` serves a test
/// process; a test that stops and starts its server makes its own. The server and its directory go
/// when the test process ends (its stdin closes). Needs Debian's `postgresql` (`make setup`).
public final class PostgresServer: @unchecked Sendable {
    /// The server of this test process, started on first use.
    public static let shared: Result<PostgresServer, PostgresServerError> = Result { try PostgresServer() }.mapError {
        $0 as? PostgresServerError ?? PostgresServerError(message: "\($0)")
    }

    public var port: Int { helper.port }
    /// A connection string for the `postgres` database (TLS off: loopback).
    public var url: String { "postgres://tollgate@127.0.0.1:\(port)/postgres?sslmode=disable" }
    private let helper: OracleProcess

    public init() throws {
        guard let helper = try OracleProcess(script: "postgres_server.py") else {
            throw PostgresServerError(message: "PostgreSQL did not start: is Debian's postgresql installed? (make setup)")
        }
        self.helper = helper
    }

    /// Stops the server at once, as if it had been killed.
    public func stop() throws { try command("stop") }

    /// Starts it again on the same port, with its data.
    public func start() throws { try command("start") }

    /// Runs SQL through `psql` (for checks a test makes on the tables): its output, rows as `a|b` lines.
    public func psql(_ sql: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-A", "-t", "-q", "-h", "127.0.0.1", "-p", "\(port)", "-U", "tollgate", "-d", "postgres", "-c", sql]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PostgresServerError(message: "psql failed on \(sql)") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func command(_ name: String) throws {
        guard helper.ask(Data(name.utf8)) == "ok" else { throw PostgresServerError(message: "\(name): the server helper answered otherwise") }
    }
}

public struct PostgresServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
