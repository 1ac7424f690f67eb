// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// A store clock that steps backwards never lets more through than the limit.
///
/// Time a clock gives back is not time that passed: a decision at an earlier time than one already made is made as
/// if at the latest time seen (the clock's high-water mark). So the window and bucket invariants hold with every
/// request placed at the high-water mark, however often the clock steps back, as long as it stays within the
/// tolerance of ``StateBounds`` (the larger of one period and an hour) of that mark: a state further ahead of the
/// clock is taken for a planted one, and the key starts afresh (see `PlantedStateTests`).
@Suite struct ClockStepBackPropertyTests {
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func invariantsHoldAtTheHighWaterMark(kind: StrategyUnderTest.Kind) async throws {
        var stepsBack = 0
        await propertyCheck(count: 150, input: Scenario.generator([kind], stepsBack: true)) { scenario in
            let trace = scenario.replay()
            stepsBack += scenario.steps.count { $0.delta < 0 }
            let clock = highWaterTimes(trace)
            let violation =
                scenario.subject.isWindow
                ? scenario.windowLimitViolation(trace, times: clock)
                : scenario.bucketLimitViolation(trace, times: clock)
            #expect(violation == nil)
        }
        #expect(stepsBack > 0)
    }

    /// After a step back, the wait of a refused request is still exact on the clock as it now reads.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func retryAfterStaysExact(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 100, input: Scenario.generator([kind], stepsBack: true)) { scenario in
            for step in scenario.replay() where step.decision.outcome == .throttled {
                let wait = step.decision.retryAfterMicroseconds
                let retry = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time + wait,
                    rate: scenario.rate,
                    cost: step.cost
                )
                try #require(retry.decision.isAllowed, "cost \(step.cost) at \(step.time) waited \(wait) µs")
                let early = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time + wait - 1,
                    rate: scenario.rate,
                    cost: step.cost
                )
                try #require(early.decision.outcome == .throttled, "cost \(step.cost) at \(step.time) passed early")
            }
        }
    }

    /// The whole budget spent, then the clock steps back by any amount within the tolerance: nothing more passes
    /// until the clock is back where it was.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func aSpentBudgetStaysSpentAfterAStepBack(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(
            count: 60,
            input: Scenario.generator([kind], length: 1...1),
            Gen.int64(in: 0...1_000_000_000_000).array(of: 1...6)
        ) { scenario, backs in
            let capacity = scenario.capacity
            let spent = scenario.strategy.decide(encoded: nil, now: scenario.start, rate: scenario.rate, cost: capacity)
            try #require(spent.decision.isAllowed)
            var state = spent.state
            let tolerance = StateBounds(now: scenario.start, rate: scenario.rate).tolerance
            for back in backs {
                // Anywhere before the time the budget was spent, by up to the tolerance.
                let now = scenario.start - 1 - back % tolerance
                let next = scenario.strategy.decide(encoded: state, now: now, rate: scenario.rate, cost: 1)
                try #require(next.decision.outcome == .throttled, "a unit passed \(scenario.start - now) µs back")
                state = next.state
            }
        }
    }

    @Test func fixedWindowKeepsCountingInTheLatestWindow() throws {
        let rate = try Rate.perSecond(3)
        let start: Int64 = 1_700_000_000_000_000
        // Three at the start of a window, then the clock steps back into the previous window.
        let trace = replayTrace(.fixedWindow, rate: rate, start: start, [(0, 3), (-500_000, 1), (1_500_000, 1)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed])
        // The wait is measured to the end of the latest window, on the clock as it reads.
        #expect(trace[1].decision.retryAfterMicroseconds == 1_500_000)
    }

    @Test func aBucketWaitsForTheClockToCatchUpBeforeDraining() throws {
        // Three of three spent, then the clock reads 10 s earlier: the unit that drains in 20 s is 30 s away.
        let trace = try replayTrace(
            .tokenBucket(),
            rate: .perMinute(3),
            start: 1_700_000_000_000_000,
            [(0, 3), (-10_000_000, 1)]
        )
        #expect(trace[1].decision.outcome == .throttled)
        #expect(trace[1].decision.retryAfterMicroseconds == 30_000_000)
        #expect(trace[1].decision.resetAfterMicroseconds == 70_000_000)
        #expect(trace[1].transition.ttlMicroseconds == 70_000_000)
    }

    @Test func aQueuedRequestWaitsForTheClockToCatchUp() throws {
        // Two queued at t0 run at t0 and t0 + 20 s; one more admitted when the clock reads t0 − 10 s runs at
        // t0 + 40 s, 50 s from then.
        let trace = try replayTrace(
            .leakyBucketWithQueue,
            rate: .perMinute(3),
            start: 1_700_000_000_000_000,
            [(0, 2), (-10_000_000, 1)]
        )
        #expect(trace[1].decision.isAllowed)
        #expect(trace[1].decision.delayMicroseconds == 50_000_000)
    }

    @Test func anEmptyLaterWindowIsKeptUntilTheClockCatchesUp() throws {
        // A look at the start of a window, then another 0.4 s earlier: the stored window holds nothing yet, but it
        // must outlive the step back, or requests before and after the window's start would count in two windows.
        let start: Int64 = 1_700_000_001_000_000
        for strategy in [Strategy.fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket()] {
            let trace = try replayTrace(strategy, rate: .perSecond(1), start: start, [(0, 0), (-400_000, 0)])
            #expect(trace[0].transition.ttlMicroseconds <= 0, "\(strategy)")
            #expect(trace[1].transition.ttlMicroseconds == 400_000, "\(strategy)")
            #expect(trace[1].decision.resetAfterMicroseconds == 0, "\(strategy)")
        }
    }

    @Test func slidingWindowLogKeepsItsClockWhenTheLogEmpties() throws {
        // One per 10 s. A look at 111 s empties the log, then the clock reads 95 s and 106 s: in the time that has
        // really passed since the look (none), only one request may pass.
        let rate = Rate(limitPer10Seconds: 1)
        let trace = replayTrace(
            .slidingWindowLog,
            rate: rate,
            start: 100_000_000,
            [(0, 1), (11_000_000, 0), (-16_000_000, 1), (11_000_000, 1)]
        )
        #expect(trace.map(\.decision.outcome) == [.allowed, .allowed, .allowed, .throttled])
    }
}

extension Rate {
    fileprivate init(limitPer10Seconds limit: Int) {
        self = try! Rate(limit: limit, period: .seconds(10))
    }
}
