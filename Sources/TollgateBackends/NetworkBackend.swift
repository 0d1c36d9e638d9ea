public import AsyncHTTPClient
import Foundation
public import HTTPTypes
import NIOCore
import NIOHTTP1
import Synchronization
public import TollgateGateway

/// Backends over the network and on this machine: HTTP integrations call their URI (AsyncHTTPClient);
/// Lambda functions run as local commands (`--function NAME=COMMAND`) or through an AWS Lambda Invoke API
/// endpoint (`sam local start-lambda`, the Lambda Runtime Interface Emulator); other AWS services are
/// called signed, on the endpoints and with the credentials ``aws`` gives.
public struct NetworkBackend: IntegrationBackend {
    /// Function name → shell command that reads the event on stdin and prints the result.
    public var commands: [String: String]
    /// `POST {endpoint}/2015-03-31/functions/{name}/invocations` for functions with no command.
    public var lambdaEndpoint: String?
    /// Endpoints and credentials for AWS service integrations.
    public var aws: AWSServiceAccess
    let client: HTTPClient

    /// The HTTP client defaults to ``NetworkBackend/sharedClient``, AWS access to the environment's.
    public init(
        commands: [String: String] = [:],
        lambdaEndpoint: String? = nil,
        aws: AWSServiceAccess = .fromEnvironment(),
        client: HTTPClient = NetworkBackend.sharedClient
    ) {
        self.commands = commands
        self.lambdaEndpoint = lambdaEndpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.aws = aws
        self.client = client
    }

    /// A process-lifetime client that does not retry a refused connection (so an unreachable backend is an
    /// INTEGRATION_FAILURE at once, not a timeout 29 s later) and gives up connecting after 5 s.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Runs the function's `--function` command, or calls the Lambda Invoke API at the Lambda endpoint.
    public func invokeLambda(_ name: String, payload: [UInt8], timeoutInMillis: Int) async throws(IntegrationError) -> LambdaResult {
        if let command = commands[name] { return try await LocalCommand.run(command, input: payload, timeoutInMillis: timeoutInMillis) }
        guard let lambdaEndpoint else { throw .notConfigured("no command and no Lambda endpoint for function \(name)") }
        let answer = try await send(
            IntegrationHTTPRequest(
                method: "POST",
                uri: "\(lambdaEndpoint)/2015-03-31/functions/\(name)/invocations",
                headers: [.contentType: "application/json"],
                body: payload,
                timeoutInMillis: timeoutInMillis
            )
        )
        // The Invoke API reports a function error with X-Amz-Function-Error; the body is the error object.
        if answer.headers[.amzFunctionError] != nil { return .failure(answer.body) }
        guard (200..<300).contains(answer.status) else { throw .failed("Lambda endpoint answered \(answer.status)") }
        return .success(answer.body)
    }

    /// Sends the request with AsyncHTTPClient, within its timeout.
    public func send(_ request: IntegrationHTTPRequest) async throws(IntegrationError) -> IntegrationHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.uri)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name.rawName, value: field.value) }
        if !request.body.isEmpty { outgoing.body = .bytes(request.body) }
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(Int64(request.timeoutInMillis)))
            var headers = HTTPFields()
            for (name, value) in response.headers {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
            let body = try await response.body.collect(upTo: Gateway.maxPayloadBytes)
            return IntegrationHTTPResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timeout
        } catch {
            throw .failed("\(error)")
        }
    }
}

/// A Lambda function as a local program: the event on stdin, the result on stdout; a non-zero exit makes
/// the output the Lambda error object. Past the timeout the answer is a timeout at once (the program is
/// sent SIGTERM; what it started may run on).
public enum LocalCommand {
    /// Runs `command` with `input` on its standard input: its output is the result, a non-zero exit a function error; stopped after `timeoutInMillis`.
    public static func run(_ command: String, input: [UInt8], timeoutInMillis: Int) async throws(IntegrationError) -> LambdaResult {
        ignoreSIGPIPE
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        do {
            try process.run()
        } catch {
            throw .failed("cannot run \(command): \(error)")
        }
        let outcome: Result<LambdaResult, IntegrationError> = await withCheckedContinuation { continuation in
            let once = Once(continuation)
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(timeoutInMillis)) {
                if once.resume(.failure(.timeout)), process.isRunning { process.terminate() }
            }
            Thread {
                // A command may exit without reading all of its input: the failed write is its business,
                // not a crash (`write(_:)` traps on the error, and SIGPIPE would end the process).
                try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
                try? stdin.fileHandleForWriting.close()
            }.start()
            Thread {
                // Read up to Lambda's synchronous response limit; past it the function is stopped and the
                // answer is Lambda's error for it.
                var output: [UInt8] = []
                let reader = stdout.fileHandleForReading
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    output += chunk
                    if output.count > responseLimitBytes {
                        if process.isRunning { process.terminate() }
                        // What the command started gets EPIPE instead of blocking on a full pipe.
                        try? reader.close()
                        _ = once.resume(.success(.failure(responseTooLarge)))
                        return
                    }
                }
                process.waitUntilExit()
                let status = process.terminationStatus
                _ = once.resume(.success(status == 0 ? .success(output) : .failure(errorObject(output, status: status))))
            }.start()
        }
        return try outcome.get()
    }

    /// Lambda's limit on a synchronous invocation's response, 6 MB as the Lambda quotas page writes it:
    /// 6,291,556 bytes, as the error it answers past it says.
    public static let responseLimitBytes = 6_291_556

    /// The error object Lambda answers (with status 200 and a function error) for a larger response.
    static let responseTooLarge = Array(
        #"{"errorType": "Function.ResponseSizeTooLarge", "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes)."}"#
            .utf8
    )

    /// What a failed command answers: its output when that is a Lambda error object (`{"errorMessage": …}`),
    /// else the error Lambda gives for a runtime that exits without one (a missing program too), so the
    /// integration sees an error and not an empty success: `{"errorType": "Runtime.ExitError",
    /// "errorMessage": "RequestId: … Error: Runtime exited with error: exit status N"}` (the Lambda
    /// developer guide's "Troubleshoot invocation issues").
    static func errorObject(_ output: [UInt8], status: Int32) -> [UInt8] {
        if let object = try? JSONSerialization.jsonObject(with: Data(output)) as? [String: Any], object["errorMessage"] != nil { return output }
        let message = "RequestId: \(UUID().uuidString.lowercased()) Error: Runtime exited with error: exit status \(status)"
        return Array(#"{"errorType": "Runtime.ExitError", "errorMessage": "\#(message)"}"#.utf8)
    }

    /// Writing to a command that has exited raises SIGPIPE, whose default action ends the whole
    /// process; ignored once, so that the write fails with EPIPE instead.
    static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Resumes a continuation the first time only.
    final class Once: Sendable {
        private let continuation: Mutex<CheckedContinuation<Result<LambdaResult, IntegrationError>, Never>?>

        init(_ continuation: CheckedContinuation<Result<LambdaResult, IntegrationError>, Never>) {
            self.continuation = Mutex(continuation)
        }

        /// True when this call resumed it.
        func resume(_ value: Result<LambdaResult, IntegrationError>) -> Bool {
            let pending = continuation.withLock { continuation in
                defer { continuation = nil }
                return continuation
            }
            pending?.resume(returning: value)
            return pending != nil
        }
    }
}
