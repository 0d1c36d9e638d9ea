import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import TollgateGateway
import TollgateHummingbird
import TollgateRateLimit

#if canImport(Glibc)
import Glibc
#endif

/// `tollgate serve`: a local API Gateway for a definition, on Hummingbird.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve an API definition as API Gateway would, on a local HTTP server.",
        discussion: """
            Prints the routes it serves, then one log line per request (method, path, status, latency, request id); \
            --log-level debug adds why a request got a 5xx, trace every request's execution log. \
            Stops cleanly on SIGINT or SIGTERM (requests in flight finish). Reloads the definition when its file \
            changes; a definition that fails to load keeps the previous one and logs why. HTTP integrations call \
            their URI; Lambda integrations run --function commands or go to --lambda-endpoint (the AWS Lambda Invoke \
            API: sam local start-lambda, the Runtime Interface Emulator); AWS service integrations are signed with the \
            AWS_* credentials and sent to --aws-endpoint, AWS_ENDPOINT_URL(_SERVICE) or the public endpoint. \
            Throttles and quotas live in the process (a reload keeps them) unless --rate-limit-store names a PostgreSQL \
            database that instances share. With a stage access log format (accessLogSettings.format) or --access-log, \
            prints one access log entry per request on standard output (or --access-log-file); --execution-log prints \
            every request's execution log on standard error, as CloudWatch shows it. --metrics-port exports the \
            CloudWatch metrics (Count, 4XXError, 5XXError, Latency, IntegrationLatency, per API, stage, resource and \
            method) for Prometheus.

            Example: tollgate serve Fixtures/apis/proxy-lambda.yaml --port 3000 --function 'items=python3 Fixtures/functions/simple-proxy.py'
            Example: tollgate serve api.yaml --rate-limit-store postgres://tollgate@127.0.0.1/limits?sslmode=disable
            Example: tollgate serve api.yaml --access-log clf --access-log-file access.log --execution-log
            Example: tollgate serve api.yaml --metrics-port 9090   (then curl http://127.0.0.1:9090/metrics)
            """
    )

    @OptionGroup var api: APIOptions

    @OptionGroup var rateLimits: RateLimitStoreOptions

    @Option(help: "The address to listen on: an IPv4 or IPv6 address, or localhost.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 3000

    @Option(
        name: .customLong("idle-timeout"),
        help: "Seconds an idle keep-alive connection, or a request whose head or body stops arriving, is kept open."
    )
    var idleTimeout: Double = 60

    @Option(name: .customLong("body-timeout"), help: "Seconds a request's body has to arrive in, from its head.")
    var bodyTimeout: Double = 30

    @Option(name: .customLong("max-connections"), help: "Connections open at once; more wait to be accepted.")
    var maxConnections: Int = 1024

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @OptionGroup var accessLog: AccessLogOptions

    @Option(
        name: .customLong("metrics-port"),
        help: "Export API Gateway's CloudWatch metrics in Prometheus' text format at http://HOST:PORT/metrics (0 picks a free port)."
    )
    var metricsPort: Int?

    @Flag(
        name: .customLong("execution-log"),
        help: "Print every request's execution log on standard error, each line marked with its request id."
    )
    var executionLog = false

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        guard (0...65535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port is 0 to 65535") }
        guard idleTimeout > 0, bodyTimeout > 0 else { throw ValidationError("--idle-timeout and --body-timeout are positive") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections is positive") }
        // An address, not a name to look up: a typo must not be resolved through DNS to somewhere else.
        guard host == "localhost" || Self.isAddress(host) else {
            throw ValidationError("--host takes an IPv4 or IPv6 address or localhost, not \(host)")
        }
    }

    /// Whether `text` is an IPv4 or IPv6 address literal.
    static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    func run() async throws {
        var logger = Logger(label: "tollgate")
        logger.logLevel = Logger.Level(rawValue: logLevel)!
        let postgres = try rateLimits.postgres(logger: logger)
        // One store for the process's life: a reloaded definition keeps the counts of limits it did not change.
        let store: any RateLimitStore = postgres ?? InMemoryRateLimitStore()
        // Before the gateway is made: its metric handles come from the factory bootstrapped then.
        let metricsServer = metricsPort.map { MetricsEndpoint.start(host: host, port: $0, logger: logger) }
        let accessLogChoice = try accessLog.choice()
        let gateway = try api.gatewayOrExit(rateLimitStore: store, accessLog: accessLogChoice)
        let accessLogFile = LogFile(try accessLog.destination(standard: .standardOutput))
        let executionLogFile = executionLog ? LogFile(.standardError) : nil
        let logs = RequestLogSink(accessLog: accessLogFile.append, executionLog: executionLogFile?.append)
        let source = GatewaySource(gateway)
        var banner = "Serving \(gateway.api.title.isEmpty ? api.definition : gateway.api.title) (stage \(gateway.stage.name)):\n"
        for route in gateway.routes { banner += "  \(route)\n" }
        FileHandle.standardOutput.write(Data(banner.utf8))
        let limits = ConnectionLimits(idleTimeout: .nanoseconds(Int64(idleTimeout * 1e9)), bodyTimeout: .nanoseconds(Int64(bodyTimeout * 1e9)))
        let server = HTTPServerBuilder { responder in
            ServeChannel(
                base: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: limits.idleTimeout)),
                limits: limits,
                source: source
            )
        }
        let app = Application(
            responder: GatewayResponder<GatewayRequestContext>(
                source: source,
                logger: logger,
                requiresHost: true,
                logs: logs,
                requestLogLevel: .info
            ),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(maxConnections)
            ),
            services: [
                DefinitionWatcher(path: api.definition, source: source, logger: logger) { [api] in
                    try api.gateway(rateLimitStore: store, accessLog: accessLogChoice)
                },
                LogFlusher(file: accessLogFile),
            ] + (executionLogFile.map { [LogFlusher(file: $0)] } ?? []) + (postgres.map { [$0] } ?? []) + (metricsServer.map { [$0] } ?? []),
            onServerRunning: { channel in
                FileHandle.standardOutput.write(Data("Listening on http://\(host):\(channel.localAddress?.port ?? port)\n".utf8))
            },
            logger: logger
        )
        do {
            try await app.runService()
        } catch {
            printError("tollgate serve: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Reloads the definition when its file changes; a definition that fails to load keeps the old one.
struct DefinitionWatcher: Service {
    let path: String
    let source: GatewaySource
    let logger: Logger
    let load: @Sendable () throws -> Gateway

    func modified() -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    func run() async throws {
        // A shutdown cancels the loop; that is this service's normal end.
        try? await cancelWhenGracefulShutdown {
            var seen = modified()
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(500))
                let now = modified()
                guard now != seen else { continue }
                seen = now
                do {
                    source.replace(try load())
                    logger.info("reloaded \(path)")
                } catch {
                    logger.error("\(path) did not load, still serving the previous definition: \(error)")
                }
            }
        }
    }
}
