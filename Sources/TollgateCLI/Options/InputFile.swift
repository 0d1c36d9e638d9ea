import Foundation

/// A named input: a file, or standard input for `-`.
struct InputFile {
    let name: String
    let bytes: [UInt8]

    /// Reads `path`, or standard input when `path` is `-`.
    static func read(_ path: String) throws -> InputFile {
        if path == "-" {
            return InputFile(name: "<stdin>", bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()))
        }
        // FileManager reads regular files; a FileHandle also reads pipes such as `<(…)` (/dev/fd/N).
        guard let data = FileManager.default.contents(atPath: path) ?? FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() else {
            throw CLIError("cannot read \(path)")
        }
        return InputFile(name: path, bytes: [UInt8](data))
    }
}

/// An error the tool reports as one line on standard error.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
