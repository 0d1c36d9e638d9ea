import ArgumentParser
import Foundation
import TollgateJSON
import TollgateJavaRegex

/// `tollgate select`: does a selection pattern (a Java regex) match this input, as API Gateway
/// decides it?
struct SelectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Match a Java regex (an integration response's selectionPattern) as API Gateway does.",
        discussion: """
            Reads the input from standard input, exactly as given (no newline is stripped). The whole \
            input must match (Java's Matcher.matches(), API Gateway's rule) unless --find is given. \
            Exit status: 0 on a match, 1 on no match, 2 when the pattern is invalid (Java's \
            PatternSyntaxException message on standard error) or the input is not UTF-8.

            With --jsonl, reads lines {"pattern": "...", "input": "..."} and writes one line each: \
            {"matches": true|false, "find": true|false} or {"error": "<Java's description>", "index": N}.

            Example: printf '%s' '{"errorMessage":"Not found"}' | tollgate select --pattern '.*Not found.*'
            """
    )

    @Option(help: "The Java regex.")
    var pattern: String?

    @Flag(help: "Search anywhere in the input (Java's Matcher.find()) instead of the whole input.")
    var find = false

    @Flag(help: "Read JSON lines of {\"pattern\", \"input\"} and answer each.")
    var jsonl = false

    @Option(help: "Java flags as inline letters: i m s d x u U c (e.g. \"is\").")
    var flags: String = ""

    func validate() throws {
        if jsonl == (pattern != nil) { throw ValidationError("give either --pattern or --jsonl") }
        _ = try JavaFlags.parse(flags)
    }

    func run() throws {
        let javaFlags = try JavaFlags.parse(flags)
        let data = FileHandle.standardInput.readDataToEndOfFile()
        if jsonl {
            try runLines(data, flags: javaFlags)
            return
        }
        guard let input = String(validating: [UInt8](data), as: UTF8.self) else {
            printError("the input is not valid UTF-8")
            throw ExitCode(2)
        }
        let compiled: JavaPattern
        do {
            compiled = try JavaPattern(pattern ?? "", flags: javaFlags)
        } catch {
            printError(error.message)
            throw ExitCode(2)
        }
        let outcome = compiled.evaluate(input, mode: find ? .find : .whole)
        if case .limitExceeded(let message) = outcome { printError("no match: \(message)") }
        if outcome != .match { throw ExitCode(1) }
    }

    func runLines(_ data: Data, flags: JavaPattern.Flags) throws {
        var out = ""
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            let answer: JSONValue
            do {
                let request = try JSONValue(parsing: line)
                guard let source = request["pattern"]?.stringValue, let input = request["input"]?.stringValue else {
                    throw CLIError("line \(number + 1): expected {\"pattern\": string, \"input\": string}")
                }
                do {
                    let compiled = try JavaPattern(source, flags: flags)
                    answer = ["matches": .bool(compiled.matches(input)), "find": .bool(compiled.find(in: input))]
                } catch {
                    answer = ["error": .string(error.reason), "index": .number(JSONNumber(error.index))]
                }
            } catch let error as JSONParseError {
                answer = ["error": .string("line \(number + 1): \(error)")]
            }
            out += answer.serialized() + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// Java's inline flag letters.
enum JavaFlags {
    static func parse(_ letters: String) throws -> JavaPattern.Flags {
        var flags: JavaPattern.Flags = []
        for letter in letters {
            switch letter {
            case "i": flags.insert(.caseInsensitive)
            case "m": flags.insert(.multiline)
            case "s": flags.insert(.dotAll)
            case "d": flags.insert(.unixLines)
            case "x": flags.insert(.comments)
            case "u": flags.insert(.unicodeCase)
            case "U": flags.insert(.unicodeCharacterClass)
            case "c": flags.insert(.canonicalEquivalence)
            default: throw ValidationError("unknown flag '\(letter)': use i m s d x u U c")
            }
        }
        return flags
    }
}
