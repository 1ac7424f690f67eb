// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@Suite struct KeyCapacityTests {
    /// One million distinct identities never grow the table past its cap, and a throttled client stays throttled
    /// while the flood runs.
    @Test func aFloodOfIdentitiesNeitherGrowsTheTableNorFreesAThrottledClient() async throws {
        let clock = ManualClock()
        let backend = InMemoryBackend(clock: clock, maxKeys: 2_000, shards: 16)
        let rate = try Rate.perMinute(5)
        for _ in 0..<5 {
            #expect(
                try backend.decideNow(key: "victim", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
                    .isAllowed
            )
        }
        // Four tasks flood two hundred thousand new identities, a hundred times the cap; each checks on the victim as
        // it goes.
        let (admittedFlood, refusedForCapacity) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var admitted = 0
                    var refused = 0
                    for index in stride(from: worker, to: 200_000, by: 4) {
                        let decision = try backend.decideNow(
                            key: "attacker-\(index)",
                            strategy: .fixedWindow,
                            rate: rate,
                            cost: 1,
                            commit: true
                        )
                        if decision.isAllowed { admitted += 1 }
                        if decision.reason == .keyCapacity { refused += 1 }
                        // Leave the shared executor to the other tests now and then.
                        if index % 2_000 == worker { await Task.yield() }
                        if index % 10_000 == worker {
                            #expect(backend.keyCount <= 2_000)
                            let victim = try backend.decideNow(
                                key: "victim",
                                strategy: .fixedWindow,
                                rate: rate,
                                cost: 1,
                                commit: true
                            )
                            #expect(victim.outcome == .throttled)
                            #expect(victim.reason == .strategy)
                        }
                    }
                    return (admitted, refused)
                }
            }
            return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        #expect(backend.keyCount <= 2_000)
        #expect(admittedFlood + refusedForCapacity == 200_000)
        #expect(refusedForCapacity > 0)
        #expect(
            try await backend.decide(key: "victim", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).outcome
                == .throttled
        )

        // Once the window ends, every key is fresh again: new clients get in, and so does the victim.
        clock.advance(by: .seconds(60))
        #expect(
            try backend.decideNow(key: "newcomer", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
        )
        #expect(
            try backend.decideNow(key: "victim", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
        )
    }

    @Test func failNewKeysGoesThroughTheErrorPolicy() async throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxKeys: 1, shards: 1, keyCapacityPolicy: .failNewKeys)
        _ = try backend.decideNow(key: "a", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: true)
        #expect {
            try backend.decideNow(key: "b", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: true)
        } throws: { error in
            (error as? BackendError)?.kind == .keyCapacity
        }
        var configuration = Throttle<String>.Configuration(rate: "5/min")
        configuration.errorPolicy = .allow
        let throttle = try Throttle<String>(uid: uniqueUID(), backend: .fixed(backend), configuration: configuration)
        let decision = try await throttle.hit("c")
        #expect(decision.isAllowed)
        #expect(decision.reason == .errorPolicy)
    }

    @Test func evictSoonestFreshKeepsTheTableAtItsCap() throws {
        let clock = ManualClock()
        let backend = InMemoryBackend(clock: clock, maxKeys: 2, shards: 1, keyCapacityPolicy: .evictSoonestFresh)
        let rate = try Rate.perMinute(1)
        _ = try backend.decideNow(key: "long", strategy: .tokenBucket(), rate: rate, cost: 1, commit: true)
        clock.advance(by: .seconds(30))
        _ = try backend.decideNow(key: "later", strategy: .tokenBucket(), rate: rate, cost: 1, commit: true)
        // "long" refills first, so it is the one evicted.
        #expect(
            try backend.decideNow(key: "new", strategy: .tokenBucket(), rate: rate, cost: 1, commit: true).isAllowed
        )
        #expect(backend.keyCount == 2)
        #expect(
            try backend.decideNow(key: "later", strategy: .tokenBucket(), rate: rate, cost: 1, commit: true).outcome
                == .throttled
        )
        #expect(
            try backend.decideNow(key: "long", strategy: .tokenBucket(), rate: rate, cost: 1, commit: false).isAllowed
        )
    }

    @Test func checksOnAFullTableNeedNoRoom() throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxKeys: 1, shards: 1)
        _ = try backend.decideNow(key: "a", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: true)
        let check = try backend.decideNow(key: "b", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: false)
        #expect(check.isAllowed)
        let hit = try backend.decideNow(key: "b", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: true)
        #expect(hit.reason == .keyCapacity)
        #expect(hit.outcome == .throttled)
    }

    /// More shards than keys: the shards are fewer, so that each holds at least one key.
    @Test func aCapBelowTheShardCountStillAdmitsKeys() throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxKeys: 3, shards: 32)
        let rate = try Rate(parsing: "5/min")
        #expect(
            try backend.decideNow(key: "first", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
        )
        for index in 0..<100 {
            _ = try backend.decideNow(key: "k\(index)", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
        }
        #expect(backend.keyCount >= 1)
        #expect(backend.keyCount <= 3)
    }
}
