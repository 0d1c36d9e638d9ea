import ArgumentParser
import Foundation
import TollgateGateway

/// `--access-log` and `--access-log-file`, which `serve` and `invoke` share.
struct AccessLogOptions: ParsableArguments {
    @Option(
        name: .customLong("access-log"),
        help: """
            Write an access log entry per request: a preset (clf, json, xml or csv, the console's examples), a format \
            with $context variables, or off. Default: the stage's accessLogSettings.format, when the definition has one.
            """
    )
    var format: String?

    @Option(name: .customLong("access-log-file"), help: "Append the access log to this file instead.")
    var file: String?

    /// The format to serve with: nil keeps the stage's, `.some(nil)` turns access logging off.
    func choice() throws -> AccessLogFormat?? {
        guard let format else { return nil }
        if format == "off" { return .some(nil) }
        if let preset = AccessLogFormat.preset(named: format) { return preset }
        do {
            return try AccessLogFormat(format)
        } catch {
            throw ValidationError("--access-log: \(error.message)")
        }
    }

    /// Where entries go: `file` (appended), else `standard`.
    func destination(standard: FileHandle) throws -> FileHandle {
        guard let file else { return standard }
        if !FileManager.default.fileExists(atPath: file) { FileManager.default.createFile(atPath: file, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: file) else { throw ValidationError("--access-log-file: cannot write \(file)") }
        handle.seekToEndOfFile()
        return handle
    }
}
