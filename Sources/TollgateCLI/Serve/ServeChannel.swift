import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1
import TollgateGateway
import TollgateHummingbird

/// How long and how much `tollgate serve` lets a connection take.
struct ConnectionLimits: Sendable {
    /// An idle keep-alive connection, or a request whose head or body stops arriving, is closed after this.
    var idleTimeout: TimeAmount
    /// A request's body must arrive within this from its head.
    var bodyTimeout: TimeAmount
}

/// The HTTP/1 channel `tollgate serve` runs: Hummingbird's, with ``RequestGuard`` in front of its
/// HTTPTypes codec, where a request's HTTP version and declared length are still visible.
struct ServeChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let limits: ConnectionLimits
    let source: GatewaySource

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let codec = try operations.handler(type: HTTP1ToHTTPServerCodec.self)
            try operations.addHandler(RequestGuard(limits: limits, source: source), position: .before(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// What the HTTP layer decides before a request reaches the gateway:
/// - a declared `Content-Length` over API Gateway's 10 MB is answered 413 at once (the gateway's
///   REQUEST_TOO_LARGE response) and the connection closed, without reading the body;
/// - `Expect: 100-continue` is answered `100 Continue` when the request can be accepted (RFC 9110
///   §10.1.1), so a client does not wait before sending its body;
/// - a body that has not all arrived `bodyTimeout` after the head closes the connection;
/// - an HTTP/1.0 request without `Connection: keep-alive` closes its connection after the response.
final class RequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let limits: ConnectionLimits
    let source: GatewaySource
    private var bodyDeadline: Scheduled<Void>?
    /// The rest of a refused request is dropped.
    private var refusing = false

    init(limits: ConnectionLimits, source: GatewaySource) {
        self.limits = limits
        self.source = source
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > Gateway.maxPayloadBytes {
                refuse(head, context: context)
                return
            }
            if head.version == .http1_0, !head.isKeepAlive {
                // Hummingbird ends a connection after a request that says `Connection: close`.
                head.headers.replaceOrAdd(name: "connection", value: "close")
            }
            if head.version.minor >= 1, head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                head.headers.remove(name: "expect")
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            let channel = context.channel
            bodyDeadline = context.eventLoop.scheduleTask(in: limits.bodyTimeout) { channel.close(promise: nil) }
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body(let buffer):
            guard !refusing else { return }
            context.fireChannelRead(wrapInboundOut(.body(buffer)))
        case .end(let trailers):
            bodyDeadline?.cancel()
            bodyDeadline = nil
            guard !refusing else { return }
            context.fireChannelRead(wrapInboundOut(.end(trailers)))
        }
    }

    /// API Gateway's 413 for a request whose declared body is too large, then the connection closed.
    private func refuse(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        refusing = true
        var fields = HTTPFields()
        for header in head.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        let path = String(head.uri.prefix { $0 != "?" })
        let request = GatewayRequest(method: HTTPRequest.Method(head.method.rawValue) ?? .get, path: path, headers: fields)
        let response = source.current.tooLarge(request, context: InvocationContext.arriving(from: context.remoteAddress?.ipAddress ?? "127.0.0.1"))
        var headers = HTTPHeaders()
        for field in response.headers { headers.add(name: field.name.rawName, value: field.value) }
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        headers.replaceOrAdd(name: "connection", value: "close")
        let status = HTTPResponseStatus(statusCode: response.status.code)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
    }
}
