// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// ``TokenBucket``: its reference vectors, its edge cases, and the properties of every strategy and of the bucket
/// strategies. (Its state is the shared ``BucketState``: see `SharedBucketStateTests` and `StateEncodingTests`.)
@Suite struct TokenBucketTests {
    // MARK: Reference vectors

    @Test func referenceVector() throws {
        let decisions = try run(.tokenBucket(), rate: .perMinute(3), burst(4) + [(10, 1), (10, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 20_000, 10_000, 0])
    }

    @Test func referenceVectorCostAboveCapacityIsNeverAdmitted() throws {
        // Python returns 40 000 ms forever; no wait admits 5 tokens into a bucket of 3, so the decision says so.
        let decisions = try run(.tokenBucket(), rate: .perMinute(3), [(0, 5), (100, 5)])
        #expect(decisions.map(\.outcome) == [.exceedsCapacity, .exceedsCapacity])
        #expect(decisions.allSatisfy { $0.retryAfter == nil })
    }

    // MARK: Edge cases

    @Test(arguments: [
        StrategyEdgeCase.aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: 1),
        .oneUnitPerMicrosecond,
        // One unit drains in 86 400 s / 50 000 = 1.728 s.
        .aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [true, true, false], thirdWaits: 1_728_000),
        .aFreshKeyReportsItsWholeCapacity(3),
        .anEmptyLaterWindowIsKeptUntilTheClockCatchesUp,
    ])
    func edgeCase(_ edgeCase: StrategyEdgeCase) throws {
        try edgeCase.check(.tokenBucket())
    }

    @Test func aBurstIsItsCapacity() throws {
        try StrategyEdgeCase.aFreshKeyReportsItsWholeCapacity(7).check(.tokenBucket(burst: 7))
    }

    @Test func aBurstBeyondTheLargestCountableWorkIsCapped() throws {
        try StrategyEdgeCase.theCapacityIsCappedAtTheLargestCountableWork.check(.tokenBucket(burst: 1_000_000))
    }

    @Test func waitsForAClockSteppingBackToCatchUpBeforeDraining() throws {
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

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.tokenBucket) }

    @Test(arguments: FamilyProperty.bucket)
    func holdsAsABucket(_ property: FamilyProperty) async { await property.check(.tokenBucket) }
}
