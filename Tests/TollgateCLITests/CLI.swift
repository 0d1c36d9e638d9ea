import Foundation
import _TollgateTestSupport

/// Runs the built `tollgate` binary, as a user would.
enum CLI {
    static let packageRoot = Support.root

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The directory holding the built products (the test bundle sits beside them).
    static var productsDirectory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        fatalError("no .xctest bundle")
        #else
        return Bundle.main.bundleURL
        #endif
    }

    /// `environment` is added to the test process's.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        let run = try await ChildProcess.run(
            productsDirectory.appendingPathComponent("tollgate").path,
            arguments,
            stdin: Data((stdin ?? "").utf8),
            environment: environment,
            directory: packageRoot
        )
        return Result(status: run.status, stdout: run.stdoutText, stderr: run.stderrText)
    }

}
