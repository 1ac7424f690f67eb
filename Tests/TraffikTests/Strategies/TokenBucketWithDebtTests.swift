// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// ``TokenBucketWithDebt``: its reference vector, its edge cases, and the properties of every strategy and of the
/// bucket strategies. (Its state is the shared ``BucketState``: see `SharedBucketStateTests`.)
@Suite struct TokenBucketWithDebtTests {
    // MARK: Reference vectors

    @Test func referenceVector() throws {
        let decisions = try run(.tokenBucketWithDebt(maxDebt: 2), rate: .perMinute(3), burst(6))
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 0, 0, 20_000])
    }

    // MARK: Edge cases

    @Test(arguments: [
        StrategyEdgeCase.aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: 1),
        .oneUnitPerMicrosecond,
        .aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [true, true, false], thirdWaits: 1_728_000),
    ])
    func edgeCase(_ edgeCase: StrategyEdgeCase) throws {
        try edgeCase.check(.tokenBucketWithDebt())
    }

    /// The capacity is the burst and the debt together.
    @Test(arguments: [(Strategy.tokenBucketWithDebt(maxDebt: 2), 5), (.tokenBucketWithDebt(burst: 1, maxDebt: 4), 5)])
    func aFreshKeyReportsItsWholeCapacity(strategy: Strategy, capacity: Int) throws {
        try StrategyEdgeCase.aFreshKeyReportsItsWholeCapacity(capacity).check(strategy)
    }

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.tokenBucketWithDebt) }

    @Test(arguments: FamilyProperty.bucket)
    func holdsAsABucket(_ property: FamilyProperty) async { await property.check(.tokenBucketWithDebt) }
}
