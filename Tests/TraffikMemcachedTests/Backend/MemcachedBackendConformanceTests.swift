// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import Testing
import Traffik
import TraffikMemcached

/// The same randomised decision traces on the in-memory backend and on Memcached, on one manual clock: every
/// decision must be identical, field for field.
///
/// Its cases run one at a time: each starts a server (and some, processes), and on a loaded two-core machine
/// a dozen at once would measure the machine rather than the backend.
@Suite(.serialized) struct MemcachedBackendConformanceTests {
    @Test(arguments: ConformanceTraces.strategies)
    func decisionsMatchTheInMemoryBackend(strategy: Strategy) async throws {
        try await withMemcached { _, client in
            let clock = ManualClock()
            let summary = try await ConformanceTraces.run(
                strategy,
                reference: InMemoryBackend(clock: clock),
                subject: MemcachedBackend(client: client, namespace: "conformance", clock: clock),
                clock: clock,
                // The fixed window's counter is named by its window: after a step back across a boundary it counts
                // in the earlier window, where the in-memory state stays in the later one (see MemcachedBackend).
                clockStepsBack: strategy != .fixedWindow
            )
            // Every step was compared, and the traces reached refusals as well as admissions.
            #expect(summary.decisions == 30 * 60)
            #expect(summary.refused > 0 && summary.refused < summary.decisions)
        }
    }

    /// The one documented difference: after the clock steps back into an earlier window, the `ma` counter counts
    /// in that window's key, not in the later window the in-memory state remembers.
    @Test func aFixedWindowCountsInTheWindowItsClockReads() async throws {
        try await withMemcached { _, client in
            let clock = ManualClock(microseconds: 1_700_000_000_000_000)
            let backend = MemcachedBackend(client: client, namespace: "step-back", clock: clock)
            let rate = try Rate.perMinute(1)
            #expect(
                try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
            )
            clock.advance(by: .seconds(60))
            #expect(
                try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
            )
            clock.advance(by: .seconds(-60))
            let earlier = try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
            #expect(!earlier.isAllowed, "the earlier window's count is still there")
        }
    }
}
