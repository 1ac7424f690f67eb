// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Traffik

/// An in-memory backend that counts what is asked of it, starting once through a ``StartGate``; it can be told to
/// fail to start.
public final class CountingBackend: ThrottleBackend {
    /// The backend that does the work.
    public let inner: InMemoryBackend
    public let isPersistent: Bool
    public let errorPolicy: ErrorPolicy?
    public var namespace: String { inner.namespace }
    public var kind: String { "counting" }
    private let startFailure: (any Error)?

    private let gate = StartGate()
    private let counts = Mutex(Counts())

    /// How many times each operation was asked for.
    public struct Counts: Sendable, Equatable {
        public var starts = 0
        public var decisions = 0
        public var resets = 0
        public var closes = 0
    }

    /// Creates the backend; with `startFailure`, every start throws it.
    public init(
        clock: ManualClock = ManualClock(),
        persistent: Bool = false,
        errorPolicy: ErrorPolicy? = nil,
        startFailure: (any Error)? = nil
    ) {
        self.inner = InMemoryBackend(clock: clock)
        self.isPersistent = persistent
        self.errorPolicy = errorPolicy
        self.startFailure = startFailure
    }

    /// The counts so far.
    public var snapshot: Counts { counts.withLock { $0 } }

    public func start() async throws {
        try await gate.run {
            self.counts.withLock { $0.starts += 1 }
            if let failure = self.startFailure { throw failure }
            await Task.yield()
        }
    }
    public func close() async throws {
        counts.withLock { $0.closes += 1 }
        gate.reset()
    }
    public func reset() async throws {
        counts.withLock { $0.resets += 1 }
        try await inner.reset()
    }
    public func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        counts.withLock { $0.decisions += 1 }
        return try await inner.decide(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
    }
    public func get(_ key: String) async throws -> [UInt8]? { try await inner.get(key) }
    public func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        try await inner.set(key, to: value, ttl: ttl)
    }
    public func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        try await inner.increment(key, by: amount, ttl: ttl)
    }
    public func delete(_ key: String) async throws -> Bool { try await inner.delete(key) }
    public func expire(_ key: String, after ttl: Duration) async throws -> Bool {
        try await inner.expire(key, after: ttl)
    }
    public func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await inner.withLock(name, ttl: ttl, timeout: timeout, body)
    }
}
