// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik

@testable import TraffikMemcached

/// Two nodes: keys spread over both, and a node that stops follows the error policy without holding anything up.
@Suite struct MemcachedBackendNodeTests {
    @Test func keysSpreadOverBothNodesWhereHashingPutsThem() async throws {
        try await withMemcached(nodes: 2) { servers, client in
            let backend = MemcachedBackend(client: client, namespace: "spread")
            for index in 0..<200 {
                try await backend.set("k\(index)", to: [UInt8(index)], ttl: .seconds(60))
            }
            // Ask each node alone which keys it holds.
            var held = [0, 0]
            for (node, server) in servers.enumerated() {
                let single = makeClient(makeConfiguration([server]))
                for index in 0..<200 {
                    let key = MemcachedKey(try await backend.storeKey("k\(index)"))
                    if try await single.get(key) != nil {
                        held[node] += 1
                        #expect(client.server(for: key) == server.address)
                    }
                }
                await single.close()
            }
            #expect(held[0] + held[1] == 200, "each key is on exactly one node")
            #expect(held.allSatisfy { $0 >= 60 }, "both nodes hold a fair share: \(held)")
        }
    }

    @Test(arguments: [false, true])
    func aStoppedNodeFollowsTheErrorPolicyAndNothingHangs(frozen: Bool) async throws {
        try await withMemcached(nodes: 2, configure: { $0.commandTimeout = .seconds(1) }) { servers, client in
            let backend = MemcachedBackend(client: client, namespace: "faults")
            try await backend.start()
            let uid = "faults:\(servers[0].port):\(frozen)"
            var configuration = Throttle<String>.Configuration(rate: "1000/min", strategy: .tokenBucket())
            configuration.errorPolicy = .throttle(retryAfter: .seconds(3))
            let throttle = try Throttle<String>(uid: uid, backend: .fixed(backend), configuration: configuration)
            // Clients whose keys land on each node (the generation's node survives, so the generation is known).
            let generationNode = client.server(for: MemcachedKey("faults:generation"))
            let victim = servers.first { $0.address != generationNode }!
            var onVictim: [String] = []
            var onSurvivor: [String] = []
            for index in 0..<100 {
                let key = try await backend.storeKey(throttle.key(client: "c\(index)"))
                if client.server(for: MemcachedKey(key)) == victim.address {
                    onVictim.append("c\(index)")
                } else {
                    onSurvivor.append("c\(index)")
                }
            }
            #expect(try await throttle.hit(onVictim[0]).reason == .strategy)

            if frozen { await victim.freeze() } else { await victim.stop() }
            let clock = ContinuousClock()
            let started = clock.now
            let decisions = try await withThrowingTaskGroup(of: Decision.self) { group in
                for identity in onVictim.prefix(20) + onSurvivor.prefix(20) {
                    group.addTask { try await throttle.hit(identity) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(clock.now - started < .seconds(5), "failed decisions end within the timeouts")
            #expect(decisions.filter { $0.reason == .errorPolicy }.count == 20, "the victim's keys follow the policy")
            #expect(decisions.filter { $0.reason == .strategy && $0.isAllowed }.count == 20, "the others decide")
            #expect(decisions.filter { $0.reason == .errorPolicy }.allSatisfy { $0.retryAfter == .seconds(3) })

            // Its breaker open: the next hits on the victim fail at once, with no timeout to wait out.
            let again = clock.now
            #expect(try await throttle.hit(onVictim[1]).reason == .errorPolicy)
            #expect(clock.now - again < .milliseconds(700), "well within the 1 s command timeout")

            // Back: once the breaker's recovery time has passed, a probe reconnects by itself.
            if frozen { await victim.thaw() } else { try await victim.restart() }
            let deadline = clock.now + .seconds(10)
            var recovered = false
            while clock.now < deadline, !recovered {
                recovered = try await throttle.hit(onVictim[2]).reason == .strategy
                if !recovered { try await pause(for: .milliseconds(50)) }
            }
            #expect(recovered, "the node's keys decide again")
        }
    }
}
