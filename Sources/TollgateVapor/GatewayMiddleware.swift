import Foundation
public import HTTPTypes
import NIOCore
public import TollgateGateway
public import Vapor

/// A Vapor middleware that answers the requests an API defines (as API Gateway would) and passes every
/// other request on:
///
/// ```swift
/// let gateway = try Gateway(OpenAPILoader.load(contentsOf: "api.yaml"), backend: ClosureBackend(functions: […]))
/// app.middleware.use(GatewayMiddleware(gateway))
/// app.get("health") { _ in "ok" }
/// ```
public struct GatewayMiddleware: AsyncMiddleware {
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
    /// otherwise passes it down the responder chain.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let gateway = source.current
        guard let method = HTTPTypes.HTTPRequest.Method(request.method.rawValue), gateway.matches(method: method, path: request.url.path) else {
            return try await next.respond(to: request)
        }
        let headers = HTTPFields(headerPairs: request.headers.map { (name: $0.name, value: $0.value) })
        // Path and query as the client sent them (undecoded): the gateway decodes both.
        let target = request.url.query.map { "\(request.url.path)?\($0)" } ?? request.url.path
        let context = InvocationContext.arriving(from: request.remoteAddress?.ipAddress ?? "127.0.0.1")
        let response: GatewayResponse
        do {
            // One byte past the limit tells "too large" from "at the limit" (docs/behaviour.md §1: 10 MB).
            let body = try await request.body.collect(upTo: Gateway.maxPayloadBytes + 1)
            let gatewayRequest = GatewayRequest(method: method, target: target, headers: headers, body: Array(buffer: body))
            let result = await gateway.handle(gatewayRequest, context: context, log: logs.wantsExecutionLog)
            logs.write(result, requestId: context.requestId)
            response = result.response
        } catch let error where error is NIOTooManyBytesError || (error as? Abort)?.status == .payloadTooLarge {
            response = gateway.tooLarge(GatewayRequest(method: method, target: target, headers: headers), context: context)
        } catch {
            response = Gateway.unreadableBody()
        }
        return Response(
            status: HTTPResponseStatus(statusCode: response.status.code),
            headers: HTTPHeaders(response.headers.map { ($0.name.rawName, $0.value) }),
            body: .init(buffer: ByteBuffer(bytes: response.body))
        )
    }
}

/// The middleware's earlier name.
@available(*, deprecated, renamed: "GatewayMiddleware")
public typealias GatewayVaporMiddleware = GatewayMiddleware
