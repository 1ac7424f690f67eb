// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A wait in a test that took too long.
public struct TimedOut: Error, CustomStringConvertible {
    /// How long the wait was allowed.
    public let seconds: Int64

    public var description: String { "timed out after \(seconds) s" }
}

/// The result of `operation`, or ``TimedOut`` after `seconds`, so that no wait in a test can hang the run.
///
/// The default is generous: it bounds a hang, it does not measure speed. Other suites' CPU-bound tests can keep the
/// concurrency runtime's threads busy for seconds at a time, stretching a conversation that takes milliseconds alone.
///
/// The operation is cancelled when time runs out; it must honour cancellation (every NIO and Swift concurrency
/// wait does).
@discardableResult
public func withTimeout<T: Sendable>(
    seconds: Int64 = 60,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(seconds: seconds)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut(seconds: seconds) }
        return first
    }
}

/// Yields until `condition` holds, or throws ``TimedOut`` after `seconds`: a bounded spin for a state another task
/// is about to reach.
public func waitUntil(seconds: Int64 = 30, _ condition: @escaping @Sendable () -> Bool) async throws {
    try await withTimeout(seconds: seconds) {
        while !condition() {
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
