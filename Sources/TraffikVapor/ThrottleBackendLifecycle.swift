// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import Vapor

/// Starts throttle backends when the application boots and closes them when it shuts down.
///
/// Backends start on first use anyway; starting them at boot makes a misconfigured store (a wrong Redis address)
/// fail the boot instead of the first request, and closing them at shutdown releases their connections.
///
/// ```swift
/// app.lifecycle.use(ThrottleBackendLifecycle([memory, redis]))
/// ```
public struct ThrottleBackendLifecycle: LifecycleHandler {
    /// The backends, started in this order and closed in the reverse order.
    public let backends: [any ThrottleBackend]

    /// Creates the handler.
    public init(_ backends: [any ThrottleBackend]) {
        self.backends = backends
    }

    /// Starts every backend; the first failure fails the boot.
    public func willBootAsync(_ application: Application) async throws {
        for backend in backends { try await backend.start() }
    }

    /// Closes every backend, logging (and otherwise ignoring) failures so the others still close.
    public func shutdownAsync(_ application: Application) async {
        for backend in backends.reversed() {
            do {
                try await backend.close()
            } catch {
                application.logger.error("closing the \(backend.kind) throttle backend failed: \(error)")
            }
        }
    }
}
