import Foundation

/// A helper script of `Tests/Oracles/` run for a test process: started with its stdin and stdout on
/// pipes, its first line read as the port it listens on. It ends when the test process does (its
/// stdin closes), so a script stops its server then.
final class OracleProcess: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let input = Pipe()
    private let lines: LineReader
    private let lock = NSLock()

    /// Runs `Tests/Oracles/<script>` with `python` and waits, on a thread of its own
    /// (``onOwnThread(_:)``), for the port it prints; nil when it printed none.
    static func start(script: String, python: String = "python3") async throws -> OracleProcess? {
        try await onOwnThread { try OracleProcess(script: script, python: python) }
    }

    private init?(script: String, python: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Oracles/\(script)")
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, path.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        lines = LineReader(output.fileHandleForReading)
        guard let first = lines.next(), let port = Int(first) else { return nil }
        self.port = port
    }

    /// Writes one line and reads the answer's line (nil when the script has stopped).
    func ask(_ line: Data) -> String? {
        lock.lock()
        defer { lock.unlock() }
        input.fileHandleForWriting.write(line + Data("\n".utf8))
        return lines.next()
    }
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
