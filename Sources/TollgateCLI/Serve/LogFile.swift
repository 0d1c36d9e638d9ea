import Foundation
import ServiceLifecycle
import Synchronization

/// Lines appended to a file (or standard output) through a buffer: a request adds its line under a
/// lock and goes on; the buffer is written when it holds 64 KB, every 200 ms, and when the server
/// stops. One write call per flush instead of one per request (which cost `tollgate serve` a third
/// of its throughput with access logs on).
final class LogFile: Sendable {
    private let handle: FileHandle
    private let buffer = Mutex<[UInt8]>([])
    /// Serialises writes, so flushes from two threads keep the lines in order.
    private let writing = Mutex<Void>(())
    static let flushBytes = 64 * 1024

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// Adds `line` and a line break.
    func append(_ line: String) {
        let full = buffer.withLock { bytes -> [UInt8]? in
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
            guard bytes.count >= Self.flushBytes else { return nil }
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        if let full { write(full) }
    }

    /// Writes what the buffer holds.
    func flush() {
        let pending = buffer.withLock { bytes -> [UInt8] in
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        if !pending.isEmpty { write(pending) }
    }

    private func write(_ bytes: [UInt8]) {
        writing.withLock { _ in handle.write(Data(bytes)) }
    }
}

/// Flushes a ``LogFile`` every 200 ms while the server runs, and once more when it stops.
struct LogFlusher: Service {
    let file: LogFile

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(200))
                file.flush()
            }
        }
        file.flush()
    }
}
