import Foundation

/// Runs blocking work (waiting for a child process, reading a pipe, a socket's blocking `recv`) on a
/// thread of its own and awaits it.
///
/// Swift concurrency's cooperative pool has as many threads as the machine has cores: two on CI's
/// machines. A test that blocks one of them (and every synchronous test runs on one) holds it from the
/// servers, clients and timers of the tests running beside it; two such tests at once stop them all,
/// and a test whose backend must answer within a timeout then fails for no fault of the code. Tests
/// wait for processes and sockets through this instead.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// ``onOwnThread(_:)`` for work that cannot fail.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
