// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import StoreTestSupport
import Testing
import Traffik
import TraffikTestSupport

@testable import TraffikRedis

/// Foreign, corrupt or planted values under a limiter key, and extreme replies: the Lua twins decide them as a fresh
/// key, exactly as the Swift functions do (one rule, ``StateBounds``, whose numbers the scripts interpolate); a check
/// never deletes a value it could not decode; no reply and no time in Swift arithmetic can trap.
@Suite struct RedisPlantedValueTests {
    static let now: Int64 = 1_700_000_000_000_000
    static let tenYears: Int64 = 10 * 365 * 86_400_000_000

    /// States no strategy writes, by strategy: far-future timestamps, numbers near `Int64.max` (which the Lua twins
    /// read as doubles), a time before any clock, a log longer than the cap.
    static func planted() -> [(Strategy, [UInt8], String)] {
        let start = now - now % 60_000_000
        var cases: [(Strategy, [UInt8], String)] = [
            (.fixedWindow, FixedWindow.State(windowStart: now + tenYears, count: 5).encoded(), "far-future window"),
            (.fixedWindow, FixedWindow.State(windowStart: .max, count: .max).encoded(), "Int64.max"),
            (.fixedWindow, FixedWindow.State(windowStart: start, count: 1 << 62).encoded(), "a count beyond any limit"),
            (
                .slidingWindowCounter,
                SlidingWindowCounter.State(windowStart: .max - 1, previous: .max, current: .max).encoded(),
                "Int64.max"
            ),
            (
                .slidingWindowCounter,
                SlidingWindowCounter.State(windowStart: now + tenYears, previous: 0, current: 5).encoded(),
                "far-future window"
            ),
            (
                .slidingWindowLog,
                SlidingWindowLog.State(entries: [.init(time: .max, cost: .max)], updatedAt: .max).encoded(),
                "Int64.max"
            ),
            (
                .slidingWindowLog,
                SlidingWindowLog.State.longerThanTheCap(from: now - 20_000, updatedAt: now).encoded(),
                "more entries than the cap"
            ),
        ]
        for bucket in [Strategy.tokenBucket(), .leakyBucketWithQueue, .gcra(burstTolerance: .seconds(10))] {
            cases += [
                (bucket, BucketState(level: .max, updatedAt: .max).encoded(), "Int64.max"),
                (bucket, BucketState(level: 300_000_000, updatedAt: now + tenYears).encoded(), "far-future updatedAt"),
                (bucket, BucketState(level: 300_000_000, updatedAt: .min + 1).encoded(), "updatedAt before any clock"),
                (bucket, BucketState(level: 1 << 60, updatedAt: now).encoded(), "a level beyond any capacity"),
            ]
        }
        return cases
    }

    @Test func aStateOutOfBoundsDecidesAsAFreshKeyInLuaAsInSwift() async throws {
        try await withRedis { _, client in
            let clock = ManualClock(microseconds: Self.now)
            let redis = RedisBackend(client: client, namespace: "planted", clock: clock)
            let memory = InMemoryBackend(clock: clock)
            let rate = try Rate.perMinute(5)
            for (index, (strategy, bytes, what)) in Self.planted().enumerated() {
                for cost in [0, 1, 5, 6] {
                    let key = "k\(index)-\(cost)"
                    try await redis.set(key, to: bytes, ttl: .seconds(3_600))
                    try await memory.set(key, to: bytes, ttl: .seconds(3_600))
                    let fresh = try await memory.decide(
                        key: "fresh-\(key)",
                        strategy: strategy,
                        rate: rate,
                        cost: cost,
                        commit: true
                    )
                    let inRedis = try await redis.decide(
                        key: key,
                        strategy: strategy,
                        rate: rate,
                        cost: cost,
                        commit: true
                    )
                    let inMemory = try await memory.decide(
                        key: key,
                        strategy: strategy,
                        rate: rate,
                        cost: cost,
                        commit: true
                    )
                    #expect(inRedis == fresh, "\(strategy), \(what), cost \(cost)")
                    #expect(inMemory == fresh, "\(strategy), \(what), cost \(cost)")
                    #expect(try await redis.get(key) == memory.get(key), "\(strategy), \(what), cost \(cost)")
                }
            }
        }
    }

    @Test func aCheckNeverDeletesAValueItCouldNotDecode() async throws {
        try await withRedis { _, client in
            let clock = ManualClock(microseconds: Self.now)
            let backend = RedisBackend(client: client, namespace: "foreign", clock: clock)
            let foreign = Array("another application's value".utf8)
            let strategies = Strategy.builtIns + [.custom(EveryOther())]
            let wrongs = try await wrongsDoneToUndecodableValues(by: backend, clock: clock, strategies: strategies) {
                strategy in [foreign] + Self.planted().filter({ $0.0 == strategy }).map(\.1)
            }
            #expect(wrongs.isEmpty, "\(wrongs)")
        }
    }

    @Test func aSlidingWindowLogAboveItsCapIsRefusedBeforeRedisRunsIt() async throws {
        try await withRedis { _, client in
            let backend = RedisBackend(client: client, namespace: "cap")
            let rate = try Rate.perMinute(SlidingWindowLog.maximumLimit + 1)
            await #expect(throws: StrategyError.self) {
                try await backend.decide(key: "k", strategy: .slidingWindowLog, rate: rate, cost: 1, commit: true)
            }
            #expect(try await client.send("DBSIZE").int == 0)
            let atTheCap = try Rate.perMinute(SlidingWindowLog.maximumLimit)
            #expect(
                try await backend.decide(key: "k", strategy: .slidingWindowLog, rate: atTheCap, cost: 1, commit: true)
                    .isAllowed
            )
        }
    }

    @Test func extremeTimesAndDurationsNeverTrap() throws {
        func time(_ seconds: String, _ micros: String) -> RESPValue {
            .array([.bulkString(Array(seconds.utf8)), .bulkString(Array(micros.utf8))])
        }
        #expect(try RedisBackend.microseconds(fromTime: time("1700000000", "999999")) == 1_700_000_000_999_999)
        for (seconds, micros) in [
            ("9223372036854775807", "0"), ("9223372036854", "775808"), ("-1", "0"), ("1", "1000000"), ("1", "-1"),
        ] {
            #expect(throws: BackendError.self, "\(seconds) \(micros)") {
                try RedisBackend.microseconds(fromTime: time(seconds, micros))
            }
        }
        #expect(ceilMilliseconds(.max) == Int64.max / 1_000 + 1)
        #expect(ceilMilliseconds(1_001) == 2)
        #expect(ceilMilliseconds(-5) == 0)
        #expect(Duration.seconds(Int64.max).microseconds == .max)
        #expect(Duration.seconds(Int64.min).microseconds == .min)
        #expect(Duration.milliseconds(1_500).microseconds == 1_500_000)
    }
}
