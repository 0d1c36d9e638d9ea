import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TollgateGateway
import TollgateHummingbird
import TollgateOpenAPI
import _TollgateTestSupport

enum Fixtures {
    static let root = Support.root

    static func path(_ name: String) -> String { root.appendingPathComponent("Fixtures").appendingPathComponent(name).path }

    static func ordersGateway() throws -> Gateway {
        try Gateway(OpenAPILoader.load(contentsOf: path("apis/orders-validation.json")))
    }

    /// A request target with an encoded path segment, `+` and `%2B`, a name without `=` and a repeated name.
    static let echoTarget = "/echo/a%20b?x=1+2&y=%2F&z&x=3&k%2B1=%26&a+b=c"
    /// What request-echo.json answers to it (the first value of a repeated name).
    static let echoAnswer = "id=a b|x=1 2;y=/;z=;k+1=&;a b=c;|thing=v|ip=127.0.0.1"

    static var validOrder: ByteBuffer { ByteBuffer(bytes: FileManager.default.contents(atPath: path("payloads/orders-valid.json"))!) }
}

/// The middleware in a Hummingbird router: the API's routes go through the gateway, other routes to the router.
@Suite struct GatewayMiddlewareTests {
    func app() throws -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: GatewayMiddleware(try Fixtures.ordersGateway()))
        router.get("/health") { _, _ in "ok" }
        return Application(router: router)
    }

    @Test(arguments: [TestingSetup.router, .live])
    func apiRoutesGoThroughTheGateway(setup: TestingSetup) async throws {
        try await app().test(setup) { client in
            try await client.execute(uri: "/orders", method: .post, headers: [.contentType: "application/json"], body: Fixtures.validOrder) {
                response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"message" : "Orders successfully created"}"#)
                #expect(response.headers[.contentType] == "application/json")
            }
            try await client.execute(uri: "/orders", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == #"{"message":"Missing required request parameters: [Account-Id]"}"#)
                #expect(response.headers[HTTPField.Name("x-amzn-ErrorType")!] == "BadRequestException")
            }
            try await client.execute(uri: "/orders?x=1", method: .get, headers: [HTTPField.Name("Account-Id")!: "a"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// What the gateway reads of a request (Fixtures/apis/request-echo.json answers with it): the path
    /// and query decoded by the gateway (`+` is a space in the query, `%2B` a plus), the headers. The
    /// Vapor adapter's test sends the same request and expects the same answer.
    @Test(arguments: [TestingSetup.router, .live])
    func theGatewayReadsTheRequestAsSent(setup: TestingSetup) async throws {
        let router = Router()
        router.add(middleware: GatewayMiddleware(try Gateway(OpenAPILoader.load(contentsOf: Fixtures.path("apis/request-echo.json")))))
        try await Application(router: router).test(setup) { client in
            try await client.execute(
                uri: Fixtures.echoTarget,
                method: .get,
                headers: [HTTPField.Name("X-Thing")!: "v", .accept: "application/json"]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == Fixtures.echoAnswer)
            }
        }
    }

    @Test func otherRoutesReachTheRouter() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(String(buffer: response.body) == "ok")
            }
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func responderServesEverythingWithAPIGatewaysAnswers() async throws {
        let app = Application(responder: GatewayResponder<BasicRequestContext>(source: GatewaySource(try Fixtures.ordersGateway())))
        try await app.test(.router) { client in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == #"{"message":"Missing Authentication Token"}"#)
            }
        }
    }
}
