// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A call that did not finish before its deadline; its late result, if any, is discarded.
public struct DeadlineExceededError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The time the call was given.
    public let timeout: Duration

    /// Creates the error for a call given `timeout`.
    public init(timeout: Duration) { self.timeout = timeout }

    public var description: String { "no answer within \(timeout)" }
}

/// Runs `operation` and answers at the deadline whatever the operation is doing.
///
/// A structured race (a task group with a timer) cannot do this: the group waits for every child, and a call
/// parked on a non-cancellable future (a store command in flight) keeps it waiting. Here the operation runs in a
/// task of its own, which inherits the caller's task-local values; when the deadline passes first the caller
/// gets ``DeadlineExceededError`` at once, the operation is cancelled, and its late result is dropped. When the
/// caller is cancelled it gets `CancellationError` at once, likewise.
///
/// ```swift
/// let decision = try await withDeadline(.milliseconds(50)) {
///     try await redis.decide(key: key, strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
/// }
/// ```
///
/// - Parameters:
///   - timeout: The time the operation is given.
///   - clock: The clock the deadline is measured on (a test clock in tests).
///   - operation: The work.
/// - Throws: ``DeadlineExceededError``, `CancellationError`, or what `operation` throws.
public func withDeadline<Result: Sendable, C: Clock<Duration>>(
    _ timeout: Duration,
    clock: C = ContinuousClock(),
    operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let race = DeadlineRace<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            guard race.arm(continuation) else { return }
            let work = Task {
                do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
            }
            let timer = Task {
                try? await clock.sleep(for: timeout)
                if !Task.isCancelled { race.finish(.failure(DeadlineExceededError(timeout: timeout))) }
            }
            race.attach([work, timer])
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The one-shot state of ``withDeadline(_:clock:operation:)``: whoever finishes first resumes the caller and
/// cancels the others; later finishers find it done.
private final class DeadlineRace<Result: Sendable>: Sendable {
    private enum State {
        case idle
        case armed(CheckedContinuation<Result, any Error>, tasks: [Task<Void, Never>])
        case finished
    }

    private let state = Mutex(State.idle)

    /// Stores the caller's continuation; `false` (and the continuation resumed) when the caller was cancelled first.
    func arm(_ continuation: CheckedContinuation<Result, any Error>) -> Bool {
        let armed = state.withLock { state -> Bool in
            guard case .idle = state else { return false }
            state = .armed(continuation, tasks: [])
            return true
        }
        if !armed { continuation.resume(throwing: CancellationError()) }
        return armed
    }

    /// Keeps the racing tasks so the winner can cancel them; cancels them at once when the race is already over.
    func attach(_ tasks: [Task<Void, Never>]) {
        let finished = state.withLock { state -> Bool in
            guard case .armed(let continuation, let existing) = state else { return true }
            state = .armed(continuation, tasks: existing + tasks)
            return false
        }
        if finished { tasks.forEach { $0.cancel() } }
    }

    /// Resumes the caller with `result` if nobody has yet.
    func finish(_ result: Swift.Result<Result, any Error>) {
        let taken = state.withLock { state -> (CheckedContinuation<Result, any Error>, [Task<Void, Never>])? in
            switch state {
            case .armed(let continuation, let tasks):
                state = .finished
                return (continuation, tasks)
            case .idle:
                // Cancelled before the continuation was stored: `arm` will see this and resume it.
                state = .finished
                return nil
            case .finished:
                return nil
            }
        }
        guard let (continuation, tasks) = taken else { return }
        tasks.forEach { $0.cancel() }
        continuation.resume(with: result)
    }
}
