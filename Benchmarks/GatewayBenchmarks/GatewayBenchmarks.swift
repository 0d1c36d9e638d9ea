import Benchmark
import Foundation
import HTTPTypes
import TollgateAuth
import TollgateBackends
import TollgateGateway
import TollgateOpenAPI
import TollgateRateLimit

// One request through the whole pipeline, in-process: the seed's orders POST (route, body validation
// against CreateOrders, request template, mock, response template) and the GET that fails parameter
// validation (a gateway response). Target from the gateway issue: 200,000 requests a second on one core.
//
//   swift package benchmark --target GatewayBenchmarks

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )
    let gateway = try! Gateway(OpenAPILoader.load(contentsOf: packageRoot.appendingPathComponent("Fixtures/apis/orders-validation.json").path))
    let body = [UInt8](try! Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/payloads/orders-valid.json")))
    let post = GatewayRequest(method: .post, target: "/orders", headers: [.contentType: "application/json"], body: body)
    let get = GatewayRequest(method: .get, target: "/orders")
    let context = InvocationContext(requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", timeEpochMillis: 1_700_000_000_000)

    Benchmark("orders POST (valid, 162 B)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await gateway.handle(post, context: context)) }
    }
    Benchmark("orders GET (missing parameter)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await gateway.handle(get, context: context)) }
    }

    // A large body that fails its model next to one of the same size that passes: the failing one must
    // not cost much more (its messages are not built unless something shows them).
    let largeBody = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(3),
        maxIterations: 20
    )
    let numbers = Array(("[" + Array(repeating: "1", count: 4_700_000).joined(separator: ",") + "]").utf8)
    let order = #"{"account-id":"abcdef123456","type":"STOCK","symbol":"AMZN","shares":100,"details":{"limit":1000}}"#
    let orders = Array(("[" + Array(repeating: order, count: numbers.count / (order.utf8.count + 1)).joined(separator: ",") + "]").utf8)
    let invalidLarge = GatewayRequest(method: .post, target: "/orders", headers: [.contentType: "application/json"], body: numbers)
    let validLarge = GatewayRequest(method: .post, target: "/orders", headers: [.contentType: "application/json"], body: orders)
    Benchmark("orders POST (invalid, 9.4 MB: 4.7M numbers)", configuration: largeBody) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await gateway.handle(invalidLarge, context: context)) }
    }
    Benchmark("orders POST (valid, 9.4 MB: 95k orders)", configuration: largeBody) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await gateway.handle(validLarge, context: context)) }
    }

    // An HTTP integration with the other common parts: path, query and header mappings (one from the
    // body by JSONPath), a request template reading `$input.params()` and `$context`, a response
    // header mapped from the backend's body, and a response template. The backend is a closure.
    let mapped = try! Gateway(
        OpenAPILoader.load(mappedDefinition),
        backend: ClosureBackend { _ in IntegrationHTTPResponse(status: 200, body: Array(#"{"id": "7", "status": {"code": "ok"}}"#.utf8)) }
    )
    let item = GatewayRequest(
        method: .post,
        target: "/items/7?verbose=true",
        headers: [.contentType: "application/json", .accept: "application/json", HTTPField.Name("X-Trace")!: "abc"],
        body: Array(#"{"name": "widget", "owner": {"id": "u1"}}"#.utf8)
    )
    Benchmark("items POST (HTTP integration, mappings)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await mapped.handle(item, context: context)) }
    }

    // An AWS service integration (the DynamoDB fixture's PutItem: request template, the JSON protocol's
    // target, a response template), its backend a closure that answers at once, and one that first
    // builds and signs the request as NetworkBackend sends it (endpoint URL, Host, SigV4): the
    // difference is what building and signing a service request costs, network aside.
    let comments = try! OpenAPILoader.load(contentsOf: packageRoot.appendingPathComponent("Fixtures/apis/aws-dynamodb.yaml").path)
    let table = Stage(name: "prod", variables: [("table", "Comments")])
    let answered = IntegrationHTTPResponse(status: 200, body: Array("{}".utf8))
    let unsigned = try! Gateway(comments, stage: table, backend: ClosureBackend(aws: { _ in answered }))
    let network = NetworkBackend(
        aws: AWSServiceAccess(
            credentials: .success(IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            endpoints: ["": "http://127.0.0.1:4566"]
        )
    )
    let signing = try! Gateway(
        comments,
        stage: table,
        backend: ClosureBackend(aws: { (request) throws(IntegrationError) in
            blackHole(try network.signedRequest(request, nowMillis: 1_700_000_000_000))
            return answered
        })
    )
    let comment = GatewayRequest(
        method: .post,
        target: "/comments",
        headers: [.contentType: "application/json"],
        body: Array(#"{"pageId": "home", "userName": "zoë", "message": "Hello, "world""}"#.utf8)
    )
    Benchmark("comments POST (DynamoDB PutItem, closure answers)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await unsigned.handle(comment, context: context)) }
    }
    Benchmark("comments POST (DynamoDB PutItem, built and signed)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await signing.handle(comment, context: context)) }
    }

    // The same GET of a mock, open and behind a TOKEN authorizer whose verdict is cached (the first
    // request fills the cache): the difference is what a cached authorizer costs a request (the
    // issue's target: at most 300 ns). The authorizer function is a closure.
    let policy = Array(
        #"{"principalId": "user-7", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:123456789012:tollgate/prod/GET/*"}]}, "context": {"tier": "gold"}}"#
            .utf8
    )
    let guarded = try! Gateway(
        OpenAPILoader.load(authorizedDefinition(secured: true)),
        backend: ClosureBackend(functions: ["auth": { _ in .success(policy) }])
    )
    let open = try! Gateway(OpenAPILoader.load(authorizedDefinition(secured: false)))
    let pet = GatewayRequest(method: .get, target: "/pets/7", headers: [.authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl"])
    // The limits a usage-plan key meets (its plan's bucket and quota, then the stage's method bucket), all
    // through the gateway's in-memory RateLimitStore, beside the same request with a key of no plan: the
    // difference is what rate limiting costs a request.
    let keyed = try! OpenAPILoader.load(contentsOf: packageRoot.appendingPathComponent("Fixtures/apis/pets-keys.json").path)
    let limited = try! Gateway(
        keyed,
        stage: Stage(
            methodThrottle: ["/pets/POST": ThrottleSettings(rateLimit: 1e9, burstLimit: 1_000_000_000)],
            apiKeys: ["free-key": "key-free"],
            usagePlans: [
                UsagePlan(
                    name: "Gold",
                    apiKeys: ["gold-key": "key-gold"],
                    throttle: ThrottleSettings(rateLimit: 1e9, burstLimit: 1_000_000_000),
                    quota: QuotaPolicy(limit: 1 << 60, period: .month)
                )
            ]
        )
    )
    let unmetered = try! Gateway(keyed, stage: Stage(apiKeys: ["free-key": "key-free"]))
    let goldPost = GatewayRequest(method: .post, target: "/pets", headers: [HTTPField.Name("x-api-key")!: "gold-key"])
    let freePost = GatewayRequest(method: .post, target: "/pets", headers: [HTTPField.Name("x-api-key")!: "free-key"])
    Benchmark("pets POST (usage-plan key: bucket, quota, stage bucket)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await limited.handle(goldPost, context: context)) }
    }
    Benchmark("pets POST (key of no plan, no limits)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await unmetered.handle(freePost, context: context)) }
    }
    Benchmark("pets GET (open)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await open.handle(pet, context: context)) }
    }
    // Loading must be fast enough to reload on every save: a generated definition of 500 resources and
    // 1,000 methods (each with a request template, a model, a selection pattern and a response template),
    // read from its text and compiled. Target: under 1 s.
    let large = largeDefinition(resources: 500)
    Benchmark(
        "load 500 resources, 1000 methods (\(large.utf8.count / 1024) KiB)",
        configuration: Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(10), maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Gateway(OpenAPILoader.load(large))) }
    }
    Benchmark("pets GET (cached TOKEN authorizer)", configuration: configuration) { benchmark in
        _ = await guarded.handle(pet, context: context)
        for _ in benchmark.scaledIterations { blackHole(await guarded.handle(pet, context: context)) }
    }
}

/// A Swagger export of `resources` resources, each with a validated POST (model, template, two
/// integration responses) and a GET, as a team's large API looks.
func largeDefinition(resources: Int) -> String {
    var paths: [String] = []
    for i in 0..<resources {
        paths.append(
            """
            "/items\(i)/{id}": {
              "post": {"parameters": [{"in": "body", "name": "B", "schema": {"$ref": "#/definitions/Item"}}], "x-amazon-apigateway-request-validator": "all",
                "responses": {"200": {"description": "ok"}, "400": {"description": "bad"}},
                "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST", "uri": "arn:aws:lambda:us-east-1:123456789012:function:fn\(i)",
                  "requestTemplates": {"application/json": "{\\"id\\": \\"$input.params('id')\\", \\"body\\": $input.json('$')}"},
                  "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "#set($r = $input.path('$'))$r.id"}},
                    ".*Invalid.*": {"statusCode": "400"}}}},
              "get": {"responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://backend.example/items/{id}",
                  "requestParameters": {"integration.request.path.id": "method.request.path.id"}, "responses": {"default": {"statusCode": "200"}}}}
            }
            """
        )
    }
    return """
        {"swagger": "2.0", "info": {"title": "large"},
         "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": true, "validateRequestParameters": true}},
         "definitions": {"Item": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "maxLength": 64}, "price": {"type": "number", "minimum": 0}}}},
         "paths": {\(paths.joined(separator: ","))}}
        """
}

func authorizedDefinition(secured: Bool) -> String {
    """
    {"swagger": "2.0", "info": {"title": "pets"},
     "securityDefinitions": {"TokenAuth": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
       "x-amazon-apigateway-authorizer": {"type": "token", "authorizerResultTtlInSeconds": 300,
         "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"}}},
     "paths": {"/pets/{id}": {"get": {"security": \(secured ? #"[{"TokenAuth": []}]"# : "[]"), "responses": {"200": {"description": "ok"}},
       "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
         "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": "{\\"id\\": \\"$input.params('id')\\"}"}}}}}}}}
    """
}

let mappedDefinition = #"""
    {"swagger": "2.0", "info": {"title": "items"}, "paths": {"/items/{id}": {"post": {
      "responses": {"200": {"description": "ok", "headers": {"X-Status": {"type": "string"}}}},
      "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "PUT", "uri": "https://backend.example/items/{id}",
        "requestParameters": {"integration.request.path.id": "method.request.path.id",
          "integration.request.querystring.verbose": "method.request.querystring.verbose",
          "integration.request.header.X-Trace": "method.request.header.X-Trace",
          "integration.request.header.X-Owner": "method.request.body.owner.id"},
        "requestTemplates": {"application/json":
          "{\"name\": $input.json('$.name'), \"id\": \"$input.params('id')\", \"trace\": \"$input.params('X-Trace')\", \"requestId\": \"$context.requestId\"}"},
        "responses": {"default": {"statusCode": "200",
          "responseParameters": {"method.response.header.X-Status": "integration.response.body.status.code"},
          "responseTemplates": {"application/json": "{\"item\": $input.json('$.id'), \"ok\": true}"}}}}}}}}
    """#
