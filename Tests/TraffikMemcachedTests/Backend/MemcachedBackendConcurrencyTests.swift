// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import StoreTestSupport
import Testing
import Traffik
import TraffikMemcached

/// Its cases run one at a time: each starts a server (and some, processes), and on a loaded two-core machine
/// a dozen at once would measure the machine rather than the backend.
@Suite(.serialized) struct MemcachedBackendConcurrencyTests {
    /// Four client pools stand in for four server processes; 1,000 concurrent hits on one key admit exactly 100,
    /// and no decision runs out of compare-and-swap attempts (it would throw).
    @Test(arguments: HotKey.strategies)
    func fourPoolsAdmitExactlyTheLimit(strategy: Strategy) async throws {
        try await withMemcached { servers, first in
            let clock = ManualClock()
            let clients = [first] + (1..<4).map { _ in makeClient(makeConfiguration(servers)) }
            let backends = clients.map { MemcachedBackend(client: $0, namespace: "concurrency", clock: clock) }
            let admitted = try await HotKey.admitted(strategy, rate: .perMinute(100), backends: backends)
            #expect(admitted == 100)
            for client in clients.dropFirst() { await client.close() }
        }
    }

    /// The same on the real clock, for a strategy whose budget does not refill during the test.
    @Test func theSystemClockAdmitsExactlyTheLimit() async throws {
        try await withMemcached { _, client in
            let backend = MemcachedBackend(client: client, namespace: "system-clock")
            let admitted = try await HotKey.admitted(.tokenBucket(), rate: .perDay(100), backends: [backend])
            #expect(admitted == 100)
        }
    }
}
