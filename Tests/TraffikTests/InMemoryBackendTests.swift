// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@Suite struct InMemoryBackendTests {
    let clock = ManualClock()

    @Test func decideStoresStateUntilItIsFresh() async throws {
        let backend = InMemoryBackend(clock: clock)
        let rate = try Rate.perMinute(2)
        for _ in 0..<2 {
            #expect(
                try await backend.decide(key: "k", strategy: .tokenBucket(), rate: rate, cost: 1, commit: true)
                    .isAllowed
            )
        }
        #expect(
            try await !backend.decide(key: "k", strategy: .tokenBucket(), rate: rate, cost: 1, commit: true).isAllowed
        )
        #expect(backend.keyCount == 1)
        // The bucket refills completely after a minute: the key is then as good as absent and is dropped on read.
        clock.advance(by: .seconds(60))
        #expect(try await backend.get("k") == nil)
        #expect(backend.keyCount == 0)
    }

    @Test func checkChangesNothing() async throws {
        let backend = InMemoryBackend(clock: clock)
        let rate = try Rate.perMinute(1)
        for _ in 0..<5 {
            #expect(try await backend.check(key: "k", strategy: .fixedWindow, rate: rate, cost: 1).isAllowed)
        }
        #expect(backend.keyCount == 0)
        #expect(try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed)
    }

    @Test func unlimitedTouchesNothing() async throws {
        let backend = InMemoryBackend(clock: clock)
        let decision = try await backend.decide(
            key: "k",
            strategy: .fixedWindow,
            rate: .unlimited,
            cost: 5,
            commit: true
        )
        #expect(decision.isAllowed)
        #expect(decision.reason == .unlimited)
        #expect(backend.keyCount == 0)
    }

    @Test func getSetDeleteExpire() async throws {
        let backend = InMemoryBackend(clock: clock)
        try await backend.set("a", to: [1, 2, 3], ttl: .seconds(10))
        #expect(try await backend.get("a") == [1, 2, 3])
        clock.advance(by: .seconds(9))
        #expect(try await backend.expire("a", after: .seconds(5)))
        clock.advance(by: .seconds(4))
        #expect(try await backend.get("a") == [1, 2, 3])
        clock.advance(by: .seconds(1))
        #expect(try await backend.get("a") == nil)
        #expect(try await !backend.expire("a", after: .seconds(5)))

        try await backend.set("b", to: [9], ttl: nil)
        clock.advance(by: .seconds(86_400 * 365))
        #expect(try await backend.get("b") == [9])
        #expect(try await backend.delete("b"))
        #expect(try await !backend.delete("b"))
    }

    @Test func incrementSetsTheTTLOnlyWhenCreating() async throws {
        let backend = InMemoryBackend(clock: clock)
        #expect(try await backend.increment("n", by: 2, ttl: .seconds(10)) == 2)
        clock.advance(by: .seconds(8))
        #expect(try await backend.increment("n", by: 3, ttl: .seconds(10)) == 5)
        clock.advance(by: .seconds(2))
        #expect(try await backend.get("n") == nil)
        #expect(try await backend.increment("n", by: -1, ttl: nil) == -1)
        #expect(try await backend.get("n") == Array("-1".utf8))
    }

    @Test func incrementOnBytesFailsClearly() async throws {
        let backend = InMemoryBackend(clock: clock)
        try await backend.set("x", to: [0xFF], ttl: nil)
        await #expect {
            _ = try await backend.increment("x", by: 1, ttl: nil)
        } throws: { error in
            (error as? BackendError)?.kind == .invalidValue
        }
    }

    @Test func resetRemovesEverything() async throws {
        let backend = InMemoryBackend(clock: clock)
        for index in 0..<100 {
            try await backend.set("k\(index)", to: [1], ttl: nil)
        }
        #expect(backend.keyCount == 100)
        try await backend.reset()
        #expect(backend.keyCount == 0)
    }

    @Test func concurrentIncrementsAreExact() async throws {
        let backend = InMemoryBackend(clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<1_000 {
                group.addTask { _ = try await backend.increment("n", by: 1, ttl: .seconds(60)) }
            }
            try await group.waitForAll()
        }
        #expect(try await backend.get("n") == Array("1000".utf8))
    }

    @Test func sweepDropsExpiredKeysAsTheTableGrows() async throws {
        let backend = InMemoryBackend(clock: clock, shards: 1)
        for index in 0..<1_000 {
            try await backend.set("old\(index)", to: [1], ttl: .seconds(1))
        }
        clock.advance(by: .seconds(2))
        for index in 0..<1_000 {
            try await backend.set("new\(index)", to: [1], ttl: nil)
        }
        // Each insert dropped up to two expired keys from the expiry heap's root, without anyone reading them and
        // with no sweep: every expired key is gone.
        #expect(backend.keyCount == 1_000)
    }

    /// `set` on a key that holds a live value replaces the value and its lifetime (it used to keep the old ones).
    @Test func setReplacesALiveValueAndItsLifetime() async throws {
        let backend = InMemoryBackend(clock: clock)
        try await backend.set("a", to: [1], ttl: .seconds(10))
        try await backend.set("a", to: [2, 2], ttl: .seconds(100))
        #expect(try await backend.get("a") == [2, 2])
        clock.advance(by: .seconds(50))
        #expect(try await backend.get("a") == [2, 2])
        try await backend.set("a", to: [3], ttl: .seconds(1))
        clock.advance(by: .seconds(1))
        #expect(try await backend.get("a") == nil)
        #expect(backend.keyCount == 0)
    }
}
