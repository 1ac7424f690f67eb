// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikConnectionPool

/// How ``RedisBackend`` reports and retries the failures of its client: the one place that reads
/// ``RedisClientError`` and ``RedisServerError`` for the core.
enum RedisFailure {
    /// The first words of error replies that the server gives before running the command: a retry cannot count a
    /// request twice. `LOADING` (the dataset is loading), `BUSY` (a script holds the server), `TRYAGAIN` (a slot is
    /// migrating), `READONLY` (the server is a replica now), `MASTERDOWN` (a replica lost its primary),
    /// `CLUSTERDOWN` (the cluster cannot serve), `NOREPLICAS` (too few replicas to accept a write).
    static let refusedBeforeRunning: Set<String> = [
        "LOADING", "BUSY", "TRYAGAIN", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "NOREPLICAS",
    ]

    /// Whether `error` cannot have changed anything on the server: the connection was never opened (so nothing
    /// was written), or the server refused the command before running it. A command timeout or a connection that
    /// broke with the command in flight may have run it, and is not safe.
    static func isSafeToRetry(_ error: any Error) -> Bool {
        if let error = error as? RedisClientError {
            return error.kind == .connectTimeout || error.kind == .connectionFailed
        }
        if let error = error as? RedisServerError { return refusedBeforeRunning.contains(error.code) }
        return false
    }

    /// `error` as a ``Traffik/BackendError`` with the client's error underneath; errors that are not the client's
    /// (a ``Traffik/BackendError`` already, cancellation, a strategy's own) pass unchanged.
    static func backendError(_ error: any Error) -> any Error {
        if let error = error as? RedisClientError {
            return BackendError(kind(of: error.kind), error.message, underlying: error)
        }
        if let error = error as? RedisServerError {
            let kind: BackendError.Kind = refusedBeforeRunning.contains(error.code) ? .unavailable : .server
            return BackendError(kind, "Redis answered \(ReplyExcerpt.of(error.message))", underlying: error)
        }
        return error
    }

    private static func kind(of kind: RedisClientError.Kind) -> BackendError.Kind {
        switch kind {
        case .commandTimeout: .timeout
        case .clientClosed: .closed
        case .protocolError: .protocol
        // Unreachable, a connection lost mid-command, set-up refused, a cluster that cannot route, a
        // configuration that cannot work: in each case the store cannot serve this client now.
        default: .unavailable
        }
    }

    /// Runs one operation of the backend on the store: retried under `policy` while its failures cannot have
    /// changed anything, and failing as a ``Traffik/BackendError``.
    static func run<Result: Sendable>(
        retrying policy: RetryPolicy,
        _ operation: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await policy.run(isSafeToRetry: isSafeToRetry, operation)
        } catch {
            throw backendError(error)
        }
    }
}

extension RESPValue {
    /// Whether this is a `-READONLY` error reply: the server is a replica.
    var isReadOnlyError: Bool {
        if case .error(let message) = self { message.hasPrefix("READONLY") } else { false }
    }
}
