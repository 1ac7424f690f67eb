// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik
import TraffikTestSupport

/// A state no strategy could have written (a planted far-future timestamp, an impossible count or level, a log
/// longer than the cap, a time before any clock) decides exactly as no state: a fresh key, never a trap and never
/// a client refused for years. Within the tolerance a clock that stepped back keeps its state (a
/// ``StrategyProperty``, ``StrategyProperty/aSpentBudgetSurvivesAStepBackWithinTheTolerance``).
@Suite struct PlantedStateTests {
    static let now: Int64 = 1_700_000_000_000_000
    static let minute: Int64 = 60_000_000
    static let tenYears: Int64 = 10 * 365 * 86_400_000_000
    static func rate() throws -> Rate { try .perMinute(5) }

    /// Strategies and states out of bounds for them at `now` and 5 per minute.
    static func planted() -> [(Strategy, [UInt8], String)] {
        let start = now - now % minute
        var cases: [(Strategy, [UInt8], String)] = [
            (.fixedWindow, FixedWindow.State(windowStart: now + tenYears, count: 5).encoded(), "far-future window"),
            (.fixedWindow, FixedWindow.State(windowStart: start, count: .max).encoded(), "count beyond any limit"),
            (.fixedWindow, FixedWindow.State(windowStart: .max, count: 5).encoded(), "window at Int64.max"),
            (
                .slidingWindowCounter,
                SlidingWindowCounter.State(windowStart: now + tenYears, previous: 0, current: 5).encoded(),
                "far-future window"
            ),
            (
                .slidingWindowCounter,
                SlidingWindowCounter.State(windowStart: start, previous: .max, current: 0).encoded(),
                "previous count beyond any limit"
            ),
            (
                .slidingWindowLog,
                SlidingWindowLog.State(entries: [.init(time: now + tenYears, cost: 5)], updatedAt: now + tenYears)
                    .encoded(),
                "far-future log"
            ),
            (
                .slidingWindowLog,
                SlidingWindowLog.State(entries: [.init(time: now + 1_000, cost: 5)], updatedAt: now).encoded(),
                "an entry later than updatedAt"
            ),
            (
                .slidingWindowLog,
                SlidingWindowLog.State(entries: [.init(time: now, cost: .max)], updatedAt: now).encoded(),
                "an entry's cost beyond any limit"
            ),
            (
                .slidingWindowLog,
                SlidingWindowLog.State.longerThanTheCap(from: now - 10_000, updatedAt: now).encoded(),
                "more entries than the cap"
            ),
        ]
        for bucket in [
            Strategy.tokenBucket(), .tokenBucketWithDebt(maxDebt: 2), .leakyBucket, .leakyBucketWithQueue, .gcra(),
        ] {
            cases += [
                (bucket, BucketState(level: 5 * minute, updatedAt: now + tenYears).encoded(), "far-future updatedAt"),
                (bucket, BucketState(level: .max, updatedAt: now).encoded(), "level beyond any capacity"),
                (bucket, BucketState(level: 5 * minute, updatedAt: .min + 1).encoded(), "updatedAt before any clock"),
                (bucket, BucketState(level: 5 * minute, updatedAt: .max).encoded(), "updatedAt at Int64.max"),
            ]
        }
        return cases
    }

    @Test func aStateOutOfBoundsDecidesAsAFreshKey() throws {
        let rate = try Self.rate()
        for (strategy, bytes, what) in Self.planted() {
            for cost in [0, 1, 5, 6] {
                let planted = strategy.decide(encoded: bytes, now: Self.now, rate: rate, cost: cost)
                let fresh = strategy.decide(encoded: nil, now: Self.now, rate: rate, cost: cost)
                #expect(planted.decision == fresh.decision, "\(strategy), \(what), cost \(cost)")
                #expect(planted.state == fresh.state, "\(strategy), \(what), cost \(cost)")
                #expect(planted.ttlMicroseconds == fresh.ttlMicroseconds, "\(strategy), \(what), cost \(cost)")
            }
            #expect(!strategy.holdsExpiredState(bytes, now: Self.now, rate: rate), "\(strategy), \(what)")
        }
    }

    /// A long period stretches the tolerance to one period.
    @Test func theToleranceIsAtLeastOnePeriod() throws {
        let day = try Rate.perDay(5)
        #expect(StateBounds(now: Self.now, rate: day).tolerance == 86_400_000_000)
        #expect(StateBounds(now: Self.now, rate: day).admits(time: Self.now + 86_400_000_000))
        #expect(!StateBounds(now: Self.now, rate: day).admits(time: Self.now + 86_400_000_001))
    }

    /// A check may delete only a state that decoded within bounds and is as good as none.
    @Test func onlyAnExpiredStateOfTheStrategyCountsAsExpired() throws {
        let rate = try Self.rate()
        for strategy in Strategy.builtIns {
            let written = strategy.decide(encoded: nil, now: Self.now, rate: rate, cost: 1)
            #expect(!strategy.holdsExpiredState(written.state, now: Self.now, rate: rate), "\(strategy)")
            #expect(strategy.holdsExpiredState(written.state, now: Self.now + 10 * Self.minute, rate: rate))
            for foreign in [Array("hello".utf8), [], [0x10], Array(repeating: 0xFF, count: 40)] {
                #expect(!strategy.holdsExpiredState(foreign, now: Self.now, rate: rate), "\(strategy) \(foreign)")
            }
        }
    }

    /// Decisions never carry a number beyond 2^53, the range the Lua twins reply in, whatever the rate.
    @Test func decisionsStayWithinTheRangeOfExactDoubles() throws {
        let slow = try Rate(limit: 1, period: .microseconds(Rate.maximumWork))
        for strategy in Strategy.builtIns {
            let spent = strategy.decide(encoded: nil, now: Self.now, rate: slow, cost: 1)
            let back = strategy.decide(encoded: spent.state, now: Self.now - Rate.maximumWork, rate: slow, cost: 1)
            for decision in [spent.decision, back.decision] {
                #expect(decision.retryAfterMicroseconds <= StateBounds.maximumValue, "\(strategy)")
                #expect(decision.resetAfterMicroseconds <= StateBounds.maximumValue, "\(strategy)")
                #expect(decision.delayMicroseconds <= StateBounds.maximumValue, "\(strategy)")
            }
        }
    }
}
