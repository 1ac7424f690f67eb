// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import Traffik
import TraffikRedis

@Suite struct RedisBackendTests {
    @Test func eachDecisionIsOneKeyWithAHashTagAndATimeToLive() async throws {
        try await withRedis { _, client in
            let backend = RedisBackend(client: client, namespace: "shop")
            // A day's window: its key lives until the window ends, which for a minute's window can be a moment
            // after the decision, before a loaded machine gets to read it.
            let day = try Rate(limit: 5, period: .seconds(86_400))
            _ = try await backend.decide(
                key: "api:default:1.2.3.4",
                strategy: .fixedWindow,
                rate: day,
                cost: 1,
                commit: true
            )
            let keys = try await client.send("KEYS", "*").array?.compactMap(\.string)
            #expect(keys == ["shop:{api:default:1.2.3.4}"])
            let ttl = try await client.send("PTTL", "shop:{api:default:1.2.3.4}").int ?? -1
            #expect(ttl > 0 && ttl <= 86_400_000)
        }
    }

    @Test func checksAndStatsWriteNothing() async throws {
        try await withRedis { _, client in
            let backend = RedisBackend(client: client, namespace: "peek")
            for strategy in Strategy.builtIns {
                _ = try await backend.decide(key: "k", strategy: strategy, rate: .perMinute(5), cost: 1, commit: false)
                _ = try await backend.decide(key: "k", strategy: strategy, rate: .perMinute(5), cost: 0, commit: false)
            }
            #expect(try await client.send("DBSIZE").int == 0)
        }
    }

    @Test func resetRemovesOnlyItsNamespace() async throws {
        try await withRedis { _, client in
            let mine = RedisBackend(client: client, namespace: "mine*")
            let theirs = RedisBackend(client: client, namespace: "mine")
            for index in 0..<2_500 {
                _ = try await mine.decide(
                    key: "k\(index)",
                    strategy: .fixedWindow,
                    rate: .perMinute(5),
                    cost: 1,
                    commit: true
                )
            }
            try await theirs.set("kept", to: [1], ttl: nil)
            try await mine.reset()
            #expect(try await client.send("DBSIZE").int == 1)
            #expect(try await theirs.get("kept") == [1])
        }
    }

    @Test func primitives() async throws {
        try await withRedis { _, client in
            let backend = RedisBackend(client: client, namespace: "prim")
            try await backend.set("a", to: [0, 1, 255], ttl: .seconds(30))
            #expect(try await backend.get("a") == [0, 1, 255])
            #expect(try await backend.increment("n", by: 5, ttl: .seconds(30)) == 5)
            #expect(try await backend.increment("n", by: -2, ttl: .seconds(1)) == 3)
            let ttl = try await client.send("PTTL", "prim:{n}").int ?? 0
            #expect(ttl > 1_000, "an increment keeps an existing key's expiry")
            #expect(try await backend.expire("n", after: .milliseconds(200)))
            #expect(try await backend.delete("a"))
            #expect(try await !backend.delete("a"))
            #expect(try await backend.get("a") == nil)
        }
    }

    @Test func locksExcludeAndExpire() async throws {
        try await withRedis { _, client in
            let backend = RedisBackend(client: client, namespace: "locks")
            let value = try await backend.withLock("job", ttl: .seconds(5), timeout: .seconds(1)) {
                await #expect(throws: BackendError.self) {
                    try await backend.withLock("job", ttl: .seconds(5), timeout: .milliseconds(50)) {}
                }
                return 42
            }
            #expect(value == 42)
            // A lease that runs out frees the lock for the next taker.
            try await client.send("SET", "locks:{lock:stale}", "someone", "PX", "50")
            let taken = try await backend.withLock("stale", ttl: .seconds(5), timeout: .seconds(2)) { true }
            #expect(taken)
        }
    }

    @Test func throttlesShareABudgetAcrossBackendsOfOneRedis() async throws {
        try await withRedis { server, client in
            let other = RedisClient(configuration: makeConfiguration(server))
            let a = try Throttle<String>(
                uid: "shared:a:\(server.port)",
                rate: "3/day",  // a window that cannot end between these four hits but at midnight (UTC)
                backend: .fixed(RedisBackend(client: client))
            )
            let b = try Throttle<String>(
                uid: "shared:a:\(server.port)",
                rate: "3/day",
                backend: .fixed(RedisBackend(client: other)),
                registry: ThrottleRegistry()
            )
            #expect(try await a.hit("user").isAllowed)
            #expect(try await b.hit("user").isAllowed)
            #expect(try await a.hit("user").isAllowed)
            #expect(try await !b.hit("user").isAllowed)
            await other.close()
        }
    }
}
