// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Traffik

/// The work a full shard does per request, counted in entries examined (never timed).
@Suite struct InMemoryEvictionTests {
    static let capacity = 1_024

    static func rate() throws -> Rate { try Rate(parsing: "5/min") }

    /// A shard holding `capacity` live keys, each with a consumed budget and an expiry of its own.
    static func fullShard(policy: KeyCapacityPolicy, clock: ManualClock) throws -> InMemoryBackend {
        let backend = InMemoryBackend(clock: clock, maxKeys: capacity, shards: 1, keyCapacityPolicy: policy)
        for index in 0..<capacity {
            clock.advance(by: .milliseconds(1))
            _ = try backend.decideNow(
                key: "live-\(index)",
                strategy: .tokenBucket(),
                rate: rate(),
                cost: 5,
                commit: true
            )
        }
        #expect(backend.keyCount == capacity)
        return backend
    }

    /// The most entries one request may examine in a shard of `capacity` keys: a few heap levels, a constant.
    static var bound: Int {
        var levels = 0
        while (1 << levels) < capacity { levels += 1 }
        return 4 * (levels + 2)
    }

    /// Runs `request` `count` times, expecting each to examine at most `limit` entries.
    static func expectBoundedWork(
        _ backend: InMemoryBackend,
        count: Int,
        limit: Int,
        _ request: (Int) throws -> Void
    ) rethrows {
        var worst = 0
        for index in 0..<count {
            let before = backend.entriesExamined
            try request(index)
            worst = max(worst, backend.entriesExamined - before)
        }
        #expect(worst <= limit, "a request examined \(worst) entries")
    }

    @Test func aNewKeyIntoAFullShardOfLiveKeysIsRefusedAfterLookingAtTheRoot() throws {
        let backend = try Self.fullShard(policy: .default, clock: ManualClock())
        var refused = 0
        try Self.expectBoundedWork(backend, count: 10_000, limit: 2) { index in
            let decision = try backend.decideNow(
                key: "flood-\(index)",
                strategy: .tokenBucket(),
                rate: Self.rate(),
                cost: 1,
                commit: true
            )
            if decision.reason == .keyCapacity { refused += 1 }
        }
        #expect(refused == 10_000)
        #expect(backend.keyCount == Self.capacity)
    }

    @Test func failNewKeysOnAFullShardAlsoLooksAtTheRootOnly() throws {
        let backend = try Self.fullShard(policy: .failNewKeys, clock: ManualClock())
        var failed = 0
        try Self.expectBoundedWork(backend, count: 1_000, limit: 2) { index in
            do {
                _ = try backend.decideNow(
                    key: "flood-\(index)",
                    strategy: .tokenBucket(),
                    rate: Self.rate(),
                    cost: 1,
                    commit: true
                )
            } catch let error as BackendError where error.kind == .keyCapacity {
                failed += 1
            }
        }
        #expect(failed == 1_000)
    }

    @Test func evictingTheSoonestFreshKeyExaminesAFewHeapLevels() async throws {
        let clock = ManualClock()
        let backend = try Self.fullShard(policy: .evictSoonestFresh, clock: clock)
        var admitted = 0
        try Self.expectBoundedWork(backend, count: 10_000, limit: Self.bound) { index in
            clock.advance(by: .microseconds(10))
            let decision = try backend.decideNow(
                key: "flood-\(index)",
                strategy: .tokenBucket(),
                rate: Self.rate(),
                cost: 1,
                commit: true
            )
            if decision.isAllowed { admitted += 1 }
        }
        #expect(admitted == 10_000)
        #expect(backend.keyCount == Self.capacity)
        #expect(backend.isConsistent)
        // Each flood key (one token of five spent) is fresh again after 12 s, before any full bucket (60 s): the first
        // evicted the bucket that refills soonest, and each later one evicted the flood key before it.
        #expect(try await backend.get("live-0") == nil)
        #expect(try await backend.get("live-1") != nil)
        #expect(try await backend.get("live-\(Self.capacity - 1)") != nil)
        #expect(try await backend.get("flood-9998") == nil)
        #expect(try await backend.get("flood-9999") != nil)
    }

    @Test func updatesToLiveKeysExamineAFewHeapLevels() throws {
        let clock = ManualClock()
        let backend = try Self.fullShard(policy: .default, clock: clock)
        // Each hit moves a token bucket's expiry later, so the key sinks in the heap.
        try Self.expectBoundedWork(backend, count: 10_000, limit: Self.bound) { index in
            clock.advance(by: .milliseconds(1))
            _ = try backend.decideNow(
                key: "live-\(index % Self.capacity)",
                strategy: .tokenBucket(),
                rate: Self.rate(),
                cost: 1,
                commit: true
            )
        }
        #expect(backend.isConsistent)
    }

