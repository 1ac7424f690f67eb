// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

/// Settings read from configuration used to trap in preconditions when below 1; they are read as 1 instead.
@Suite struct InMemorySettingsTests {
    @Test func settingsBelowOneAreReadAsOne() async throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxKeys: 0, maxBytes: -5, shards: 0)
        #expect(backend.maxKeys == 1)
        #expect(backend.maxBytes == 1)
        let rate = try Rate(parsing: "5/min")
        // One byte holds no entry: the new key is refused by the key-capacity policy, never a trap.
        let decision = try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
        #expect(decision.reason == .keyCapacity)
    }
}
