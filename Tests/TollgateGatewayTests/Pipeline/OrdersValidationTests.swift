import Foundation
import HTTPTypes
import Testing
import TollgateGateway
import TollgateJSON
import _TollgateTestSupport

/// The seed's request-validation API behaves as the seed's blog post says (Fixtures/apis/orders-validation.json).
@Suite struct OrdersValidationTests {
    let gateway: Gateway

    init() throws {
        gateway = try Support.gateway("apis/orders-validation.json")
    }

    @Test func validPostIsCreated() async throws {
        let response = await Support.send(
            gateway,
            .post,
            "/orders",
            headers: [("Content-Type", "application/json")],
            body: try Support.text("payloads/orders-valid.json")
        )
        #expect(response.status.code == 200)
        #expect(response.text == #"{"message" : "Orders successfully created"}"#)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("x-amzn-RequestId") == "req-1")
    }

    @Test func invalidPostIsABadRequestBody() async throws {
        let result = await gateway.handle(
            GatewayRequest(
                method: .post,
                target: "/orders",
                headers: [.contentType: "application/json"],
                body: Array(try Support.text("payloads/orders-invalid.json").utf8)
            ),
            context: Support.context,
            log: true
        )
        #expect(result.response.status.code == 400)
        #expect(result.response.text == #"{"message":"Invalid request body"}"#)
        #expect(result.response.header("x-amzn-ErrorType") == "BadRequestException")
        // The three errors of the seed's example, in fge's words, in the execution log.
        let line = try #require(result.log.first { $0.contains("Request body does not match model schema") })
        #expect(
            line.hasSuffix(
                #"Request body does not match model schema for content type application/json: [numeric instance is greater than the required maximum (maximum: 1000, found: 999999), string "thisstringistoolong" is too long (length: 19, maximum allowed: 4), instance value ("foobar") not found in enum (possible values: ["STOCK","BOND","CASH"])]"#
            )
        )
    }

    /// A 9.4 MB array of 4.7 million numbers (each element fails `Order`): the answer needs no message,
    /// so none is built (they cost seconds and gigabytes); a gateway response that shows them, or the
    /// execution log, still gets fge's.
    @Test func aLargeInvalidBodyCostsItsVerdictOnly() async throws {
        let numbers = "[" + Array(repeating: "1", count: 4_700_000).joined(separator: ",") + "]"
        let response = await Support.send(gateway, .post, "/orders", headers: [("Content-Type", "application/json")], body: numbers)
        #expect(response.status.code == 400)
        #expect(response.text == #"{"message":"Invalid request body"}"#)
        guard case .object(var definition) = try JSONValue(parsing: Array(try Support.text("apis/orders-validation.json").utf8)) else { return }
        definition["x-amazon-apigateway-gateway-responses"] = [
            "BAD_REQUEST_BODY": ["responseTemplates": ["application/json": #"{"errors": "$context.error.validationErrorString"}"#]]
        ]
        let showing = try Support.gateway(definition: JSONValue.object(definition).serialized())
        let shown = await Support.send(
            showing,
            .post,
            "/orders",
            body: #"[{"account-id": "abcdef123456", "type": "STOCK", "symbol": "AMZN", "shares": 1, "details": {"limit": 1000}}, 7]"#
        )
        #expect(
            shown.text
                == #"{"errors": "[instance type (integer) does not match any allowed primitive type (allowed: ["object"])]"}"#
        )
    }

    @Test func emptyAndMalformedBodiesAreInvalid() async {
        #expect(await Support.send(gateway, .post, "/orders", body: "").status.code == 400)
        #expect(await Support.send(gateway, .post, "/orders", body: "[{").status.code == 400)
        let result = await gateway.handle(
            GatewayRequest(method: .post, target: "/orders", headers: [.contentType: "application/json"], body: Array("[{}".utf8)),
            context: Support.context,
            log: true
        )
        #expect(result.response.status.code == 400)
        let line = try? #require(result.log.first { $0.contains("Request body does not match model schema") })
        #expect(
            line?.hasSuffix("[Invalid JSON: unexpected end of input: expected ',' or ']' after an array element at line 1, column 4]") == true,
            "\(line ?? "")"
        )
    }

    @Test func getWithoutAccountIdIsMissingAParameter() async {
        let response = await Support.send(gateway, .get, "/orders")
        #expect(response.status.code == 400)
        #expect(response.text == #"{"message":"Missing required request parameters: [Account-Id]"}"#)
        // Present but blank is missing too (docs/behaviour.md §6).
        #expect(await Support.send(gateway, .get, "/orders", headers: [("Account-Id", " ")]).status.code == 400)
    }

    @Test func getWithAccountIdListsTheTwoOrders() async throws {
        let response = await Support.send(gateway, .get, "/orders", headers: [("account-id", "abcdef123456")])
        #expect(response.status.code == 200)
        let orders = try JSONValue(parsing: response.body)
        #expect(orders.arrayValue?.count == 2)
        #expect(orders[0]?["order-id"] == "qrx987")
        #expect(orders[1]?["symbol"] == "BA")
    }

    @Test func unknownPathsAndMethodsAreMissingAuthenticationToken() async {
        for (method, target) in [(HTTPMethod.get, "/nope"), (.delete, "/orders"), (.get, "/orders/1")] {
            let response = await Support.send(gateway, method.http, target)
            #expect(response.status.code == 403)
            #expect(response.text == #"{"message":"Missing Authentication Token"}"#)
            #expect(response.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")
        }
    }

    @Test func neverPassthroughRejectsOtherMediaTypes() async {
        // passthroughBehavior "never" with only an application/json template: 415 for text/plain (docs/behaviour.md §7).
        let response = await Support.send(gateway, .post, "/orders", headers: [("Content-Type", "text/plain")], body: "x")
        #expect(response.status.code == 415)
        #expect(response.text == #"{"message":"Unsupported Media Type"}"#)
    }

    @Test func executionLogShowsEachStep() async throws {
        let result = await gateway.handle(
            GatewayRequest(method: .get, target: "/orders?type=STOCK", headers: [HTTPField.Name("Account-Id")!: "a1"]),
            context: Support.context,
            log: true
        )
        let log = result.log.joined(separator: "\n")
        #expect(log.contains("Starting execution for request: req-1"))
        #expect(log.contains("HTTP Method: GET, Resource Path: /orders"))
        #expect(log.contains("Method request query string: {type=STOCK}"))
        #expect(log.contains("Method completed with status: 200"))
        #expect(result.log.first?.hasPrefix("Wed Mar 20 20:38:30 UTC 2019 : ") == true)
    }
}

/// Spelled-out methods for argument lists.
enum HTTPMethod {
    case get, post, delete
    var http: HTTPTypes.HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .delete: .delete
        }
    }
}
