// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// Boundaries of the strategies: the fastest rates, the shortest and longest periods, window edges, and times
/// before the epoch.
@Suite struct StrategyEdgeCaseTests {
    static let t0: Int64 = 1_700_000_000_000_000
    static let windows: [Strategy] = [.fixedWindow, .slidingWindowCounter, .slidingWindowLog]
    static let buckets: [Strategy] = [.tokenBucket(), .tokenBucketWithDebt(), .leakyBucket, .leakyBucketWithQueue]

    @Test(arguments: windows + buckets)
    func aMillionPerSecondAdmitsTheWholeLimitAtOnce(strategy: Strategy) throws {
        let rate = try Rate.perSecond(1_000_000)
        let trace = replayTrace(strategy, rate: rate, start: Self.t0, [(0, 999_999), (0, 1), (0, 1), (0, 0)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .allowed, .throttled, .throttled])
        // A bucket drains one unit per microsecond; a window waits for its end, or for the admissions to leave it.
        // The sliding counter still weighs the full previous window at the next one's start, so it waits 1 µs more.
        let expected: Int64 =
            switch strategy {
            case .slidingWindowCounter: 1_000_001
            case .fixedWindow, .slidingWindowLog: 1_000_000
            default: 1
            }
        #expect(trace[2].decision.retryAfterMicroseconds == expected)
        #expect(trace[3].decision.retryAfterMicroseconds == expected)
    }

    @Test(arguments: [Strategy.fixedWindow, .slidingWindowLog, .gcra()] + buckets)
    func oneUnitPerMicrosecond(strategy: Strategy) throws {
        let rate = try! Rate(limit: 1, period: .microseconds(1))
        let trace = replayTrace(strategy, rate: rate, start: Self.t0, Array(repeating: (1, 1), count: 20) + [(0, 1)])
        #expect(trace.prefix(20).allSatisfy { $0.decision.isAllowed })
        #expect(trace[20].decision.outcome == .throttled)
        #expect(trace[20].decision.retryAfterMicroseconds == 1)
        #expect(trace.prefix(20).allSatisfy { $0.decision.limit == 1 && $0.decision.remaining == 0 })
    }

    /// With a one-microsecond window, the previous window weighs fully for the whole of the next one: the sliding
    /// counter admits one unit every other microsecond.
    @Test func slidingWindowCounterAtOneUnitPerMicrosecond() throws {
        let rate = try! Rate(limit: 1, period: .microseconds(1))
        let trace = replayTrace(.slidingWindowCounter, rate: rate, start: Self.t0, Array(repeating: (1, 1), count: 20))
        #expect(trace.map(\.decision.isAllowed) == (0..<20).map { $0 % 2 == 0 })
        #expect(trace.filter { !$0.decision.isAllowed }.allSatisfy { $0.decision.retryAfterMicroseconds == 1 })
    }

    @Test func gcraAtAMillionPerSecondSpacesRequestsOneMicrosecondApart() throws {
        let rate = try Rate.perSecond(1_000_000)
        let trace = replayTrace(.gcra(), rate: rate, start: Self.t0, [(0, 1), (0, 1), (1, 1), (0, 1)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed, .throttled])
        #expect(trace[1].decision.retryAfterMicroseconds == 1)
        // A tolerance of 10 µs lets 11 pass at once.
        let tolerant = Strategy.gcra(burstTolerance: .microseconds(10))
        let burst = replayTrace(tolerant, rate: rate, start: Self.t0, Array(repeating: (0, 1), count: 12))
        #expect(burst.map(\.decision.isAllowed) == Array(repeating: true, count: 11) + [false])
        #expect(burst[0].decision.limit == 11)
    }

    @Test func subMillisecondFixedWindowsAreAlignedToTheEpoch() throws {
        let rate = try! Rate(limit: 2, period: .microseconds(250))
        // 1 700 000 000 000 000 is a multiple of 250 µs; start 240 µs into a window.
        let trace = replayTrace(.fixedWindow, rate: rate, start: Self.t0 + 240, [(0, 2), (9, 1), (1, 1), (249, 2)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed, .throttled])
        #expect(trace[1].decision.retryAfterMicroseconds == 1)
        #expect(trace[3].decision.retryAfterMicroseconds == 1)
    }

    @Test func slidingWindowLogPeriodIsHalfOpen() throws {
        let rate = try! Rate(limit: 1, period: .microseconds(500))
        // An admission at t is inside (t' − W, t'] until t' = t + W.
        let trace = replayTrace(.slidingWindowLog, rate: rate, start: Self.t0, [(0, 1), (499, 1), (1, 1)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed])
        #expect(trace[1].decision.retryAfterMicroseconds == 1)
    }

    @Test func slidingWindowCounterWeighsThePreviousWindowFullyAtItsStart() throws {
        let rate = try! Rate(limit: 4, period: .microseconds(100))
        let start = Self.t0 + 99
        // Four in the last microsecond of a window: at the next window's start they still weigh four.
        let trace = replayTrace(.slidingWindowCounter, rate: rate, start: start, [(0, 4), (1, 1), (25, 1), (0, 1)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed, .throttled])
        // 4 × (100 − d) / 100 + 1 ≤ 4 once d ≥ 25 µs.
        #expect(trace[1].decision.retryAfterMicroseconds == 25)
        // Then 4 × 75 / 100 + 1 = 4: the next unit waits until 4 × (100 − d) / 100 + 2 ≤ 4, at d = 50.
        #expect(trace[3].decision.retryAfterMicroseconds == 25)
    }

