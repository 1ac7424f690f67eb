// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik
import TraffikMemcached

/// Two operating-system processes hit one key on one Memcached: together they admit exactly the limit.
///
/// Its cases run one at a time: each starts a server (and some, processes), and on a loaded two-core machine
/// a dozen at once would measure the machine rather than the backend.
@Suite(.serialized) struct MemcachedBackendProcessTests {
    @Test(arguments: Strategy.builtIns.map(\.name))
    func twoProcessesAdmitExactlyTheLimit(strategy: String) async throws {
        try await withMemcached { servers, _ in
            let outcome = try await BenchProcesses.run([
                "hits", "--backend", "memcached", "--servers", "\(servers[0].address)", "--key", "hot-\(strategy)",
                "--strategy",
                strategy, "--rate", "100/h", "--hits", "500", "--concurrency", "50",
            ])
            #expect(outcome.statuses == [0, 0], "\(outcome.errors.suffix(2_000))")
            #expect(outcome.total == 100)
        }
    }
}
