// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import Traffik

@testable import TraffikRedis

@Suite struct RedisNamespaceTests {
    @Test func resetOfANamespaceLeavesTheNamespacesItPrefixes() async throws {
        try await withRedis { _, client in
            let shop = RedisBackend(client: client, namespace: "shop")
            let europe = RedisBackend(client: client, namespace: "shop:eu")
            func hit(_ backend: RedisBackend) async throws -> Bool {
                try await backend.decide(key: "k", strategy: .tokenBucket(), rate: .perHour(1), cost: 1, commit: true)
                    .isAllowed
            }
            #expect(try await hit(shop))
            #expect(try await hit(europe))
            try await shop.reset()
            #expect(try await hit(shop), "shop starts afresh")
            #expect(try await !hit(europe), "shop:eu keeps its state")
            try await europe.reset()
            #expect(try await !hit(shop), "and shop keeps its own")
        }
    }

    @Test func bracesInANamespaceNeitherOpenAHashTagNorMeetAnotherNamespace() async throws {
        try await withRedis { _, client in
            let braced = RedisBackend(client: client, namespace: "a{b}")
            let key = braced.storeKey("api:default:10.0.0.1")
            #expect(key == "a%7Bb%7D:{api:default:10.0.0.1}")
            #expect(RedisHashSlot.of(key) == RedisHashSlot.of("api:default:10.0.0.1"), "the key is its hash tag")
            let escapedLookalike = RedisBackend(client: client, namespace: "a%7Bb%7D")
            #expect(escapedLookalike.storeKey("k") != braced.storeKey("k"))

            // Namespaces that would meet in a `SCAN` pattern stay apart.
            let opener = RedisBackend(client: client, namespace: "x")
            let other = RedisBackend(client: client, namespace: "x:{y}")
            try await other.set("kept", to: [1], ttl: nil)
            try await opener.set("gone", to: [2], ttl: nil)
            try await opener.reset()
            #expect(try await other.get("kept") == [1])
            #expect(try await opener.get("gone") == nil)
            #expect(try await client.send("DBSIZE").int == 1)
        }
    }

    @Test func aThrottleKeyIsItsOwnHashTagWhateverTheClient() async throws {
        let client = RedisClient(configuration: RedisConfiguration())
        let backend = RedisBackend(client: client, namespace: "traffik")
        let throttle = try Throttle<String>(
            uid: "api",
            rate: "1/min",
            backend: .taskLocal,
            registry: ThrottleRegistry()
        )
        // Without escaping, every client starting `x}` would share the hash tag `api:default:x`, and one slot.
        let slots = Set((0..<64).map { RedisHashSlot.of(backend.storeKey(throttle.key(client: "x}\($0)"))) })
        #expect(slots.count > 32)
        await client.close()
    }
}
