// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import Testing
import Traffik
import TraffikRedis

/// The same randomised decision traces on the in-memory backend and on Redis, on one manual clock: every decision
/// must be identical, field for field.
///
/// Its cases run one at a time: each starts a server (and some, processes), and on a loaded two-core machine
/// a dozen at once would measure the machine rather than the backend.
@Suite(.serialized) struct RedisBackendConformanceTests {
    @Test(arguments: ConformanceTraces.strategies)
    func decisionsMatchTheInMemoryBackend(strategy: Strategy) async throws {
        try await withRedis { _, client in
            let clock = ManualClock()
            let summary = try await ConformanceTraces.run(
                strategy,
                reference: InMemoryBackend(clock: clock),
                subject: RedisBackend(client: client, namespace: "conformance", clock: clock),
                clock: clock
            )
            // Every step was compared, and the traces reached refusals as well as admissions.
            #expect(summary.decisions == 30 * 60)
            #expect(summary.refused > 0 && summary.refused < summary.decisions)
        }
    }
}
