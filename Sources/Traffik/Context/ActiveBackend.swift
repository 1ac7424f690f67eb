// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The backend in force for the current task, for throttles built with ``BackendSource/taskLocal(fallback:)``.
///
/// A multi-tenant server activates a tenant's backend around each request, and one throttle serves every tenant:
///
/// ```swift
/// let throttle = try Throttle<String>(uid: "api", rate: "100/min", backend: .taskLocal())
/// try await withThrottleBackend(enterpriseRedis) {
///     try await throttle.hit(user)  // decided on enterpriseRedis
/// }
/// ```
///
/// Activations nest: an inner one switches the backend and the outer one comes back when it ends. Child tasks
/// inherit the activation (`Task.detached` does not). A read costs a task-local lookup, tens of nanoseconds.
public enum ActiveBackend {
    /// One activation: a backend and the activation it shadows.
    final class Activation: Sendable {
        let backend: any ThrottleBackend
        let outer: Activation?

        init(backend: any ThrottleBackend, outer: Activation?) {
            self.backend = backend
            self.outer = outer
        }

        /// Whether `backend` is active in this activation or one it shadows.
        func contains(_ backend: any ThrottleBackend) -> Bool {
            var node: Activation? = self
            while let current = node {
                if current.backend === backend { return true }
                node = current.outer
            }
            return false
        }
    }

    @TaskLocal static var activation: Activation?

    private static let processDefault = Mutex<(any ThrottleBackend)?>(nil)

    /// The backend of the innermost activation in this task, if any.
    public static var current: (any ThrottleBackend)? { activation?.backend }

    /// The application's default, used by task-local throttles when no backend is active.
    ///
    /// ```swift
    /// ActiveBackend.default = InMemoryBackend()
    /// ```
    public static var `default`: (any ThrottleBackend)? {
        get { processDefault.withLock { $0 } }
        set { processDefault.withLock { $0 = newValue } }
    }
}

/// Runs `body` with `backend` active for task-local throttles.
///
/// The backend is started first (once, however many tasks race to start it). When the scope ends, however it ends:
/// - if this is the outermost activation of `backend` in the task and the activation is not persistent, the
///   backend is reset (its counters wiped);
/// - if `closeOnExit` is set, the backend is closed (even when the reset failed; the first error is rethrown).
///
/// A nested activation of a backend that is already active is always persistent and never closes it.
///
/// - Parameters:
///   - backend: The backend to activate.
///   - persistent: Keep counters when the outermost activation ends; `nil` uses ``ThrottleBackend/isPersistent``.
///   - closeOnExit: Close the backend when this activation ends.
///   - body: The work to run with the backend active.
@discardableResult
public func withThrottleBackend<T>(
    _ backend: any ThrottleBackend,
    persistent: Bool? = nil,
    closeOnExit: Bool = false,
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> T
) async throws -> T {
    let outer = ActiveBackend.activation
    let nested = outer?.contains(backend) ?? false
    let keep = nested || (persistent ?? backend.isPersistent)
    let close = closeOnExit && !nested
    try await backend.start()
    let result: Result<T, any Error>
    do {
        let value = try await ActiveBackend.$activation.withValue(
            ActiveBackend.Activation(backend: backend, outer: outer)
        ) {
            try await body()
        }
        result = .success(value)
    } catch {
        result = .failure(error)
    }
    var exitError: (any Error)?
    if !keep {
        do { try await backend.reset() } catch { exitError = error }
    }
    if close {
        do { try await backend.close() } catch { exitError = exitError ?? error }
    }
    let value = try result.get()
    if let exitError { throw exitError }
    return value
}
