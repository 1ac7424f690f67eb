// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// ``LeakyBucket``: its reference vectors, its edge cases, and the properties of every strategy and of the bucket
/// strategies. (Its state is the shared ``BucketState``: see `SharedBucketStateTests`.)
@Suite struct LeakyBucketTests {
    // MARK: Reference vectors

    @Test func referenceVector() throws {
        let decisions = try run(.leakyBucket, rate: .perMinute(3), burst(4) + [(20, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 20_000, 0])
    }

    @Test func referenceVectorOversizedFirstCostIsRefused() throws {
        // Python admits a first cost of 5 into a bucket of 3; it can never fit.
        let decisions = try run(.leakyBucket, rate: .perMinute(3), [(0, 5), (0, 1)])
        #expect(decisions.map(\.outcome) == [.exceedsCapacity, .allowed])
    }

    // MARK: Edge cases

    @Test(arguments: [
        StrategyEdgeCase.aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: 1),
        .oneUnitPerMicrosecond,
        .aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [true, true, false], thirdWaits: 1_728_000),
        .aFreshKeyReportsItsWholeCapacity(3),
    ])
    func edgeCase(_ edgeCase: StrategyEdgeCase) throws {
        try edgeCase.check(.leakyBucket)
    }

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.leakyBucket) }

    @Test(arguments: FamilyProperty.bucket)
    func holdsAsABucket(_ property: FamilyProperty) async { await property.check(.leakyBucket) }
}
