// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
@_spi(Backend) import Traffik

/// An in-memory backend that counts what is asked of it, starting once through a ``StartGate`` (on ``start()`` or on
/// its first decision, as a backend owns its start-up); it can be told to fail to start.
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
        /// Start-ups run (at most one while the backend is open).
        public var starts = 0
        /// Calls to ``CountingBackend/start()``.
        public var startCalls = 0
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
        counts.withLock { $0.startCalls += 1 }
        try await startOnce()
    }
    private func startOnce() async throws {
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
        try await startOnce()
        return try await inner.decide(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
    }
}
