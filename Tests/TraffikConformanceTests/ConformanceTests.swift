// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import StoreTestSupport
import Testing
import Traffik
import TraffikMemcached
import TraffikRedis
import TraffikTestSupport

/// The same randomised decision traces on the in-memory backend and on every store, on one manual clock: every
/// decision must be identical, field for field. One suite, every store and every strategy.
///
/// Each store's cases run one at a time (each starts its store: three processes for a cluster, and on a loaded
/// two-core machine a dozen at once would measure the machine rather than the backend); the stores run side by side.
@Suite struct ConformanceTests {
    /// The stores a backend decides on.
    enum Store: String, CaseIterable, Sendable {
        case memory
        case redis
        case redisCluster
        case memcached
    }

    // Each store's cases one at a time, the four stores side by side; each case a strategy, by its type's name.

    @Test(.serialized, arguments: ConformanceTraces.strategies)
    func onMemory(_ strategy: ConformanceTraces.NamedStrategy) async throws { try await Self.check(.memory, strategy) }

    @Test(.serialized, arguments: ConformanceTraces.strategies)
    func onRedis(_ strategy: ConformanceTraces.NamedStrategy) async throws { try await Self.check(.redis, strategy) }

    @Test(.serialized, arguments: ConformanceTraces.strategies)
    func onRedisCluster(_ strategy: ConformanceTraces.NamedStrategy) async throws {
        try await Self.check(.redisCluster, strategy)
    }

    @Test(.serialized, arguments: ConformanceTraces.strategies)
    func onMemcached(_ strategy: ConformanceTraces.NamedStrategy) async throws {
        try await Self.check(.memcached, strategy)
    }

    /// Runs the traces of `named` on `store` against the in-memory backend.
    static func check(_ store: Store, _ named: ConformanceTraces.NamedStrategy) async throws {
        let strategy = named.strategy
        let clock = ManualClock()
        // Memcached's fixed-window counter is named by its window: after a step back across a boundary it counts
        // in the earlier window, where the in-memory state stays in the later one (see MemcachedBackend).
        let clockStepsBack = !(store == .memcached && strategy == .fixedWindow)
        let summary = try await withSubject(store, clock: clock) { subject in
            try await ConformanceTraces.run(
                strategy,
                reference: InMemoryBackend(clock: clock),
                subject: subject,
                clock: clock,
                clockStepsBack: clockStepsBack
            )
        }
        // Every step was compared, and the traces reached refusals as well as admissions.
        #expect(summary.decisions == 30 * 60)
        #expect(summary.refused > 0 && summary.refused < summary.decisions)
    }

    /// Runs `body` with a backend on `store` reading `clock`, the store started for it and stopped after.
    private static func withSubject(
        _ store: Store,
        clock: ManualClock,
        _ body: @Sendable (any ThrottleBackend) async throws -> ConformanceTraces.Summary
    ) async throws -> ConformanceTraces.Summary {
        let summary = Shared<ConformanceTraces.Summary?>(nil)
        switch store {
        case .memory:
            let result = try await body(InMemoryBackend(namespace: "conformance", clock: clock))
            summary.withLock { $0 = result }
        case .redis:
            try await withRedis { _, client in
                let result = try await body(RedisBackend(client: client, namespace: "conformance", clock: clock))
                summary.withLock { $0 = result }
            }
        case .redisCluster:
            try await RedisClusterProcess.with { cluster in
                try await withClusterClient(cluster) { client in
                    let result = try await body(RedisBackend(client: client, namespace: "conformance", clock: clock))
                    summary.withLock { $0 = result }
                }
            }
        case .memcached:
            try await withMemcached { _, client in
                let result = try await body(MemcachedBackend(client: client, namespace: "conformance", clock: clock))
                summary.withLock { $0 = result }
            }
        }
        return try #require(summary.value)
    }
}
