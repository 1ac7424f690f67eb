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

            #expect(samples.allSatisfy { $0.error == nil }, "the failover answers every decision the node cannot")
            #expect(samples.longest < Self.commandTimeout + ServerFault.schedulingSlack, "\(samples.summary)")
            let whileOpen = samples.filter { $0.breaker == .open }
            #expect(!whileOpen.isEmpty, "the node's breaker opened during the outage")
            // While the node's breaker is open, the only commands that reach it are its probes: at most one per
            // recovery time. Every other decision that waited on the frozen node would take the command timeout.
            let probes = OutageDrill.mostProbes(during: ServerFault.stall, recoveryTime: Self.recoveryTime)
            #expect(
                whileOpen.filter { $0.latency >= Self.commandTimeout }.count <= probes,
                "while the node's breaker is open only its probes wait on it (at most \(probes)): \(samples.summary)"
            )
            #expect(client.breakerState(of: node.address) == .closed, "the node is used again by itself")
            #expect(
                try await OutageDrill.decidesOnTheStore(backend, store: memcached),
                "decisions after recovery are made on the node"
            )
        }
    }
}
