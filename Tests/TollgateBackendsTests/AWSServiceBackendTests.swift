import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TollgateAuth
import TollgateBackends
import TollgateGateway
import TollgateJSON
import TollgateOpenAPI
import _TollgateTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// AWS service integrations through ``NetworkBackend``: the five fixtures against moto's server (a
/// real AWS-compatible endpoint on loopback), each checked by reading back through moto what the
/// service stored; the signature checked by a server that verifies it; the credentials and endpoint
/// chain; and the failures (no credentials, an endpoint that does not answer, one that refuses).
@Suite struct AWSServiceBackendTests {
    static func moto() async throws -> MotoServer { try await MotoServer.shared }

    /// A gateway over a fixture that calls moto, with `variables` as stage variables.
    static func gateway(_ fixture: String, _ variables: [(String, String)] = []) async throws -> Gateway {
        let endpoint = try await moto().endpoint
        let access = AWSServiceAccess(
            credentials: .success(IAMCredential(accessKeyId: "testing", secretAccessKey: "testing")),
            endpoints: ["": endpoint]
        )
        let path = Support.root
            .appendingPathComponent("Fixtures/apis/\(fixture)").path
        return try Gateway(
            OpenAPILoader.load(contentsOf: path),
            stage: Stage(name: "prod", variables: variables),
            backend: NetworkBackend(aws: access)
        )
    }

