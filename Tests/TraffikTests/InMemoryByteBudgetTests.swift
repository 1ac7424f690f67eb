// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

/// The in-memory table's byte budget: long keys are charged by their bytes, and a full budget is treated as a full
/// table, by the same policy.
@Suite struct InMemoryByteBudgetTests {
    static let budget = 64 * 1_024
    static let longKey = String(repeating: "k", count: 1_000)

    static func rate() throws -> Rate { try Rate(parsing: "5/min") }

    /// The bytes a token bucket's state takes.
    static func stateBytes() async throws -> Int {
        let backend = InMemoryBackend(clock: ManualClock())
        _ = try backend.decideNow(key: "k", strategy: .tokenBucket(), rate: rate(), cost: 1, commit: true)
        return try #require(try await backend.get("k")).count
    }

    @Test func aFloodOfLongKeysStaysWithinTheByteBudget() async throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxBytes: Self.budget, shards: 1)
        let perEntry = InMemoryBackend.footprint(keyBytes: 1_000 + 6, valueBytes: try await Self.stateBytes())
        var admitted = 0
        var refused = 0
        for index in 0..<10_000 {
            let key = Self.longKey + "\(100_000 + index)"
            let decision = try backend.decideNow(
                key: key,
                strategy: .tokenBucket(),
                rate: Self.rate(),
                cost: 1,
                commit: true
            )
            if decision.isAllowed { admitted += 1 }
            if decision.reason == .keyCapacity { refused += 1 }
            #expect(backend.byteCount <= Self.budget)
        }
        #expect(admitted == Self.budget / perEntry)
        #expect(refused == 10_000 - admitted)
        #expect(backend.byteCount == admitted * perEntry)
        #expect(backend.keyCount == admitted)
    }

    /// Four tasks flood long keys while a throttled client keeps hitting: exactly the budget's worth of keys get in,
    /// and the client stays throttled until its window ends.
    @Test func aThrottledClientSurvivesAConcurrentFloodOfLongKeys() async throws {
        let clock = ManualClock()
        let backend = InMemoryBackend(clock: clock, maxBytes: Self.budget, shards: 1)
        let rate = try Self.rate()
        var victimAdmitted = 0
        for _ in 0..<8 {
            if try backend.decideNow(key: "victim", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
            {
                victimAdmitted += 1
            }
        }
        #expect(victimAdmitted == 5)
        let victimBytes = backend.byteCount
        let state = try #require(try await backend.get("victim")).count
        let perEntry = InMemoryBackend.footprint(keyBytes: 1_000 + 6, valueBytes: state)
        let (flood, victim) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var flood = 0
                    var victim = 0
                    for index in stride(from: worker, to: 4_000, by: 4) {
                        let key = Self.longKey + "\(100_000 + index)"
                        if try backend.decideNow(key: key, strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
                            .isAllowed
                        {
                            flood += 1
                        }
                        if try backend.decideNow(
                            key: "victim",
                            strategy: .fixedWindow,
                            rate: rate,
                            cost: 1,
                            commit: true
                        )
                        .isAllowed {
                            victim += 1
                        }
                    }
                    return (flood, victim)
                }
            }
            return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        #expect(flood == (Self.budget - victimBytes) / perEntry)
        #expect(victim == 0)
        #expect(backend.byteCount <= Self.budget)
        clock.advance(by: .seconds(60))
        #expect(
            try backend.decideNow(key: "victim", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
        )
    }

    @Test func theKeyCapAndTheByteBudgetBothHold() throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxKeys: 10, maxBytes: Self.budget, shards: 1)
        var admitted = 0
        for index in 0..<100 {
            if try backend.decideNow(key: "k\(index)", strategy: .fixedWindow, rate: Self.rate(), cost: 1, commit: true)
                .isAllowed
            {
                admitted += 1
            }
        }
        #expect(admitted == 10)
        #expect(backend.keyCount == 10)
    }

    @Test func primitivesAcceptLongKeysAndChargeTheirBytes() async throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxBytes: Self.budget, shards: 1)
        let key = String(repeating: "x", count: 10_000)
        try await backend.set(key, to: [1, 2, 3], ttl: nil)
        #expect(try await backend.get(key) == [1, 2, 3])
        #expect(backend.byteCount == InMemoryBackend.footprint(keyBytes: 10_000, valueBytes: 3))
        #expect(try await backend.increment("n", by: 12, ttl: nil) == 12)
        #expect(
            backend.byteCount
                == InMemoryBackend.footprint(keyBytes: 10_000, valueBytes: 3)
                + InMemoryBackend.footprint(keyBytes: 1, valueBytes: 2)
        )
        #expect(try await backend.delete(key))
        #expect(backend.byteCount == InMemoryBackend.footprint(keyBytes: 1, valueBytes: 2))
    }

    @Test func anEntryLargerThanTheBudgetIsRefusedAndEvictsNothing() async throws {
        let backend = InMemoryBackend(
            clock: ManualClock(),
            maxBytes: Self.budget,
            shards: 1,
            keyCapacityPolicy: .evictSoonestFresh
        )
        try await backend.set("small", to: [1], ttl: .seconds(10))
        await #expect {
            try await backend.set(String(repeating: "x", count: Self.budget), to: [1], ttl: .seconds(1))
        } throws: { error in
            (error as? BackendError)?.kind == .keyCapacity
        }
        await #expect {
            try await backend.set("small", to: [UInt8](repeating: 0, count: Self.budget), ttl: nil)
        } throws: { error in
            (error as? BackendError)?.kind == .keyCapacity
        }
        // The old value is untouched.
        #expect(try await backend.get("small") == [1])
        #expect {
            try backend.decideNow(
                key: String(repeating: "y", count: Self.budget),
                strategy: .fixedWindow,
                rate: Self.rate(),
                cost: 1,
                commit: true
            )
        } throws: { error in
            (error as? BackendError)?.kind == .keyCapacity
        }
        #expect(backend.keyCount == 1)
        // Under the default policy the same request is refused, as any request for a key that finds no room.
        let refusing = InMemoryBackend(clock: ManualClock(), maxBytes: Self.budget, shards: 1)
        let refusal = try refusing.decideNow(
            key: String(repeating: "y", count: Self.budget),
            strategy: .fixedWindow,
            rate: Self.rate(),
            cost: 1,
            commit: true
        )
        #expect(refusal.reason == .keyCapacity)
        #expect(refusing.keyCount == 0)
    }

    @Test func aValueThatGrowsPastTheBudgetFollowsThePolicy() async throws {
        let backend = InMemoryBackend(clock: ManualClock(), maxBytes: 8 * 1_024, shards: 1)
        try await backend.set("a", to: [1], ttl: nil)
        try await backend.set("b", to: [1], ttl: nil)
        let room = 8 * 1_024 - backend.byteCount
        try await backend.set("a", to: [UInt8](repeating: 2, count: 1 + room), ttl: nil)
        #expect(backend.byteCount == 8 * 1_024)
        await #expect {
            try await backend.set("b", to: [1, 2], ttl: nil)
        } throws: { error in
            (error as? BackendError)?.kind == .keyCapacity
        }
        #expect(try await backend.get("b") == [1])
        // Shrinking always fits.
        try await backend.set("a", to: [3], ttl: nil)
        try await backend.set("b", to: [1, 2], ttl: nil)
        #expect(try await backend.get("b") == [1, 2])
    }

    /// Under `evictSoonestFresh`, a long key evicts as many soonest-fresh keys as it needs, and no more.
    @Test func evictSoonestFreshMakesRoomForALongKey() async throws {
        let clock = ManualClock()
        let backend = InMemoryBackend(
            clock: clock,
            maxBytes: Self.budget,
            shards: 1,
            keyCapacityPolicy: .evictSoonestFresh
        )
        var index = 0
        while backend.byteCount + InMemoryBackend.footprint(keyBytes: 5, valueBytes: 1) <= Self.budget {
            try await backend.set("k\(1_000 + index)", to: [1], ttl: .seconds(Int64(100 + index)))
            index += 1
        }
        let held = backend.keyCount
        let long = String(repeating: "z", count: 2_000)
        try await backend.set(long, to: [1], ttl: .seconds(1_000))
        #expect(backend.byteCount <= Self.budget)
        // The keys that expire soonest went first.
        #expect(try await backend.get("k1000") == nil)
        #expect(try await backend.get("k\(1_000 + held - 1)") == [1])
        let perKey = InMemoryBackend.footprint(keyBytes: 5, valueBytes: 1)
        let needed = InMemoryBackend.footprint(keyBytes: 2_000, valueBytes: 1) - (Self.budget - held * perKey)
        #expect(backend.keyCount == held - (needed + perKey - 1) / perKey + 1)
    }

    /// A sliding window log grows with each admission; once it would take the shard past its budget, its hits are
    /// refused for capacity and its state stays as it was.
    @Test func aGrowingStateIsRefusedAtTheBudgetAndKeepsItsState() async throws {
        let clock = ManualClock()
        let budget = 8 * 1_024
        let backend = InMemoryBackend(clock: clock, maxBytes: budget, shards: 1)
        let rate = try Rate(parsing: "1000/min")
        var admitted = 0
        var refused = 0
        var lastState: [UInt8]? = nil
        for _ in 0..<1_000 {
            clock.advance(by: .milliseconds(1))
            let decision = try backend.decideNow(
                key: "log",
                strategy: .slidingWindowLog,
                rate: rate,
                cost: 1,
                commit: true
            )
            if decision.isAllowed {
                admitted += 1
                #expect(refused == 0)
                lastState = try await backend.get("log")
            }
            if decision.reason == .keyCapacity {
                refused += 1
                #expect(try await backend.get("log") == lastState)
            }
            #expect(backend.byteCount <= budget)
        }
        #expect(admitted > 0)
        #expect(refused > 0)
        #expect(admitted + refused == 1_000)
    }
}
