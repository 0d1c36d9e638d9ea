public import Foundation

/// A program a test runs to its end (the `tollgate` tool, an oracle in Java, Node or Python, `psql`):
/// its input written, its output and errors collected, its exit status.
///
/// Writing, both reads and the wait each happen on a thread of their own (``onOwnThread(_:)``), so
/// that neither a full pipe (a program writing much to stderr before it closes stdout) nor the wait
/// holds a thread of the cooperative pool the tests beside share.
public struct ChildProcess: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Runs `executable` (a path, or a name looked up on `PATH`) with `arguments`. `environment` is
    /// added to the test process's; `directory` is the working directory (the test process's when nil).
    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: Data = Data(),
        environment: [String: String] = [:],
        directory: URL? = nil
    ) async throws -> ChildProcess {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = directory }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = input.fileHandleForWriting
        // A program that exits without reading all of its input closes the pipe: the write then fails
        // with EPIPE, which is no error here (and no signal: SIGPIPE is ignored).
        Self.ignoreSIGPIPE
        async let written: Void = onOwnThread {
            try? writer.write(contentsOf: stdin)
            try? writer.close()
        }
        async let out = onOwnThread { output.fileHandleForReading.readDataToEndOfFile() }
        async let err = onOwnThread { errors.fileHandleForReading.readDataToEndOfFile() }
        let (stdout, stderr) = await (out, err)
        await written
        let status = await onOwnThread {
            process.waitUntilExit()
            return process.terminationStatus
        }
        return ChildProcess(status: status, stdout: stdout, stderr: stderr)
    }

    /// SIGPIPE's default action would end the test process on a write to a program that has exited.
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}
