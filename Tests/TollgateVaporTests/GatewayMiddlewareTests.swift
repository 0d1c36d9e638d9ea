import Foundation
import Testing
import TollgateGateway
import TollgateOpenAPI
import TollgateVapor
import Vapor
import VaporTesting
import _TollgateTestSupport

/// The middleware in a Vapor application: the API's routes go through the gateway, other routes to Vapor.
@Suite struct GatewayMiddlewareTests {
    static let root = Support.root

    static func configure(_ app: Application) async throws {
        let api = try OpenAPILoader.load(contentsOf: root.appendingPathComponent("Fixtures/apis/orders-validation.json").path)
        app.middleware.use(GatewayMiddleware(try Gateway(api)))
        app.get("health") { _ in "ok" }
    }

    @Test func apiRoutesGoThroughTheGateway() async throws {
        let valid = ByteBuffer(
            bytes: FileManager.default.contents(atPath: Self.root.appendingPathComponent("Fixtures/payloads/orders-valid.json").path)!
        )
        try await withApp(configure: Self.configure) { app in
            try await app.testing().test(.POST, "orders", headers: ["Content-Type": "application/json"], body: valid) { response in
                #expect(response.status == .ok)
                #expect(response.body.string == #"{"message" : "Orders successfully created"}"#)
                #expect(response.headers.first(name: "Content-Type") == "application/json")
            }
            try await app.testing().test(.GET, "orders") { response in
                #expect(response.status == .badRequest)
                #expect(response.body.string == #"{"message":"Missing required request parameters: [Account-Id]"}"#)
                #expect(response.headers.first(name: "x-amzn-ErrorType") == "BadRequestException")
            }
            try await app.testing().test(.GET, "orders?type=STOCK", headers: ["Account-Id": "a1"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// A body over 10 MB is 413 (and only that: other read errors are 400).
    @Test func aBodyOverTheLimitIs413() async throws {
        let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: Gateway.maxPayloadBytes + 10)
        try await withApp(configure: Self.configure) { app in
            try await app.testing().test(.POST, "orders", headers: ["Content-Type": "application/json"], body: big) { response in
                #expect(response.status.code == 413)
            }
        }
    }

    /// The same request as the Hummingbird adapter's test (`theGatewayReadsTheRequestAsSent`), the same
    /// answer: both adapters hand the gateway the path and query as sent.
    @Test func theGatewayReadsTheRequestAsSent() async throws {
        let api = try OpenAPILoader.load(contentsOf: Self.root.appendingPathComponent("Fixtures/apis/request-echo.json").path)
        let configure: @Sendable (Application) async throws -> Void = { app in app.middleware.use(GatewayMiddleware(try Gateway(api))) }
        try await withApp(configure: configure) { app in
            try await app.testing().test(
                .GET,
                "/echo/a%20b?x=1+2&y=%2F&z&x=3&k%2B1=%26&a+b=c",
                headers: ["X-Thing": "v", "Accept": "application/json"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.string == "id=a b|x=1 2;y=/;z=;k+1=&;a b=c;|thing=v|ip=127.0.0.1")
            }
        }
    }

    @Test func otherRoutesReachVapor() async throws {
        try await withApp(configure: Self.configure) { app in
            try await app.testing().test(.GET, "health") { response in
                #expect(response.body.string == "ok")
            }
            try await app.testing().test(.GET, "nope") { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
