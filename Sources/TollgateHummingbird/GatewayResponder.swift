import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
public import NIOCore
public import TollgateGateway

/// Translates between Hummingbird and the pure pipeline.
enum Translation {
    /// Runs a Hummingbird request through `gateway`.
    static func respond(_ request: Request, gateway: Gateway, sourceIP: String, log: Bool = false) async -> GatewayResult {
        var request = request
        let context = InvocationContext.arriving(from: sourceIP)
        // Path and query as the client sent them (undecoded): the gateway decodes both.
        let target = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
        let body: ByteBuffer
        do {
            // One byte past the limit tells "too large" from "exactly at the limit" (docs/behaviour.md §1: 10 MB).
            body = try await request.collectBody(upTo: Gateway.maxPayloadBytes + 1)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // NIO's NIOTooManyBytesError (Hummingbird makes it a 413) past the limit.
            let head = GatewayRequest(method: request.method, target: target, headers: request.headers, authority: request.head.authority)
            return GatewayResult(response: gateway.tooLarge(head, context: context), log: [])
        } catch {
            return GatewayResult(response: Gateway.unreadableBody(), log: [])
        }
        let gatewayRequest = GatewayRequest(
            method: request.method,
            target: target,
            headers: request.headers,
            body: Array(buffer: body),
            authority: request.head.authority
        )
        return await gateway.handle(gatewayRequest, context: context, log: log)
    }

    /// `$context.identity.sourceIp`: the TCP peer's address, when the request context knows it
    /// (``GatewayRequestContext`` and any `RemoteAddressRequestContext`); `127.0.0.1` otherwise.
    static func peer(_ context: some Hummingbird.RequestContext) -> String {
        (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress ?? "127.0.0.1"
    }

    static func response(_ result: GatewayResult) -> Response {
        Response(
            status: result.response.status,
            headers: result.response.headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: result.response.body))
        )
    }
}

/// A Hummingbird responder that serves one API: every request goes through the gateway (unknown routes
/// get API Gateway's 403). Logs one line per request at ``requestLogLevel``: method, path, status,
/// latency, request id; at debug level also why a request got a 5xx (the execution log's failure
/// lines), at trace level the whole execution log of every request.
public struct GatewayResponder<Context: Hummingbird.RequestContext>: HTTPResponder {
    /// Where each request finds the gateway it goes through (swapped when a definition reloads).
    public let source: GatewaySource
    /// Where the per-request lines go.
    public let logger: Logger
    /// Whether a request without `Host` is refused with 400, as RFC 9112 §3.2 requires of an HTTP/1.1
    /// server (and as an API Gateway endpoint, chosen by its host name, cannot route it).
    public let requiresHost: Bool
    /// Where each request's access log entry and execution log go.
    public let logs: RequestLogSink
    /// The level of the per-request line (debug unless the program wants one per request at info, as
    /// `tollgate serve` does).
    public let requestLogLevel: Logger.Level

    /// A responder for the gateway `source` holds, logging to `logger` (the per-request line at
    /// `requestLogLevel`), its access and execution logs to `logs`.
    public init(
        source: GatewaySource,
        logger: Logger = Logger(label: "tollgate"),
        requiresHost: Bool = false,
        logs: RequestLogSink = RequestLogSink(),
        requestLogLevel: Logger.Level = .debug
    ) {
        self.source = source
        self.logger = logger
        self.requiresHost = requiresHost
        self.logs = logs
        self.requestLogLevel = requestLogLevel
    }

    /// Sends `request` through the gateway and answers with its response.
    public func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let result: GatewayResult
        if requiresHost, request.head.authority == nil {
            result = GatewayResult(response: Gateway.unreadableBody(), log: [])
        } else {
            result = await Translation.respond(
                request,
                gateway: source.current,
                sourceIP: Translation.peer(context),
                log: logger.logLevel <= .debug || logs.wantsExecutionLog
            )
        }
        let elapsed = ContinuousClock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let id = result.response.headers[.amznRequestId] ?? "-"
        logs.write(result, requestId: id)
        logger.log(level: requestLogLevel, "\(request.method.rawValue) \(request.uri.path) \(result.response.status.code) \(micros)µs \(id)")
        if logger.logLevel <= .trace {
            for line in result.log { logger.trace("\(id) \(line)") }
        } else if result.response.status.code >= 500 {
            for line in result.log where line.contains("Execution failed") || line.contains("Gateway response type") {
                logger.debug("\(id) \(line)")
            }
        }
        return Translation.response(result)
    }
}

/// A Hummingbird middleware that answers the requests an API defines and passes every other request on
/// to the rest of the router:
///
/// ```swift
/// let router = Router()
/// router.add(middleware: GatewayMiddleware(try Gateway(OpenAPILoader.load(contentsOf: "api.yaml"))))
/// router.get("/health") { _, _ in "ok" }
/// ```
public struct GatewayMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    /// Where each request finds the gateway it goes through (swapped when a definition reloads).
    public let source: GatewaySource
    /// Where each request's access log entry and execution log go.
    public let logs: RequestLogSink

    /// A middleware for one gateway that never changes, its access and execution logs to `logs`.
    public init(_ gateway: Gateway, logs: RequestLogSink = RequestLogSink()) {
        source = GatewaySource(gateway)
        self.logs = logs
    }

    /// A middleware for the gateway `source` holds at each request, its access and execution logs to `logs`.
    public init(source: GatewaySource, logs: RequestLogSink = RequestLogSink()) {
        self.source = source
        self.logs = logs
    }

    /// Answers `request` through the gateway when one of the API's resources and methods matches it;
    /// otherwise hands it to `next`.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let gateway = source.current
        guard gateway.matches(method: request.method, path: request.uri.path) else { return try await next(request, context) }
        let result = await Translation.respond(request, gateway: gateway, sourceIP: Translation.peer(context), log: logs.wantsExecutionLog)
        logs.write(result, requestId: result.response.headers[.amznRequestId] ?? "-")
        return Translation.response(result)
    }
}

/// A request context that knows the client's address, so that `$context.identity.sourceIp` (and an
/// authorizer's `context.identity.sourceIp`) is the real peer: use it as the application's context.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's own per-request state.
    public var coreContext: CoreRequestContextStorage
    /// The peer's address, read from the connection.
    public let remoteAddress: SocketAddress?

    /// The context of a request that arrived on `source`'s connection.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
