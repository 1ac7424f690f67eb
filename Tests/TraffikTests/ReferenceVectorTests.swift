// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

/// The reference vectors of Python traffik (limit 3, frozen clock, start 1 700 000 000 s), reproduced where that
/// library is right and corrected where it is not; each correction says why.
@Suite struct ReferenceVectorTests {
    static let t0: Int64 = 1_700_000_000_000_000
    /// 22.2 s into a minute: 1 700 000 000 s is 20 s into its minute.
    static let t22: Int64 = t0 + 2_200_000

    @Test func fixedWindowOneSecondIsClockAligned() throws {
        // Python gives 900 at +1.1 s because its counter lives 2 s from the first hit. Windows here are aligned,
        // so at +1.1 s a new window has begun and the budget is whole again.
        let decisions = try run(
            .fixedWindow,
            rate: .perSecond(3),
            start: Self.t0,
            burst(4) + [(1.1, 1)] + burst(2) + [(0, 1)]
        )
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 1000, 0, 0, 0, 900])
    }

    @Test func fixedWindowPerMinute() throws {
        let decisions = try run(.fixedWindow, rate: .perMinute(3), start: Self.t22, burst(5))
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 37_800, 37_800])
    }

    @Test func slidingWindowCounterWaitIsExact() throws {
        // Python answers 37 800 ms (the end of the window). At that moment the previous window still weighs 3, so a
        // retry would fail; the request fits once a third of the next window has passed: 37.8 s + 20 s.
        let decisions = try run(.slidingWindowCounter, rate: .perMinute(3), start: Self.t22, burst(5) + [(30, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 57_800, 57_800, 27_800])
    }

    @Test func slidingWindowLog() throws {
        let decisions = try run(.slidingWindowLog, rate: .perMinute(3), start: Self.t0, burst(4) + [(30, 1), (31, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 60_000, 30_000, 0])
    }

    @Test func tokenBucket() throws {
        let decisions = try run(.tokenBucket(), rate: .perMinute(3), start: Self.t0, burst(4) + [(10, 1), (10, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 20_000, 10_000, 0])
    }

    @Test func tokenBucketCostAboveCapacityIsNeverAdmitted() throws {
        // Python returns 40 000 ms forever; no wait admits 5 tokens into a bucket of 3, so the decision says so.
        let decisions = try run(.tokenBucket(), rate: .perMinute(3), start: Self.t0, [(0, 5), (100, 5)])
        #expect(decisions.map(\.outcome) == [.exceedsCapacity, .exceedsCapacity])
        #expect(decisions.allSatisfy { $0.retryAfter == nil })
    }

    @Test func tokenBucketWithDebt() throws {
        let decisions = try run(.tokenBucketWithDebt(maxDebt: 2), rate: .perMinute(3), start: Self.t0, burst(6))
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 0, 0, 20_000])
    }

    @Test func leakyBucket() throws {
        let decisions = try run(.leakyBucket, rate: .perMinute(3), start: Self.t0, burst(4) + [(20, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 20_000, 0])
    }

    @Test func leakyBucketOversizedFirstCostIsRefused() throws {
        // Python admits a first cost of 5 into a bucket of 3; it can never fit.
        let decisions = try run(.leakyBucket, rate: .perMinute(3), start: Self.t0, [(0, 5), (0, 1)])
        #expect(decisions.map(\.outcome) == [.exceedsCapacity, .allowed])
    }

    @Test func leakyBucketWithQueue() throws {
        let decisions = try run(.leakyBucketWithQueue, rate: .perMinute(3), start: Self.t0, burst(4) + [(20, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 20_000, 0])
        // Each admitted request waits for the ones queued ahead of it.
        #expect(decisions.prefix(3).map(\.delayMicroseconds) == [0, 20_000_000, 40_000_000])
    }

    @Test func gcraWithoutTolerance() throws {
        let decisions = try run(.gcra(), rate: .perMinute(3), start: Self.t0, burst(3) + [(20, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 20_000, 20_000, 0])
    }

    @Test func gcraWaitHonoursTolerance() throws {
        // Python answers 40 000 ms, the distance to the theoretical arrival time; with a 20 s tolerance the third
        // request conforms 20 s earlier than that.
        let decisions = try run(.gcra(burstTolerance: .seconds(20)), rate: .perMinute(3), start: Self.t0, burst(4))
        #expect(waitsInMilliseconds(decisions) == [0, 0, 20_000, 20_000])
    }

    @Test func gcraCostAboveCapacityIsNeverAdmitted() throws {
        // Python admits a cost of 10 on a fresh key and then waits 200 s; the capacity is one unit.
        let decisions = try run(.gcra(), rate: .perMinute(3), start: Self.t0, [(0, 10), (0, 1)])
        #expect(decisions.map(\.outcome) == [.exceedsCapacity, .allowed])
    }

    @Test(arguments: [
        (Strategy.gcra(), 1),  // Python reports 0 for a fresh key, so check() refuses a request that would pass.
        (.gcra(burstTolerance: .seconds(20)), 2),
        (.slidingWindowCounter, 3),
        (.slidingWindowLog, 3),
        (.tokenBucket(), 3),
        (.fixedWindow, 3),
    ])
    func freshKeyStat(strategy: Strategy, remaining: Int) throws {
        let decision = try run(strategy, rate: .perMinute(3), start: Self.t0, [(0, 0)])[0]
        #expect(decision.isAllowed)
        #expect(decision.remaining == remaining)
    }
}
