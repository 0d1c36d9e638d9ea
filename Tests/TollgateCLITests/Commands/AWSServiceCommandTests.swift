import Foundation
import Testing
import _TollgateTestSupport

/// The five AWS service fixtures as a user runs them against moto: `tollgate serve` with
/// `AWS_ENDPOINT_URL` and credentials in the environment, `tollgate invoke` with `--aws-endpoint`;
/// what each request stored is read back through moto. Without credentials: a 500 and the reason.
@Suite(.serialized) struct AWSServiceCommandTests {
    typealias Server = ServeCommandTests.Server

    static func moto() async throws -> MotoServer { try await MotoServer.shared }
    static let credentials = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": ""]
    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func send(_ port: Int, _ method: String, _ path: String, body: String = "", headers: [String] = []) async -> (status: Int, body: String) {
        let (head, bytes) = ServeCommandTests.request(method, path, headers: ["Content-Type: application/json"] + headers, body: body)
        return await ServeCommandTests.exchange(port: port, head, body: bytes)
    }

    @Test func dynamoDBUnderServeAndInvoke() async throws {
        let moto = try await Self.moto()
        let table = Self.unique("Comments")
        try moto.createCommentsTable(table)
        let server = try await Server.start(
            ["Fixtures/apis/aws-dynamodb.yaml", "--stage-variable", "table=\(table)"],
            environment: Self.credentials.merging(["AWS_ENDPOINT_URL": moto.endpoint]) { $1 }
        )
        defer { server.kill() }
        #expect(server.port > 0, "the server did not start: \(server.lines)")
        let put = await Self.send(server.port, "POST", "/comments", body: #"{"pageId": "home", "userName": "zoë", "message": "first"}"#)
        #expect(put.status == 200, "\(put.body)")
        let stored = try moto.call("dynamodb", "scan", ["TableName": table])
        let items = try #require(stored["Items"] as? [[String: [String: String]]])
        #expect(items.map { $0["userName"]?["S"] } == ["zoë"])
        let invoked = try await CLI.run(
            [
                "invoke", "Fixtures/apis/aws-dynamodb.yaml", "GET", "/comments/home", "--stage-variable", "table=\(table)", "--aws-endpoint",
                moto.endpoint, "--log",
            ],
            environment: Self.credentials
        )
        #expect(invoked.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(invoked.stdout)\(invoked.stderr)")
        #expect(invoked.stdout.contains(#""userName": "zoë", "message": "first""#))
        #expect(invoked.stderr.contains("Endpoint request URI: https://dynamodb.us-east-1.amazonaws.com/?Action=Query"))
        #expect(invoked.stderr.contains("X-Amz-Target=DynamoDB_20120810.Query"))
    }

    @Test func sqsAndSNSUnderServeAndInvoke() async throws {
        let moto = try await Self.moto()
        let name = Self.unique("orders")
        let queue = try #require(try moto.call("sqs", "create_queue", ["QueueName": name])["QueueUrl"] as? String)
        let topic = try #require(try moto.call("sns", "create_topic", ["Name": Self.unique("alerts")])["TopicArn"] as? String)
        _ = try moto.call("sns", "subscribe", ["TopicArn": topic, "Protocol": "sqs", "Endpoint": "arn:aws:sqs:us-east-1:123456789012:\(name)"])
        let environment = Self.credentials.merging(["AWS_ENDPOINT_URL_SQS": moto.endpoint, "AWS_ENDPOINT_URL_SNS": moto.endpoint]) { $1 }
        let sqs = try await Server.start(
            ["Fixtures/apis/aws-sqs.yaml", "--stage-variable", "queue=\(name)", "--stage-variable", "queueUrl=\(queue)"],
            environment: environment
        )
        defer { sqs.kill() }
        let sns = try await Server.start(["Fixtures/apis/aws-sns.yaml", "--stage-variable", "topic=\(topic)"], environment: environment)
        defer { sns.kill() }
        #expect(sqs.port > 0 && sns.port > 0, "\(sqs.lines) \(sns.lines)")
        #expect(await Self.send(sqs.port, "POST", "/orders", body: #"{"sku": 1}"#).status == 200)
        #expect(await Self.send(sns.port, "POST", "/alerts", body: "published", headers: ["X-Subject: s"]).status == 200)
        let invokedSQS = try await CLI.run(
            ["invoke", "Fixtures/apis/aws-sqs.yaml", "POST", "/orders/by-action", "--stage-variable", "queueUrl=\(queue)", "--data", "by invoke"],
            environment: environment
        )
        #expect(invokedSQS.stdout.contains("<SendMessageResponse"), "\(invokedSQS.stdout)\(invokedSQS.stderr)")
        let invokedSNS = try await CLI.run(
            ["invoke", "Fixtures/apis/aws-sns.yaml", "POST", "/alerts", "--stage-variable", "topic=\(topic)", "--data", "also published"],
            environment: environment
        )
        #expect(invokedSNS.stdout.hasSuffix(#"{"published": true}"#), "\(invokedSNS.stdout)\(invokedSNS.stderr)")
        let received = try moto.call("sqs", "receive_message", ["QueueUrl": queue, "MaxNumberOfMessages": 10])
        let bodies = (received["Messages"] as? [[String: Any]] ?? []).compactMap { $0["Body"] as? String }
        #expect(bodies.contains(#"{"sku": 1}"#))
        #expect(bodies.contains("by invoke"))
        #expect(bodies.contains { $0.contains(#""Message": "published""#) })
        #expect(bodies.contains { $0.contains(#""Message": "also published""#) })
    }

    @Test func stepFunctionsAndS3UnderInvokeAndServe() async throws {
        let moto = try await Self.moto()
        let machine = Self.unique("Promotion")
        try moto.createStateMachine(machine)
        let started = try await CLI.run(
            [
                "invoke", "Fixtures/apis/aws-stepfunctions.yaml", "POST", "/executions", "--stage-variable", "machine=\(machine)", "--aws-endpoint",
                "states=\(moto.endpoint)", "--data", #"{"employeeName": "Ann"}"#,
            ],
            environment: Self.credentials
        )
        #expect(started.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(started.stdout)\(started.stderr)")
        let executions = try moto.call(
            "stepfunctions",
            "list_executions",
            ["stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:\(machine)"]
        )
        #expect((executions["executions"] as? [Any])?.count == 1)
        let bucket = Self.unique("files")
        _ = try moto.call("s3", "create_bucket", ["Bucket": bucket])
        let put = try await CLI.run(
            [
                "invoke", "Fixtures/apis/aws-s3.yaml", "PUT", "/\(bucket)/report.csv", "--aws-endpoint", moto.endpoint, "-H",
                "Content-Type: text/csv", "--data", "a,b\n1,2",
            ],
            environment: Self.credentials
        )
        #expect(put.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(put.stdout)\(put.stderr)")
        let object = try moto.call("s3", "get_object", ["Bucket": bucket, "Key": "report.csv"])
        #expect(object["Body"] as? String == "a,b\n1,2")
        #expect(object["ContentType"] as? String == "text/csv")

        let environment = Self.credentials.merging(["AWS_ENDPOINT_URL": moto.endpoint]) { $1 }
        let states = try await Server.start(
            ["Fixtures/apis/aws-stepfunctions.yaml", "--stage-variable", "machine=\(machine)"],
            environment: environment
        )
        defer { states.kill() }
        let s3 = try await Server.start(["Fixtures/apis/aws-s3.yaml"], environment: environment)
        defer { s3.kill() }
        #expect(states.port > 0 && s3.port > 0, "\(states.lines) \(s3.lines)")
        #expect(await Self.send(states.port, "POST", "/executions", body: #"{"employeeName": "Bo"}"#).status == 200)
        let after = try moto.call(
            "stepfunctions",
            "list_executions",
            ["stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:\(machine)"]
        )
        #expect((after["executions"] as? [Any])?.count == 2)
        #expect(await Self.send(s3.port, "PUT", "/\(bucket)/served.txt", body: "served", headers: []).status == 200)
        #expect(await Self.send(s3.port, "GET", "/\(bucket)/report.csv") == (200, "a,b\n1,2"))
        #expect(try moto.call("s3", "get_object", ["Bucket": bucket, "Key": "served.txt"])["Body"] as? String == "served")
    }

    @Test func withoutCredentialsTheLogSaysWhy() async throws {
        let result = try await CLI.run(
            ["invoke", "Fixtures/apis/aws-stepfunctions.yaml", "POST", "/executions", "--aws-endpoint", "http://127.0.0.1:1", "--log"],
            environment: [
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "tollgate-none", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                "AWS_CONFIG_FILE": "/nonexistent",
            ]
        )
        #expect(result.stdout.hasPrefix("HTTP/1.1 500 Internal Server Error"), "\(result.stdout)")
        #expect(result.stderr.contains("Execution failed due to configuration error: no AWS credentials"))
        // Said when the definition loads, too.
        #expect(
            result.stderr.contains("warning: GET /fail, GET /succeed, POST /executions call AWS services and answer 500 until there are credentials")
        )
    }
}
