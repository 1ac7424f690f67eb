// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// ``GCRA``: its reference vectors, its burst tolerance, its edge cases, and the properties of every strategy and
/// of the bucket strategies. (Its state is the shared ``BucketState``: see `SharedBucketStateTests`.)
@Suite struct GCRATests {
    static let t0: Int64 = 1_700_000_000_000_000

    // MARK: Reference vectors

    @Test func referenceVectorWithoutTolerance() throws {
        let decisions = try run(.gcra(), rate: .perMinute(3), burst(3) + [(20, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 20_000, 20_000, 0])
    }

    @Test func referenceVectorWaitHonoursTolerance() throws {
        // Python answers 40 000 ms, the distance to the theoretical arrival time; with a 20 s tolerance the third
        // request conforms 20 s earlier than that.
        let decisions = try run(.gcra(burstTolerance: .seconds(20)), rate: .perMinute(3), burst(4))
        #expect(waitsInMilliseconds(decisions) == [0, 0, 20_000, 20_000])
    }

    @Test func referenceVectorCostAboveCapacityIsNeverAdmitted() throws {
        // Python admits a cost of 10 on a fresh key and then waits 200 s; the capacity is one unit.
        let decisions = try run(.gcra(), rate: .perMinute(3), [(0, 10), (0, 1)])
        #expect(decisions.map(\.outcome) == [.exceedsCapacity, .allowed])
    }

    // MARK: Edge cases

    @Test(arguments: [
        StrategyEdgeCase.oneUnitPerMicrosecond,
        // Python reports 0 remaining for a fresh key, so its check() refuses a request that would pass.
        .aFreshKeyReportsItsWholeCapacity(1),
    ])
    func edgeCase(_ edgeCase: StrategyEdgeCase) throws {
        try edgeCase.check(.gcra())
    }

    /// The capacity is `1 + ⌊τ × limit / period⌋`: at 3 per minute, one more unit for each whole 20 s of tolerance.
    @Test(arguments: [
        (Strategy.gcra(burstTolerance: .seconds(19)), 1), (.gcra(burstTolerance: .seconds(20)), 2),
        (.gcra(burstTolerance: .seconds(60)), 4),
    ])
    func aFreshKeyWithAToleranceReportsItsWholeCapacity(strategy: Strategy, capacity: Int) throws {
        try StrategyEdgeCase.aFreshKeyReportsItsWholeCapacity(capacity).check(strategy)
    }

    @Test func aDayLongPeriodNearTheLargestCountableWorkStaysExact() throws {
        // 1 + 23 h × 50 000 / 24 h = 47 917 units at once.
        try StrategyEdgeCase.aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [true, false, true])
            .check(.gcra(burstTolerance: .seconds(82_800)))
    }

    @Test func aToleranceBeyondTheLargestCountableWorkIsCapped() throws {
        try StrategyEdgeCase.theCapacityIsCappedAtTheLargestCountableWork
            .check(.gcra(burstTolerance: .seconds(86_400 * 365)))
    }

    @Test func aMillionPerSecondSpacesRequestsOneMicrosecondApart() throws {
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

    /// With a tolerance that is not a whole number of emission intervals, two requests can pass less than one
    /// interval apart, which `1 + ⌊τ / T⌋ + Δ / T` would forbid and `1 + τ / T + Δ / T` allows.
    @Test func intervalBoundNeedsTheWholeTolerance() throws {
        // T = 10 s and τ = 9 s: one request at once, and a second one 5 s later.
        let decisions = try run(.gcra(burstTolerance: .seconds(9)), rate: .perMinute(6), burst(2) + [(5, 1)])
        #expect(decisions.map(\.outcome) == [.allowed, .throttled, .allowed])
        #expect(decisions[0].limit == 1)
    }

    /// GCRA by the burst it lets through.
    @Test func aBurstLetsThatManyThroughAtOnce() throws {
        let rate = try Rate.perMinute(10)
        for burst in [1, 3, 10] {
            let strategy = Strategy.gcra(burst: burst, at: rate)
            var state: [UInt8]?
            var admitted = 0
            for _ in 0..<20 {
                let transition = strategy.decide(encoded: state, now: 1_700_000_000_000_000, rate: rate, cost: 1)
                state = transition.state
                if transition.decision.isAllowed { admitted += 1 }
            }
            #expect(admitted == burst, "burst \(burst)")
        }
        // The worst values give a strategy, never a trap.
        #expect(Strategy.gcra(burst: 0, at: rate) == .gcra())
        #expect(Strategy.gcra(burst: 5, at: .unlimited) == .gcra())
        #expect(Strategy.gcra(burst: .max, at: try Rate(limit: 1, period: .seconds(86_400))).name == "gcra")
    }

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.gcra) }

    @Test(arguments: FamilyProperty.bucket)
    func holdsAsABucket(_ property: FamilyProperty) async { await property.check(.gcra) }
}