    @Test func queueDelaysAreSpacedByTheEmissionInterval() throws {
        let fast = try replayTrace(
            .leakyBucketWithQueue,
            rate: .perSecond(1_000_000),
            start: Self.t0,
            Array(repeating: (0, 1), count: 5)
        )
        #expect(fast.map(\.decision.delayMicroseconds) == [0, 1, 2, 3, 4])
        let slow = try replayTrace(
            .leakyBucketWithQueue,
            rate: .perSecond(4),
            start: Self.t0,
            [(0, 2), (0, 1), (0, 0)]
        )
        // A cost of 2 takes two intervals; a cost-0 check is not queued.
        #expect(slow.map(\.decision.delayMicroseconds) == [0, 500_000, 0])
    }

    @Test(arguments: windows + buckets + [.gcra(burstTolerance: .seconds(82_800))])
    func aDayLongPeriodNearTheLargestCountableWorkStaysExact(strategy: Strategy) throws {
        // 50 000 per day is 4.32 × 10^15 ticks, just under Rate.maximumWork (2^52).
        let rate = try! Rate(limit: 50_000, period: .seconds(86_400))
        let trace = replayTrace(strategy, rate: rate, start: Self.t0, [(0, 25_000), (0, 25_000), (0, 1)])
        let gcra = !Self.windows.contains(strategy) && !Self.buckets.contains(strategy)
        // GCRA: 1 + 23 h × 50 000 / 24 h = 47 917 units at once.
        #expect(trace.map(\.decision.isAllowed) == (gcra ? [true, false, true] : [true, true, false]))
        if Self.buckets.contains(strategy) {
            // One unit drains in 86 400 s / 50 000 = 1.728 s.
            #expect(trace[2].decision.retryAfterMicroseconds == 1_728_000)
        }
    }

    @Test func capacitiesAreCappedAtTheLargestCountableWork() throws {
        let rate = try Rate.perDay(1_000)
        let cap = Int(Rate.maximumWork / rate.periodMicroseconds)
        for strategy in [Strategy.tokenBucket(burst: 1_000_000), .gcra(burstTolerance: .seconds(86_400 * 365))] {
            let fresh = strategy.decide(encoded: nil, now: Self.t0, rate: rate, cost: 0).decision
            #expect(fresh.limit == cap)
            #expect(fresh.remaining == cap)
            #expect(strategy.decide(encoded: nil, now: Self.t0, rate: rate, cost: cap).decision.isAllowed)
            #expect(
                strategy.decide(encoded: nil, now: Self.t0, rate: rate, cost: cap + 1).decision.outcome
                    == .exceedsCapacity
            )
        }
    }

    @Test(arguments: windows + buckets + [.gcra()])
    func timesBeforeTheEpochWork(strategy: Strategy) throws {
        let rate = try Rate.perSecond(2)
        // The window containing -1 µs is [-1 s, 0).
        let trace = replayTrace(strategy, rate: rate, start: -1, [(0, 1), (0, 1), (0, 1)])
        #expect(trace.contains { $0.decision.outcome == .throttled })
        for step in trace where step.decision.outcome == .throttled {
            let retry = strategy.decide(
                encoded: step.after,
                now: step.time + step.decision.retryAfterMicroseconds,
                rate: rate,
                cost: step.cost
            )
            #expect(retry.decision.isAllowed)
        }
        if strategy == .fixedWindow { #expect(trace[2].decision.retryAfterMicroseconds == 1) }
    }

    @Test(arguments: [
        (Strategy.fixedWindow, 3), (.slidingWindowCounter, 3), (.slidingWindowLog, 3), (.tokenBucket(), 3),
        (.tokenBucket(burst: 7), 7), (.tokenBucketWithDebt(maxDebt: 2), 5),
        (.tokenBucketWithDebt(burst: 1, maxDebt: 4), 5),
        (.leakyBucket, 3), (.leakyBucketWithQueue, 3), (.gcra(), 1), (.gcra(burstTolerance: .seconds(19)), 1),
        (.gcra(burstTolerance: .seconds(20)), 2), (.gcra(burstTolerance: .seconds(60)), 4),
    ])
    func aFreshKeyReportsItsWholeCapacity(strategy: Strategy, capacity: Int) throws {
        let rate = try Rate.perMinute(3)
        let check = strategy.decide(encoded: nil, now: Self.t0, rate: rate, cost: 0)
        #expect(check.decision.isAllowed && check.decision.limit == capacity && check.decision.remaining == capacity)
        #expect(check.decision.resetAfterMicroseconds == 0 && check.ttlMicroseconds <= 0)
        let spent = strategy.decide(encoded: check.state, now: Self.t0, rate: rate, cost: capacity)
        #expect(spent.decision.isAllowed && spent.decision.remaining == 0)
        #expect(spent.ttlMicroseconds > 0 && spent.decision.resetAfterMicroseconds > 0)
    }

    @Test(arguments: windows + buckets + [.gcra()])
    func theSameInstantRepeatedNeverRefills(strategy: Strategy) throws {
        let rate = try! Rate(limit: 5, period: .microseconds(3))
        let trace = replayTrace(strategy, rate: rate, start: Self.t0, Array(repeating: (0, 1), count: 50))
        #expect(trace.count { $0.decision.isAllowed } == (strategy == .gcra() ? 1 : 5))
    }
}
