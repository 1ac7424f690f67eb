// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Where throttles keep their state: in memory for one process, or a shared store for many.
///
/// The core operation is ``decide(key:strategy:rate:cost:commit:)``: apply a strategy to one key atomically and
/// return the decision. The primitives below it (``get(_:)``, ``set(_:to:ttl:)``, ``increment(_:by:ttl:)``,
/// ``delete(_:)``, ``expire(_:after:)``, ``withLock(_:ttl:timeout:_:)``) are for strategies and tools that need
/// more than one key.
///
/// Backends are reference types: one instance owns its connections or table, and task-local activation compares
/// backends by identity.
public protocol ThrottleBackend: AnyObject, Sendable {
    /// The prefix of every key this backend writes, so several applications can share one store.
    var namespace: String { get }
    /// Whether state survives the end of the backend's outermost task-local activation. When `false`, leaving
    /// the outermost ``withThrottleBackend(_:persistent:closeOnExit:isolation:_:)`` scope resets the backend.
    var isPersistent: Bool { get }
    /// The backend's own error policy, used by throttles that set none.
    var errorPolicy: ErrorPolicy? { get }
    /// A short name for logs and metrics, such as `memory` or `redis`.
    var kind: String { get }

    /// Prepares the backend (connects, loads scripts). Safe to call many times and from many tasks at once: the
    /// work happens once, and calls after that return at once.
    func start() async throws
    /// Releases connections. Decisions after closing fail with ``BackendError``.
    func close() async throws
    /// Removes every key under the namespace.
    func reset() async throws

    /// Applies `strategy` to `key` atomically, reading the backend's own clock.
    ///
    /// - Parameters:
    ///   - key: The key inside the namespace.
    ///   - strategy: The strategy to run.
    ///   - rate: The rate; ``Rate/unlimited`` returns an allowed decision without touching the store.
    ///   - cost: The units to consume (`0` reports the budget without consuming).
    ///   - commit: Whether to store the new state; `false` asks "would this pass?" and changes nothing.
    func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision

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
    /// Runs `body` holding the lock `name`.
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

extension ThrottleBackend {
    /// The backend's decision for `cost` without consuming anything.
    public func check(key: String, strategy: Strategy, rate: Rate, cost: Int) async throws -> Decision {
        try await decide(key: key, strategy: strategy, rate: rate, cost: cost, commit: false)
    }
}
