// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import StoreTestSupport
import Testing
import Traffik
import TraffikRedis

extension RedisClusterTests {
    @Suite struct RedisClusterBackendTests {
        /// Four cluster clients stand in for four server processes; for every strategy, 1,000 concurrent hits on one key
        /// admit exactly 100, with the strategies' keys spread over the three primaries.
        @Test func fourClientsAdmitExactlyTheLimitAcrossTheCluster() async throws {
            try await RedisClusterProcess.with { cluster in
                try await withBackends(cluster, namespace: "cluster-concurrency") { backends, client in
                    var primaries = Set<RedisNodeAddress>()
                    for (index, strategy) in HotKey.strategies.enumerated() {
                        let primary = cluster.addresses[index % 3]
                        let key = try await self.key(on: primary, named: "hot-\(index)", client: client)
                        primaries.insert(try await client.primary(for: RESPArgument("cluster-concurrency:{\(key)}")))
                        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                            for hit in 0..<1_000 {
                                group.addTask { try await backends[hit % 4].decide(key: key, strategy: strategy) }
                            }
                            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                        }
                        #expect(admitted == 100, "\(strategy)")
                    }
                    #expect(primaries == Set(cluster.addresses))
                }
            }
        }

        /// For every strategy, the slot of the hot key moves to another primary while 1,000 hits run: a quarter before
        /// the migration, a quarter while it is marked, a quarter after the key has left (answered with `ASK`), a
        /// quarter after the slot changed owner (answered with `MOVED`). Exactly 100 are admitted all the same, and the
        /// state ends on the new primary.
        @Test func aSlotMovedDuringTheRunStillAdmitsExactlyTheLimit() async throws {
            try await RedisClusterProcess.with { cluster in
                try await withBackends(cluster, namespace: "cluster-moving") { backends, client in
                    for (index, strategy) in HotKey.strategies.enumerated() {
                        let key = "moving-\(index)"
                        let slot = RedisHashSlot.of(key)
                        let (source, target) = try await cluster.source(of: RESPArgument(key), client: client)
                        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                            for phase in 0..<4 {
                                switch phase {
                                case 1: try await cluster.beginMigration(of: slot, from: source, to: target)
                                case 2: try await cluster.migrateKeys(of: slot, from: source, to: target)
                                case 3: try await cluster.finishMigration(of: slot, to: target)
                                default: break
                                }
                                for hit in 0..<250 {
                                    group.addTask { try await backends[hit % 4].decide(key: key, strategy: strategy) }
                                }
                            }
                            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                        }
                        #expect(admitted == 100, "\(strategy)")
                        #expect(try await cluster.keyCount(in: slot, on: target) == 1, "\(strategy)")
                        #expect(try await cluster.keyCount(in: slot, on: source) == 0, "\(strategy)")
                    }
                }
            }
        }

        /// `reset` removes the namespace's keys from every primary and nothing else; the primitives work on each.
        @Test func resetScansEveryPrimary() async throws {
            try await RedisClusterProcess.with { cluster in
                try await withBackends(cluster, namespace: "cluster-reset") { backends, client in
                    let backend = backends[0]
                    let other = RedisBackend(client: client, namespace: "cluster-other")
                    var keys: [String] = []
                    for (index, primary) in cluster.addresses.enumerated() {
                        let key = try await self.key(on: primary, named: "reset-\(index)", client: client)
                        keys.append(key)
                        try await backend.set(key, to: [1, 2, 3], ttl: nil)
                        #expect(try await backend.increment(key + ":count", by: 2, ttl: .seconds(60)) == 2)
                        #expect(try await backend.withLock(key, ttl: .seconds(5), timeout: .seconds(5)) { 7 } == 7)
                        try await other.set(key, to: [9], ttl: nil)
                    }
                    try await backend.reset()
                    for key in keys {
                        #expect(try await backend.get(key) == nil)
                        #expect(try await backend.get(key + ":count") == nil)
                        #expect(try await other.get(key) == [9])
                    }
                }
            }
        }

        // MARK: - Helpers

        /// A key whose slot (as the tag of `namespace:{key}`) `primary` serves: `name-0`, `name-1`, … until one fits.
        private func key(
            on primary: RedisNodeAddress,
            named name: String,
            client: RedisClusterClient
        ) async throws -> String {
            for attempt in 0..<1_000 {
                let key = "\(name)-\(attempt)"
                if try await client.primary(for: RESPArgument(key)) == primary { return key }
            }
            throw RedisClientError(.slotUnassigned, "no key found on \(primary)")
        }

        /// Four backends, each on a cluster client of its own, on one frozen clock; closed however `body` ends.
        private func withBackends(
            _ cluster: RedisClusterProcess,
            namespace: String,
            _ body: ([RedisBackend], RedisClusterClient) async throws -> Void
        ) async throws {
            let clock = ManualClock()
            let clients = (0..<4).map { _ in makeClusterClient(cluster) }
            let backends = clients.map { RedisBackend(client: $0, namespace: namespace, clock: clock) }
            let result = await Result { try await body(backends, clients[0]) }
            for client in clients { await client.close() }
            try result.get()
        }
    }
}

extension RedisBackend {
    /// One hit at a limit of 100 a minute; whether it was admitted.
    fileprivate func decide(key: String, strategy: Strategy) async throws -> Bool {
        try await decide(key: key, strategy: strategy, rate: .perMinute(100), cost: 1, commit: true).isAllowed
    }
}
