// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// ``FixedWindow``: its reference vectors, its edge cases, its state's encoding, and the properties of every
/// strategy and of the window strategies.
@Suite struct FixedWindowTests {
    static let t0: Int64 = 1_700_000_000_000_000

    // MARK: Reference vectors

    @Test func referenceVectorOneSecondIsClockAligned() throws {
        // Python gives 900 at +1.1 s because its counter lives 2 s from the first hit. Windows here are aligned,
        // so at +1.1 s a new window has begun and the budget is whole again.
        let decisions = try run(.fixedWindow, rate: .perSecond(3), burst(4) + [(1.1, 1)] + burst(2) + [(0, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 1000, 0, 0, 0, 900])
    }

    @Test func referenceVectorPerMinute() throws {
        let decisions = try run(.fixedWindow, rate: .perMinute(3), start: ReferenceVector.t22, burst(5))
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 37_800, 37_800])
    }

    // MARK: Edge cases

    @Test(arguments: [
        StrategyEdgeCase.aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: 1_000_000),
        .oneUnitPerMicrosecond,
        .aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [true, true, false]),
        .aFreshKeyReportsItsWholeCapacity(3),
        .anEmptyLaterWindowIsKeptUntilTheClockCatchesUp,
    ])
    func edgeCase(_ edgeCase: StrategyEdgeCase) throws {
        try edgeCase.check(.fixedWindow)
    }

    @Test func subMillisecondWindowsAreAlignedToTheEpoch() throws {
        let rate = try! Rate(limit: 2, period: .microseconds(250))
        // 1 700 000 000 000 000 is a multiple of 250 µs; start 240 µs into a window.
        let trace = replayTrace(.fixedWindow, rate: rate, start: Self.t0 + 240, [(0, 2), (9, 1), (1, 1), (249, 2)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed, .throttled])
        #expect(trace[1].decision.retryAfterMicroseconds == 1)
        #expect(trace[3].decision.retryAfterMicroseconds == 1)
    }

    @Test func aClockSteppingBackKeepsCountingInTheLatestWindow() throws {
        let rate = try Rate.perSecond(3)
        // Three at the start of a window, then the clock steps back into the previous window.
        let trace = replayTrace(.fixedWindow, rate: rate, start: Self.t0, [(0, 3), (-500_000, 1), (1_500_000, 1)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed])
        // The wait is measured to the end of the latest window, on the clock as it reads.
        #expect(trace[1].decision.retryAfterMicroseconds == 1_500_000)
    }

    // MARK: State

    @Test func stateRoundTrips() async {
        await propertyCheck(count: 200, input: Gen.int64(), Gen.int64(in: 0...Int64.max)) { start, count in
            let state = FixedWindow.State(windowStart: start, count: count)
            let bytes = state.encoded()
            #expect(bytes.count == 17 && bytes.first == FixedWindow.State.formatTag)
            #expect(FixedWindow.State.decode(bytes) == state)
            expectEveryTruncationAndRetagIsRejected(bytes, as: FixedWindow.State.self)
        }
    }

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.fixedWindow) }

    @Test(arguments: FamilyProperty.window)
    func holdsAsAWindow(_ property: FamilyProperty) async { await property.check(.fixedWindow) }
}
