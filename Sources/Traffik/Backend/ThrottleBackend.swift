// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Where throttles keep their state: in memory for one process, or a shared store for many.
///
/// A backend does one thing for a throttle: ``decide(key:strategy:rate:cost:commit:)`` applies a strategy to one
/// key atomically and returns the decision. The rest is its lifecycle. A store that also lends key-value primitives
/// and a lock to other code conforms to ``KeyValueBackend`` as well.
///
/// A backend owns its start-up: the first call that needs the store (a decision, a reset) starts it, once, however
/// many tasks arrive at the same time (``StartGate`` does this), so a throttle never starts a backend itself.
/// Calling ``start()`` first only moves that work, and its errors, to boot.
///
/// Backends are reference types: one instance owns its connections or table, and task-local activation compares
/// backends by identity.
///
/// The tools for writing a backend (``StartGate``, the compare-and-swap and lock loops, a strategy's decision on
/// stored bytes) are the library's backend SPI, out of an application's way: a backend's module imports them with
/// `@_spi(Backend) import Traffik`.
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

    /// Prepares the backend (connects, loads scripts) now rather than on first use. Safe to call many times and
    /// from many tasks at once: the work happens once, and calls after that return at once.
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
}

extension ThrottleBackend {
    /// The backend's decision for `cost` without consuming anything.
    public func check(key: String, strategy: Strategy, rate: Rate, cost: Int) async throws -> Decision {
        try await decide(key: key, strategy: strategy, rate: rate, cost: cost, commit: false)
    }
}
