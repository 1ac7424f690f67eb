// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// How ``MemcachedBackend`` reports the failures of its client: the one place that reads
/// ``MemcachedClientError`` and ``MemcachedServerError`` for the core.
enum MemcachedFailure {
    /// `error` as a ``Traffik/BackendError`` with the client's error underneath; errors that are not the client's
    /// (a ``Traffik/BackendError`` already, cancellation, a strategy's own) pass unchanged.
    static func backendError(_ error: any Error) -> any Error {
        if let error = error as? MemcachedClientError {
            let kind: BackendError.Kind =
                switch error.kind {
                case .commandTimeout: .timeout
                case .clientClosed: .closed
                case .protocolError: .protocol
                // Unreachable, marked down by its breaker, a connection lost mid-command, a configuration or a
                // command that cannot work: the store cannot serve this client now.
                default: .unavailable
                }
            return BackendError(kind, error.message, underlying: error)
        }
        if let error = error as? MemcachedServerError {
            return BackendError(.server, "Memcached answered \(error)", underlying: error)
        }
        return error
    }

    /// Runs one operation of the backend, its failures as ``Traffik/BackendError``s. (Retries happen per command,
    /// in the client: a decision of two commands must not be run again after the first one ran.)
    static func run<Result: Sendable>(_ operation: () async throws -> Result) async throws -> Result {
        do {
            return try await operation()
        } catch {
            throw backendError(error)
        }
    }
}
