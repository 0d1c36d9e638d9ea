import Synchronization

/// `body`'s result, or `TimeoutError` once `timeout` has passed. Does not wait for `body` after the
/// timeout (a query to a database that went away may not notice cancellation for a long time): it
/// is cancelled and left to end on its own.
func withTimeout<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let race = Race(continuation)
        let timer = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { race.finish(.failure(TimeoutError(timeout: timeout))) }
        }
        let work = Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            timer.cancel()
            race.finish(result)
        }
        race.onTimeout = work
    }
}

/// The one resumption of a continuation two tasks race to.
private final class Race<T: Sendable>: Sendable {
    private let state: Mutex<(continuation: CheckedContinuation<T, any Error>?, work: Task<Void, Never>?)>

    init(_ continuation: CheckedContinuation<T, any Error>) { state = Mutex((continuation, nil)) }

    /// The work to cancel if the timer wins.
    var onTimeout: Task<Void, Never>? {
        get { state.withLock { $0.work } }
        set { state.withLock { $0.work = newValue } }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, work) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.work)
        }
        guard let continuation else { return }
        if case .failure(let error) = result, error is TimeoutError { work?.cancel() }
        continuation.resume(with: result)
    }
}

/// A decision that did not come back in time.
struct TimeoutError: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no answer from the database within \(timeout)" }
}

/// A store's failure of its own (not the database's).
