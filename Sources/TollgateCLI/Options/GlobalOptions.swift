public import ArgumentParser
public import Logging
import Synchronization

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .warning

    /// Bootstraps logging once per process; only the tool does this, never a library.
    func bootstrapLogging() -> Logger {
        let level = logLevel
        LoggingBootstrap.once {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "tollgate")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Guards `LoggingSystem.bootstrap`, which may run only once per process.
enum LoggingBootstrap {
    private static let done = Atomic<Bool>(false)
    static func once(_ body: () -> Void) {
        if done.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged { body() }
    }
}
