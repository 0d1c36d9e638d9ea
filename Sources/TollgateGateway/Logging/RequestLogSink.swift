/// Where a server sends each request's access log entry and execution log, as API Gateway sends them
/// to CloudWatch: the entry the stage's ``Stage/accessLogFormat`` makes, one per request, and the
/// execution log's lines marked with the request id, as CloudWatch shows them
/// (`(8f3c…) Method completed with status: 200`).
///
/// ```swift
/// let logs = RequestLogSink(accessLog: { print($0) }, executionLog: { print($0) })
/// ```
public struct RequestLogSink: Sendable {
    /// Takes each request's access log entry (when the stage has a format).
    public var accessLog: (@Sendable (String) -> Void)?
    /// Takes each line of each request's execution log; nil asks the gateway for none.
    public var executionLog: (@Sendable (String) -> Void)?

    /// A sink for access log entries, execution log lines, both or neither.
    public init(accessLog: (@Sendable (String) -> Void)? = nil, executionLog: (@Sendable (String) -> Void)? = nil) {
        self.accessLog = accessLog
        self.executionLog = executionLog
    }

    /// Whether requests need their execution log kept.
    public var wantsExecutionLog: Bool { executionLog != nil }

    /// Sends `result`'s access log entry and execution log, each execution log line as
    /// `(requestId) line`.
    public func write(_ result: GatewayResult, requestId: String) {
        if let entry = result.accessLog, let accessLog { accessLog(entry) }
        if let executionLog {
            for line in result.log { executionLog("(\(requestId)) \(line)") }
        }
    }
}