    static func send(
        _ gateway: Gateway,
        _ method: HTTPRequest.Method,
        _ target: String,
        body: String = "",
        headers: HTTPFields = [.contentType: "application/json"]
    ) async -> (status: Int, text: String, response: GatewayResponse) {
        let response = await gateway.handle(
            GatewayRequest(method: method, target: target, headers: headers, body: Array(body.utf8)),
            context: InvocationContext(requestId: UUID().uuidString.lowercased(), timeEpochMillis: 0, sourceIP: "198.51.100.9")
        ).response
        return (response.status.code, String(decoding: response.body, as: UTF8.self), response)
    }

    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    @Test func dynamoDBPutQueryAndGet() async throws {
        let moto = try await Self.moto()
        let table = Self.unique("Comments")
        try moto.createCommentsTable(table)
        let gateway = try await Self.gateway("aws-dynamodb.yaml", [("table", table)])
        let put = await Self.send(gateway, .post, "/comments", body: #"{"pageId": "p1", "userName": "zoë", "message": "say \"hi\" 😀"}"#)
        #expect(put.status == 200, "\(put.text)")
        let id = try #require(try JSONValue(parsing: Array(put.text.utf8))["commentId"]?.stringValue)
        // What DynamoDB stored, read back through moto.
        let stored = try moto.call("dynamodb", "get_item", ["TableName": table, "Key": ["pageId": ["S": "p1"], "commentId": ["S": id]]])
        let item = try #require(stored["Item"] as? [String: [String: String]])
        #expect(item["userName"]?["S"] == "zoë")
        #expect(item["message"]?["S"] == "say \"hi\" 😀")
        _ = await Self.send(gateway, .post, "/comments", body: #"{"pageId": "p1", "userName": "ann", "message": "second"}"#)
        let page = await Self.send(gateway, .get, "/comments/p1")
        let comments = try #require(try JSONValue(parsing: Array(page.text.utf8))["comments"]?.arrayValue)
        #expect(Set(comments.compactMap { $0["userName"]?.stringValue }) == ["zoë", "ann"])
        let one = await Self.send(gateway, .get, "/comments/p1/\(id)")
        #expect(one.status == 200)
        #expect(try JSONValue(parsing: Array(one.text.utf8)) == ["userName": "zoë", "message": "say \"hi\" 😀"])
        let missing = await Self.send(gateway, .get, "/comments/p1/nope")
        #expect(missing.status == 404 && missing.text.contains("no such comment"))
        // DynamoDB's 400 goes through the 4\d{2} integration response.
        let wrongTable = try await Self.gateway("aws-dynamodb.yaml", [("table", Self.unique("Missing"))])
        let refused = await Self.send(wrongTable, .post, "/comments", body: #"{"pageId": "p"}"#)
        #expect(refused.status == 400)
        #expect(refused.text.contains(#""error": "ResourceNotFoundException""#))
    }

    @Test func sqsSendMessageByPathAndByAction() async throws {
        let moto = try await Self.moto()
        let name = Self.unique("orders")
        let url = try #require(try moto.call("sqs", "create_queue", ["QueueName": name])["QueueUrl"] as? String)
        let gateway = try await Self.gateway("aws-sqs.yaml", [("queue", name), ("queueUrl", url)])
        let byPath = await Self.send(gateway, .post, "/orders", body: #"{"sku": "é & = +"}"#)
        #expect(byPath.status == 200 && byPath.text.contains(#""queued": true"#), "\(byPath.text)")
        let byAction = await Self.send(gateway, .post, "/orders/by-action", body: "second ü")
        #expect(byAction.status == 200 && byAction.text.contains("<SendMessageResponse"), "\(byAction.text)")
        let received = try moto.call(
            "sqs",
            "receive_message",
            ["QueueUrl": url, "MaxNumberOfMessages": 10, "MessageAttributeNames": ["All"]]
        )
        let messages = try #require(received["Messages"] as? [[String: Any]])
        #expect(Set(messages.compactMap { $0["Body"] as? String }) == [#"{"sku": "é & = +"}"#, "second ü"])
        let attributes = messages.first { ($0["Body"] as? String)?.hasPrefix("{") == true }?["MessageAttributes"] as? [String: [String: String]]
        #expect(attributes?["source"]?["StringValue"] == "198.51.100.9")
    }

    @Test func snsPublishReachesASubscribedQueue() async throws {
        let moto = try await Self.moto()
        let topic = try #require(try moto.call("sns", "create_topic", ["Name": Self.unique("alerts")])["TopicArn"] as? String)
        let queue = try #require(try moto.call("sqs", "create_queue", ["QueueName": Self.unique("inbox")])["QueueUrl"] as? String)
        let queueArn = "arn:aws:sqs:us-east-1:123456789012:" + (queue.split(separator: "/").last.map(String.init) ?? "")
        _ = try moto.call("sns", "subscribe", ["TopicArn": topic, "Protocol": "sqs", "Endpoint": queueArn])
        let gateway = try await Self.gateway("aws-sns.yaml", [("topic", topic)])
        let published = await Self.send(
            gateway,
            .post,
            "/alerts",
            body: "disk full ü",
            headers: [.contentType: "text/plain", HTTPField.Name("X-Subject")!: "alert"]
        )
        #expect(published.status == 200 && published.text == #"{"published": true}"#, "\(published.text)")
        let received = try moto.call("sqs", "receive_message", ["QueueUrl": queue])
        let body = try #require((received["Messages"] as? [[String: Any]])?.first?["Body"] as? String)
        let envelope = try JSONValue(parsing: Array(body.utf8))
        #expect(envelope["Message"] == "disk full ü")
        #expect(envelope["Subject"] == "alert")
        #expect(envelope["TopicArn"]?.stringValue == topic)
        let unknown = try await Self.gateway("aws-sns.yaml", [("topic", topic + "-missing")])
        #expect(await Self.send(unknown, .post, "/alerts", body: "x", headers: [.contentType: "text/plain"]).status == 400)
    }

    @Test func stepFunctionsStartExecution() async throws {
        let moto = try await Self.moto()
        let name = Self.unique("Promotion")
        try moto.createStateMachine(name)
        let gateway = try await Self.gateway("aws-stepfunctions.yaml", [("machine", name)])
        let started = await Self.send(gateway, .post, "/executions", body: #"{"employeeName": "Zoë", "managerEmailAddress": "m@example.com"}"#)
        #expect(started.status == 200, "\(started.text)")
        let arn = try #require(try JSONValue(parsing: Array(started.text.utf8))["executionArn"]?.stringValue)
        #expect(arn.hasPrefix("arn:aws:states:us-east-1:123456789012:execution:\(name):"))
        let execution = try moto.call("stepfunctions", "describe_execution", ["executionArn": arn])
        let input = try JSONValue(parsing: Array(try #require(execution["input"] as? String).utf8))
        #expect(input == ["employeeName": "Zoë", "managerEmailAddress": "m@example.com"])
        let missing = try await Self.gateway("aws-stepfunctions.yaml", [("machine", Self.unique("Missing"))])
        let refused = await Self.send(missing, .post, "/executions", body: "{}")
        #expect(refused.status == 400 && refused.text.contains("StateMachineDoesNotExist"), "\(refused.text)")
    }

    @Test func s3PutGetAndList() async throws {
        let moto = try await Self.moto()
        let bucket = Self.unique("tollgate")
        _ = try moto.call("s3", "create_bucket", ["Bucket": bucket])
        let gateway = try await Self.gateway("aws-s3.yaml")
        let put = await Self.send(gateway, .put, "/\(bucket)/notes%2Fa%20b.txt", body: "héllo", headers: [.contentType: "text/plain"])
        #expect(put.status == 200, "\(put.text)")
        let stored = try moto.call("s3", "get_object", ["Bucket": bucket, "Key": "notes/a b.txt"])
        #expect(stored["Body"] as? String == "héllo")
        #expect(stored["ContentType"] as? String == "text/plain")
        let got = await Self.send(gateway, .get, "/\(bucket)/notes%2Fa%20b.txt")
        #expect(got.status == 200 && got.text == "héllo")
        #expect(got.response.headers[.contentType] == "text/plain")
        let listed = await Self.send(gateway, .get, "/\(bucket)")
        #expect(listed.text.contains("<Key>notes/a b.txt</Key>"))
        #expect(await Self.send(gateway, .get, "/").text.contains("<Name>\(bucket)</Name>"))
        let missing = await Self.send(gateway, .get, "/\(bucket)/missing")
        #expect(missing.status == 404 && missing.text == #"{"message": "no such object"}"#)
    }

    @Test func kinesisPutRecordAndListStreams() async throws {
        let moto = try await Self.moto()
        let stream = Self.unique("events")
        _ = try moto.call("kinesis", "create_stream", ["StreamName": stream, "ShardCount": 1])
        let gateway = try await Self.gateway("aws-kinesis.yaml")
        let put = await Self.send(
            gateway,
            .post,
            "/streams/\(stream)/record",
            body: #"{"Data": {"temp": 21.5, "unit": "°C"}, "PartitionKey": "sensor-1"}"#
        )
        #expect(put.status == 200 && put.text.contains("SequenceNumber"), "\(put.text)")
        let listed = await Self.send(gateway, .get, "/streams")
        #expect(listed.text.contains(stream))
        let shards = try moto.call("kinesis", "list_shards", ["StreamName": stream])
        let shard = try #require((shards["Shards"] as? [[String: Any]])?.first?["ShardId"] as? String)
        let iterator = try moto.call("kinesis", "get_shard_iterator", ["StreamName": stream, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"])
        let records = try moto.call("kinesis", "get_records", ["ShardIterator": try #require(iterator["ShardIterator"] as? String)])
        let record = try #require((records["Records"] as? [[String: Any]])?.first)
        #expect(record["PartitionKey"] as? String == "sensor-1")
        // boto3 gives the blob decoded, as the bytes' text.
        #expect(record["Data"] as? String == "b'{\"temp\":21.5,\"unit\":\"\\xc2\\xb0C\"}'")
    }

    /// A server that checks each request's signature as the service would, with the verifier the
    /// gateway uses for AWS_IAM methods (temporary credentials, a region other than us-east-1).
    @Test func requestsAreSignedForTheirServiceAndRegion() async throws {
        let key = IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "session")
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            var query: [(name: String, value: String)] = []
            for pair in (request.uri.query ?? "").split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((String(kv[0]).removingPercentEncoding ?? "", kv.count > 1 ? String(kv[1]).removingPercentEncoding ?? "" : ""))
            }
            let signed = SignedRequest(
                method: "POST",
                path: request.uri.path,
                query: query,
                // HTTPTypes carries Host as the request's authority.
                headers: request.headers.map { ($0.name.rawName, $0.value) } + [("Host", request.head.authority ?? "")],
                body: body
            )
            let verifier = SigV4Verifier(credentials: [key], region: "eu-west-1", service: "dynamodb")
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            switch verifier.verify(signed, nowMillis: now) {
            case .success: return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"verified": true}"#)))
            case .failure(let failure): return Response(status: .forbidden, body: ResponseBody(byteBuffer: ByteBuffer(string: failure.message)))
            }
        }
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let definition = """
                {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/put": {"post": {
                  "responses": {"200": {"description": "ok"}},
                  "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST",
                    "uri": "arn:aws:apigateway:eu-west-1:dynamodb:action/PutItem",
                    "requestTemplates": {"application/json": "{\\"TableName\\": \\"é t\\"}"},
                    "responses": {"default": {"statusCode": "200"}}}}}}}
                """
            let access = AWSServiceAccess(credentials: .success(key), endpoints: ["DYNAMODB": "http://127.0.0.1:\(port)"])
            let gateway = try Gateway(OpenAPILoader.load(definition), backend: NetworkBackend(aws: access))
            let answer = await Self.send(gateway, .post, "/put", body: "{}")
            #expect(answer.text == #"{"verified": true}"#)
        }
    }

    @Test func noCredentialsIsAConfigurationErrorAtRequestTime() async throws {
        let access = AWSServiceAccess.fromEnvironment(["HOME": "/nonexistent", "AWS_ENDPOINT_URL": "http://127.0.0.1:1"])
        let path = Support.root
            .appendingPathComponent("Fixtures/apis/aws-stepfunctions.yaml").path
        let gateway = try Gateway(OpenAPILoader.load(contentsOf: path), backend: NetworkBackend(aws: access))
        let result = await gateway.handle(
            GatewayRequest(method: .post, target: "/executions", headers: [.contentType: "application/json"], body: Array("{}".utf8)),
            context: InvocationContext(requestId: "r", timeEpochMillis: 0),
            log: true
        )
        #expect(result.response.status.code == 500)
        #expect(result.log.contains { $0.contains("Execution failed due to configuration error: no AWS credentials: set AWS_ACCESS_KEY_ID") })
    }

    /// An endpoint that accepts the connection and never answers: 504 at the integration's timeout; one
    /// that refuses: 504 INTEGRATION_FAILURE at once; one that is not http(s): 500.
    @Test func silentAndRefusingEndpoints() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(fd, 8)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let silentPort = Int(UInt16(bigEndian: address.sin_port))
        let definition = """
            {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"post": {
              "responses": {"200": {"description": "ok"}},
              "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST", "timeoutInMillis": 300,
                "uri": "arn:aws:apigateway:us-east-1:sqs:action/ListQueues", "responses": {"default": {"statusCode": "200"}}}}}}}
            """
        let key = IAMCredential(accessKeyId: "a", secretAccessKey: "b")
        for (endpoint, status, message) in [
            ("http://127.0.0.1:\(silentPort)", 504, "Endpoint request timed out"), ("http://127.0.0.1:1", 504, "Internal server error"),
            ("ftp://127.0.0.1:21", 500, "Internal server error"),
        ] {
            let access = AWSServiceAccess(credentials: .success(key), endpoints: ["SQS": endpoint])
            let gateway = try Gateway(OpenAPILoader.load(definition), backend: NetworkBackend(aws: access))
            let started = Date()
            let answer = await Self.send(gateway, .post, "/x")
            #expect(answer.status == status)
            #expect(answer.text.contains(message), "\(answer.text)")
            // Not timed: with the whole suite in parallel, other tests block both cooperative threads at
            // times and the answer waits for one (20 s seen). The 504 says the timeout fired.
            _ = started
        }
    }

    @Test func credentialsChain() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentials = directory.appendingPathComponent("credentials").path
        let config = directory.appendingPathComponent("config").path
        try Data(
            """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret
            # a comment
            [work]
            aws_access_key_id=AKIAWORK
            aws_secret_access_key=work-secret
            aws_session_token = work-token
            """.utf8
        ).write(to: URL(fileURLWithPath: credentials))
        try Data("[profile ci]\naws_access_key_id = AKIACI\naws_secret_access_key = ci-secret\n".utf8).write(to: URL(fileURLWithPath: config))
        func key(_ environment: [String: String]) -> IAMCredential? {
            try? AWSServiceAccess.fromEnvironment(
                environment.merging(["AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": config]) { $1 }
            )
            .credentials.get()
        }
        #expect(key([:])?.accessKeyId == "AKIADEFAULT")
        #expect(key(["AWS_PROFILE": "work"]) == IAMCredential(accessKeyId: "AKIAWORK", secretAccessKey: "work-secret", sessionToken: "work-token"))
        #expect(key(["AWS_PROFILE": "ci"])?.secretAccessKey == "ci-secret")
        #expect(key(["AWS_PROFILE": "missing"]) == nil)
        let environment = key([
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "t", "AWS_PROFILE": "work",
        ])
        #expect(environment == IAMCredential(accessKeyId: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "t"))
    }

    @Test func endpointsChain() {
        var access = AWSServiceAccess.fromEnvironment([
            "AWS_ENDPOINT_URL": "http://all:1", "AWS_ENDPOINT_URL_DYNAMODB": "http://ddb:2", "AWS_ENDPOINT_URL_SFN": "http://sfn:3",
        ])
        #expect(access.endpoint(for: "dynamodb") == "http://ddb:2")
        #expect(access.endpoint(for: "states") == "http://sfn:3")
        #expect(access.endpoint(for: "sqs") == "http://all:1")
        access.addEndpoints(["sqs=http://sqs:4", "STATES=http://sfn:5", "http://every:6"])
        #expect(access.endpoint(for: "sqs") == "http://sqs:4")
        #expect(access.endpoint(for: "states") == "http://sfn:5")
        #expect(access.endpoint(for: "s3") == "http://every:6")
        let ignored = AWSServiceAccess.fromEnvironment(["AWS_ENDPOINT_URL": "http://all:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
        #expect(ignored.endpoint(for: "s3") == nil)
    }
}
