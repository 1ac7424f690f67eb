// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import Traffik

@testable import TraffikMemcached

@Suite struct MemcachedNamespaceTests {
    func hit(_ backend: MemcachedBackend, _ key: String = "k") async throws -> Bool {
        try await backend.decide(key: key, strategy: .tokenBucket(), rate: .perHour(1), cost: 1, commit: true)
            .isAllowed
    }

    @Test func resetOfANamespaceLeavesTheNamespacesItPrefixes() async throws {
        try await withMemcached { _, client in
            let shop = MemcachedBackend(client: client, namespace: "shop", generationRefreshInterval: .zero)
            let europe = MemcachedBackend(client: client, namespace: "shop:eu", generationRefreshInterval: .zero)
            #expect(try await hit(shop))
            #expect(try await hit(europe))
            try await shop.reset()
            #expect(try await hit(shop), "shop starts afresh")
            #expect(try await !hit(europe), "shop:eu keeps its state")
        }
    }

    @Test func aNamespaceNeverReachesIntoAnothersKeys() async throws {
        try await withMemcached { _, client in
            // `tenant:<its generation>` once wrote the very keys of `tenant`'s generation.
            let tenant = MemcachedBackend(client: client, namespace: "tenant")
            #expect(try await hit(tenant, "probe"))
            let generation = try await tenant.generation.current(client, logger: tenant.logger)
            let lookalike = MemcachedBackend(client: client, namespace: "tenant:\(generation)")
            #expect(try await hit(lookalike))
            let lookalikeGeneration = try await lookalike.generation.current(client, logger: lookalike.logger)
            #expect(try await hit(tenant, "\(lookalikeGeneration):k"), "a budget of its own")
            #expect(try await tenant.storeKey("k") == "tenant:{\(generation)}:k")
            let braced = MemcachedBackend(client: client, namespace: "a{b}")
            #expect(try await braced.storeKey("k").hasPrefix("a%7Bb%7D:{"))
            #expect(braced.generation.key.description == "a%7Bb%7D:generation")
        }
    }
}
