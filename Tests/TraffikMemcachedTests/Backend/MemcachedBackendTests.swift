// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import StoreTestSupport
import Testing
import Traffik

@testable import TraffikMemcached

@Suite struct MemcachedBackendTests {
    @Test func theFixedWindowIsOneCounterPerWindowWithATimeToLive() async throws {
        try await withMemcached { _, client in
            let clock = ManualClock(microseconds: 1_700_000_000_000_000)
            let backend = MemcachedBackend(client: client, namespace: "shop", clock: clock)
            for _ in 0..<3 {
                _ = try await backend.decide(
                    key: "api",
                    strategy: .fixedWindow,
                    rate: .perMinute(5),
                    cost: 1,
                    commit: true
                )
            }
            let key = try await backend.storeKey("api") + "#1699999980000000"
            let counter = try #require(try await client.get(MemcachedKey(key)))
            #expect(counter.value == Array("3".utf8))
            #expect(counter.ttl > 0)
        }
    }

    @Test func checksAndStatsWriteNothing() async throws {
        try await withMemcached { _, client in
            let clock = ManualClock()
            let backend = MemcachedBackend(client: client, namespace: "peek", clock: clock)
            for strategy in Strategy.builtIns {
                _ = try await backend.decide(key: "k", strategy: strategy, rate: .perMinute(5), cost: 1, commit: false)
                _ = try await backend.decide(key: "k", strategy: strategy, rate: .perMinute(5), cost: 0, commit: false)
            }
            #expect(try await backend.get("k") == nil)
            let window = try await backend.storeKey("k") + "#\(clock.nowMicroseconds() / 60_000_000 * 60_000_000)"
            #expect(try await client.get(MemcachedKey(window)) == nil)
        }
    }

    @Test func resetStartsANewGenerationForEveryBackendOfTheNamespace() async throws {
        try await withMemcached { servers, client in
            let other = makeClient(makeConfiguration(servers))
            let mine = MemcachedBackend(client: client, namespace: "tenant")
            let peer = MemcachedBackend(client: other, namespace: "tenant", generationRefreshInterval: .zero)
            let theirs = MemcachedBackend(client: client, namespace: "tenant-other")
            func hit(_ backend: MemcachedBackend) async throws -> Bool {
                try await backend.decide(key: "k", strategy: .tokenBucket(), rate: .perHour(1), cost: 1, commit: true)
                    .isAllowed
            }
            #expect(try await hit(mine))
            #expect(try await !hit(peer), "the peer shares the namespace's budget")
            #expect(try await hit(theirs))
            try await mine.reset()
            #expect(try await hit(peer), "a fresh budget, seen at once by a peer that reads the generation every time")
            #expect(try await !hit(mine), "and shared again")
            #expect(try await !hit(theirs), "another namespace keeps its state")
            await other.close()
        }
    }

    @Test func primitives() async throws {
        try await withMemcached { _, client in
            let backend = MemcachedBackend(client: client, namespace: "prim")
            try await backend.set("a b", to: [0, 1, 255], ttl: .seconds(30))
            #expect(try await backend.get("a b") == [0, 1, 255])
            #expect(try await backend.increment("n", by: 5, ttl: .seconds(30)) == 5)
            #expect(try await backend.increment("n", by: -2, ttl: .seconds(1)) == 3)
            let ttl = try await client.get(MemcachedKey(backend.storeKey("n")))?.ttl ?? 0
            #expect(ttl > 20, "an increment keeps an existing key's expiry")
            await #expect(throws: BackendError.self) { try await backend.increment("a b", by: 1, ttl: nil) }
            #expect(try await backend.expire("n", after: .seconds(100)))
            #expect(try await client.get(MemcachedKey(backend.storeKey("n")))?.ttl ?? 0 > 90)
            #expect(try await !backend.expire("absent", after: .seconds(1)))
            #expect(try await backend.delete("a b"))
            #expect(try await !backend.delete("a b"))
            #expect(try await backend.get("a b") == nil)
        }
    }

    @Test func locksExcludeAndExpire() async throws {
        try await withMemcached { _, client in
            let backend = MemcachedBackend(client: client, namespace: "locks")
            let value = try await backend.withLock("job", ttl: .seconds(5), timeout: .seconds(1)) {
                await #expect(throws: BackendError.self) {
                    try await backend.withLock("job", ttl: .seconds(5), timeout: .milliseconds(50)) {}
                }
                return 42
            }
            #expect(value == 42)
            #expect(try await backend.withLock("job", ttl: .seconds(5), timeout: .milliseconds(50)) { true })
            // A lease that runs out frees the lock for the next taker (Memcached counts in whole seconds).
            let stale = MemcachedKey(try await backend.storeKey("lock:stale"))
            try await client.set(stale, to: Array("someone".utf8), ttl: .seconds(1))
            let taken = try await backend.withLock("stale", ttl: .seconds(5), timeout: .seconds(4)) { true }
            #expect(taken)
        }
    }

    @Test func aStrategyOfYourOwnRunsByCompareAndSwap() async throws {
        try await withMemcached { _, client in
            let backend = MemcachedBackend(client: client, namespace: "custom")
            let decisions = try await (0..<6).asyncMap { _ in
                try await backend.decide(
                    key: "k",
                    strategy: .custom(EveryOther()),
                    rate: .perMinute(5),
                    cost: 1,
                    commit: true
                ).isAllowed
            }
            #expect(decisions == [true, false, true, false, true, false])
            #expect(backend.compareAndSwapStatistics.decisions == 6)
        }
    }
}

extension Range where Bound == Int {
    /// `transform` of each element, in order, one at a time.
    func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
