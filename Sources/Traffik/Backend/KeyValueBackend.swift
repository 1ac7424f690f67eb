// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A backend that also lends its store's key-value primitives and a leased lock, for strategies and tools that
/// need more than one key per decision (a quota spread over several counters, a job that must run once across
/// processes).
///
/// Throttles never call these: ``ThrottleBackend`` is all a backend needs to decide. ``InMemoryBackend``, and the
/// Redis and Memcached backends, offer them.
///
/// ```swift
/// let backend = InMemoryBackend()
/// _ = try await backend.increment("reports:sent", by: 1, ttl: .seconds(3600))
/// try await backend.withLock("nightly-report", ttl: .seconds(60), timeout: .seconds(5)) {
///     try await sendTheNightlyReport()
/// }
/// ```
public protocol KeyValueBackend: ThrottleBackend {
    /// The bytes stored at `key`, or `nil`.
    func get(_ key: String) async throws -> [UInt8]?
    /// Stores `value` at `key`, expiring after `ttl` (`nil`: never).
    func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws
    /// Adds `amount` to the integer at `key` and returns the result. A missing key starts at `0` and gets `ttl`;
    /// an existing key keeps its expiry.
    func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64
    /// Removes `key`; returns whether it existed.
    @discardableResult
    func delete(_ key: String) async throws -> Bool
    /// Sets `key` to expire after `ttl`; returns whether it existed.
    @discardableResult
    func expire(_ key: String, after ttl: Duration) async throws -> Bool
    /// Runs `body` holding the lock `name` (the loop is ``LeasedLock``'s).
    ///
    /// - Parameters:
    ///   - ttl: The lease: a holder that has not released the lock after this long loses it, so a crashed holder
    ///     can never keep it forever.
    ///   - timeout: How long to wait for the lock before failing with ``BackendError/Kind/lockTimeout``.
    @discardableResult
    func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T
}