    /// Fixed windows that all end at once leave a full shard of expired keys: new keys get in at once, each
    /// dropping a few expired keys, and the table shrinks back to its live keys with no sweep.
    @Test func keysThatExpireTogetherAreDroppedAFewAtATime() throws {
        let clock = ManualClock()
        let backend = InMemoryBackend(clock: clock, maxKeys: Self.capacity, shards: 1)
        for index in 0..<Self.capacity {
            _ = try backend.decideNow(
                key: "old-\(index)",
                strategy: .fixedWindow,
                rate: Self.rate(),
                cost: 1,
                commit: true
            )
        }
        clock.advance(by: .seconds(60))
        var admitted = 0
        try Self.expectBoundedWork(backend, count: Self.capacity / 2, limit: Self.bound) { index in
            let decision = try backend.decideNow(
                key: "new-\(index)",
                strategy: .fixedWindow,
                rate: Self.rate(),
                cost: 1,
                commit: true
            )
            if decision.isAllowed { admitted += 1 }
        }
        #expect(admitted == Self.capacity / 2)
        #expect(backend.keyCount == Self.capacity / 2)
        #expect(backend.isConsistent)
    }

    /// Four tasks flood distinct keys into one shard while a throttled client hits: exactly the cap's worth of keys
    /// get in, the client stays throttled, and the heap stays consistent.
    @Test(arguments: [KeyCapacityPolicy.default, .evictSoonestFresh])
    func concurrentFloodsAdmitExactlyTheCap(policy: KeyCapacityPolicy) async throws {
        let clock = ManualClock()
        let backend = InMemoryBackend(clock: clock, maxKeys: 500, shards: 1, keyCapacityPolicy: policy)
        let rate = try Self.rate()
        // The victim's bucket is empty: it refills in 60 s, after any flood key's (one token spent, 12 s), so
        // evictSoonestFresh never picks it.
        #expect(
            try backend.decideNow(key: "victim", strategy: .tokenBucket(), rate: rate, cost: 5, commit: true).isAllowed
        )
        let (admitted, victim) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var admitted = 0
                    var victim = 0
                    for index in stride(from: worker, to: 20_000, by: 4) {
                        let key = "flood-\(index)"
                        if try backend.decideNow(key: key, strategy: .tokenBucket(), rate: rate, cost: 1, commit: true)
                            .isAllowed
                        {
                            admitted += 1
                        }
                        if index % 100 == worker,
                            try backend.decideNow(
                                key: "victim",
                                strategy: .tokenBucket(),
                                rate: rate,
                                cost: 1,
                                commit: true
                            )
                            .isAllowed
                        {
                            victim += 1
                        }
                    }
                    return (admitted, victim)
                }
            }
            return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        #expect(admitted == (policy == .default ? 499 : 20_000))
        #expect(victim == 0)
        #expect(backend.keyCount == 500)
        #expect(backend.isConsistent)
    }

    /// Random operations against a model that scans everything: the heap always agrees with it on what is held and
    /// on which key is evicted.
    @Test(arguments: [1, 2, 3, 4])
    func randomOperationsAgreeWithAScanningModel(seed: UInt64) async throws {
        let clock = ManualClock()
        let capacity = 40
        let backend = InMemoryBackend(clock: clock, maxKeys: capacity, shards: 1, keyCapacityPolicy: .evictSoonestFresh)
        var model: [String: (value: [UInt8], expiresAt: Int64)] = [:]
        var random = SplitMix(seed: seed)
        var distinct: Int64 = 0
        for step in 0..<20_000 {
            let now = clock.nowMicroseconds()
            model = model.filter { $0.value.expiresAt > now }
            let key = "k\(random.next(below: 120))"
            switch random.next(below: 10) {
            case 0...4:
                // Distinct lifetimes, so that the soonest key is unique.
                distinct += 1
                let ttl = Int64(random.next(below: 5_000) + 1) * 1_000 + distinct % 1_000
                let value = [UInt8](repeating: UInt8(step % 256), count: Int(random.next(below: 4)) + 1)
                if model[key] == nil, model.count >= capacity,
                    let soonest = model.min(by: { $0.value.expiresAt < $1.value.expiresAt })
                {
                    model[soonest.key] = nil
                }
                model[key] = (value, now + ttl)
                try await backend.set(key, to: value, ttl: .microseconds(ttl))
            case 5:
                #expect(try await backend.delete(key) == (model.removeValue(forKey: key) != nil))
            case 6:
                let ttl = Int64(random.next(below: 3_000) + 1) * 1_000 + 500
                let held = model[key] != nil
                if held { model[key]?.expiresAt = now + ttl }
                #expect(try await backend.expire(key, after: .microseconds(ttl)) == held)
            case 7:
                clock.advance(by: .microseconds(Int64(random.next(below: 400_000))))
            default:
                #expect(try await backend.get(key) == model[key]?.value)
            }
            if step % 500 == 0 { #expect(backend.isConsistent) }
        }
        for index in 0..<120 {
            #expect(try await backend.get("k\(index)") == model["k\(index)"]?.value)
        }
        #expect(backend.isConsistent)
    }
}

/// A small seeded generator, so random tests replay exactly.
private struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % bound
    }
}
