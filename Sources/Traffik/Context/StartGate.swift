// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Runs a backend's start-up once, however many tasks ask at the same time.
///
/// The first caller starts the work; callers that arrive meanwhile wait for the same result; once it has succeeded,
/// calls return at once. A failed start is forgotten, so the next call tries again.
///
/// ```swift
/// final class MyBackend: ThrottleBackend {
///     private let gate = StartGate()
///     func start() async throws { try await gate.run { try await self.connect() } }
/// }
/// ```
@_spi(Backend) public final class StartGate: Sendable {
    private enum State {
        case idle
        case starting(Task<Void, any Error>)
        case started
    }
    private let state = Mutex(State.idle)

    /// Creates a gate that has not run.
    public init() {}

    /// Whether the work has run and succeeded.
    public var isStarted: Bool {
        state.withLock { if case .started = $0 { true } else { false } }
    }

    /// Runs `work` if it has not succeeded yet, or waits for the run in progress.
    public func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let task: Task<Void, any Error>? = state.withLock { state in
            switch state {
            case .started:
                return nil
            case .starting(let task):
                return task
            case .idle:
                let task = Task { try await work() }
                state = .starting(task)
                return task
            }
        }
        guard let task else { return }
        do {
            try await task.value
            state.withLock { $0 = .started }
        } catch {
            state.withLock { state in
                if case .starting = state { state = .idle }
            }
            throw error
        }
    }

    /// Forgets a successful start, so the next ``run(_:)`` runs again (after closing a backend).
    public func reset() {
        state.withLock { $0 = .idle }
    }
}
