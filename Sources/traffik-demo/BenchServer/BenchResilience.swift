// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikBenchContract

/// What stands between the bench throttle and Redis (`--breaker`, `--deadline`, `--failover`, `--deny-cache`): a
/// ``ResilientBackend`` with those parts, or, with none of them, the Redis backend alone, as before these options.
struct BenchResilience: Sendable, Hashable {
    /// A circuit breaker in front of the store, configured as ``breakerConfiguration``.
    var breaker = false
    /// The longest one store call may take; `nil` leaves it to the Redis client's own command timeout.
    var deadline: Duration?
    /// What decides while the store fails: an in-memory backend in this process, or the error policy.
    var failover = FailoverChoice.none
    /// The capacity of a deny cache in front of the store; `nil` for none.
    var denyCacheCapacity: Int?

    /// The breaker's thresholds, those of the demo server's Redis tiers: open after 3 failures in a row, let a probe
    /// through 2 s later, close after 2 probes succeed.
    static let breakerConfiguration = CircuitBreakerConfiguration(failureThreshold: 3, recoveryTime: .seconds(2))

    /// Whether no part is asked for, so that the store is used alone.
    var isEmpty: Bool { !breaker && deadline == nil && failover == .none && denyCacheCapacity == nil }

    /// `store` behind the parts asked for, or `store` itself when none is.
    ///
    /// - Parameters:
    ///   - store: The backend that decides normally.
    ///   - namespace: The failover's key prefix is this one with `-failover` added.
    func wrap(_ store: any ThrottleBackend, namespace: String) -> any ThrottleBackend {
        guard !isEmpty else { return store }
        return ResilientBackend(
            store,
            deadline: deadline,
            breaker: breaker ? Self.breakerConfiguration : nil,
            failover: failover == .memory ? InMemoryBackend(namespace: "\(namespace)-failover", persistent: true) : nil,
            denyCache: denyCacheCapacity.map { DenyCache(capacity: $0) }
        )
    }
}
