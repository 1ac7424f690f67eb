// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// How often a ``MemcachedBackend``'s compare-and-swap decisions lost a race and read the state again.
///
/// ```swift
/// let statistics = backend.compareAndSwapStatistics
/// print("retries per decision: \(statistics.retryRate)")
/// ```
public struct CompareAndSwapStatistics: Sendable, Hashable {
    /// Decisions made by compare-and-swap (every strategy but the fixed window).
    public var decisions: Int
    /// Writes that found the state changed since it was read, and started over.
    public var retries: Int
    /// Decisions that ran out of attempts and failed with ``Traffik/BackendError/Kind/contention``.
    public var exhausted: Int

    /// Retries per decision.
    public var retryRate: Double {
        decisions == 0 ? 0 : Double(retries) / Double(decisions)
    }
}

/// The counters behind ``CompareAndSwapStatistics``.
final class CompareAndSwapCounters: Sendable {
    private let decisions = Atomic<Int>(0)
    private let retries = Atomic<Int>(0)
    private let exhausted = Atomic<Int>(0)

    func decided() { decisions.add(1, ordering: .relaxed) }
    func retried() { retries.add(1, ordering: .relaxed) }
    func ranOut() { exhausted.add(1, ordering: .relaxed) }

    var snapshot: CompareAndSwapStatistics {
        CompareAndSwapStatistics(
            decisions: decisions.load(ordering: .relaxed),
            retries: retries.load(ordering: .relaxed),
            exhausted: exhausted.load(ordering: .relaxed)
        )
    }
}
