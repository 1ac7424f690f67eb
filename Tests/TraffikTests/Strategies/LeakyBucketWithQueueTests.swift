// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// ``LeakyBucketWithQueue``: its reference vector, its queue delays, its edge cases, and the properties of every
/// strategy and of the bucket strategies. (Its state is the shared ``BucketState``: see `SharedBucketStateTests`.)
@Suite struct LeakyBucketWithQueueTests {
    static let t0: Int64 = 1_700_000_000_000_000

    // MARK: Reference vectors

    @Test func referenceVector() throws {
        let decisions = try run(.leakyBucketWithQueue, rate: .perMinute(3), burst(4) + [(20, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 20_000, 0])
        // Each admitted request waits for the ones queued ahead of it.
        #expect(decisions.prefix(3).map(\.delayMicroseconds) == [0, 20_000_000, 40_000_000])
    }

    // MARK: Edge cases

    @Test(arguments: [
        StrategyEdgeCase.aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: 1),
        .oneUnitPerMicrosecond,
        .aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [true, true, false], thirdWaits: 1_728_000),
        .aFreshKeyReportsItsWholeCapacity(3),
    ])
    func edgeCase(_ edgeCase: StrategyEdgeCase) throws {
        try edgeCase.check(.leakyBucketWithQueue)
    }

    @Test func delaysAreSpacedByTheEmissionInterval() throws {
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

    @Test func aQueuedRequestWaitsForAClockSteppingBackToCatchUp() throws {
        // Two queued at t0 run at t0 and t0 + 20 s; one more admitted when the clock reads t0 − 10 s runs at
        // t0 + 40 s, 50 s from then.
        let trace = try replayTrace(
            .leakyBucketWithQueue,
            rate: .perMinute(3),
            start: Self.t0,
            [(0, 2), (-10_000_000, 1)]
        )
        #expect(trace[1].decision.isAllowed)
        #expect(trace[1].decision.delayMicroseconds == 50_000_000)
    }

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.leakyBucketWithQueue) }

    @Test(arguments: FamilyProperty.bucket)
    func holdsAsABucket(_ property: FamilyProperty) async { await property.check(.leakyBucketWithQueue) }
}
