// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik
import TraffikMemcached
import TraffikTestSupport

/// A real Memcached node killed and restarted, or frozen, while a backend in front of it is under load: its own
/// breaker opens, so no decision waits on it, the failover decides meanwhile, and decisions go back to the node
/// by themselves once it answers again.
@Suite(.serialized) struct MemcachedOutageTests {
    /// The node's command timeout: the longest a decision may wait on it.
    static let commandTimeout = Duration.milliseconds(200)
    /// The node breaker's recovery time: how often a probe may try the node while it is open.
    static let recoveryTime = Duration.milliseconds(400)

    @Test(arguments: ServerFault.allCases) func decisionsHoldThroughAnOutage(_ fault: ServerFault) async throws {
        try await withMemcached(configure: {
            $0.commandTimeout = Self.commandTimeout
            $0.connectTimeout = Self.commandTimeout
            $0.nodeBreaker = CircuitBreakerConfiguration(
                failureThreshold: 2,
                recoveryTime: Self.recoveryTime,
                successThreshold: 1
            )
        }) { servers, client in
            let node = servers[0]
            let memcached = MemcachedBackend(client: client, namespace: "outage")
            let backend = ResilientBackend(memcached, breaker: nil, failover: InMemoryBackend(persistent: true))
            try await backend.start()
            let drill = OutageDrill(backend: backend) { client.breakerState(of: node.address) ?? .closed }
            let samples = try await drill.run { try await fault.inflict(on: node) }
            print("Memcached \(fault): \(samples.summary)")

            let wrongs = samples.wrongs(
                outage: ServerFault.stall,
                bound: Self.commandTimeout,
                slack: ServerFault.schedulingSlack,
                recoveryTime: Self.recoveryTime
            )
            #expect(wrongs.isEmpty, "\(wrongs): \(samples.summary)")
            #expect(client.breakerState(of: node.address) == .closed, "the node is used again by itself")
            #expect(
                try await OutageDrill.decidesOnTheStore(backend, store: memcached),
                "decisions after recovery are made on the node"
            )
        }
    }
}
