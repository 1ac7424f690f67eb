// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import Traffik
import TraffikMemcached

/// Where Memcached departs from the in-memory backend (the traces across every store are `ConformanceTests`).
@Suite struct MemcachedBackendDifferenceTests {
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
