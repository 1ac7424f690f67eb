// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// ``SlidingWindowCounter``: its reference vectors, its edge cases, its state's encoding, and the properties of
/// every strategy and of the window strategies.
@Suite struct SlidingWindowCounterTests {
    static let t0: Int64 = 1_700_000_000_000_000

    // MARK: Reference vectors

    @Test func referenceVectorWaitIsExact() throws {
        // Python answers 37 800 ms (the end of the window). At that moment the previous window still weighs 3, so a
        // retry would fail; the request fits once a third of the next window has passed: 37.8 s + 20 s.
        let decisions = try run(
            .slidingWindowCounter,
            rate: .perMinute(3),
            start: ReferenceVector.t22,
            burst(5) + [(30, 1)]
        )
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 57_800, 57_800, 27_800])
    }

    // MARK: Edge cases

    @Test(arguments: [
        // The sliding counter still weighs the full previous window at the next one's start, so it waits 1 µs more
        // than the fixed window.
        StrategyEdgeCase.aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: 1_000_001),
        .aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [true, true, false]),
        .aFreshKeyReportsItsWholeCapacity(3),
        .anEmptyLaterWindowIsKeptUntilTheClockCatchesUp,
    ])
    func edgeCase(_ edgeCase: StrategyEdgeCase) throws {
        try edgeCase.check(.slidingWindowCounter)
    }

    /// With a one-microsecond window, the previous window weighs fully for the whole of the next one: the sliding
    /// counter admits one unit every other microsecond.
    @Test func atOneUnitPerMicrosecond() throws {
        let rate = try! Rate(limit: 1, period: .microseconds(1))
        let trace = replayTrace(.slidingWindowCounter, rate: rate, start: Self.t0, Array(repeating: (1, 1), count: 20))
        #expect(trace.map(\.decision.isAllowed) == (0..<20).map { $0 % 2 == 0 })
        #expect(trace.filter { !$0.decision.isAllowed }.allSatisfy { $0.decision.retryAfterMicroseconds == 1 })
    }

    @Test func weighsThePreviousWindowFullyAtItsStart() throws {
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

    // MARK: State

    @Test func stateRoundTrips() async {
        await propertyCheck(
            count: 200,
            input: Gen.int64(),
            Gen.int64(in: 0...Int64.max),
            Gen.int64(in: 0...Int64.max)
        ) { start, previous, current in
            let state = SlidingWindowCounter.State(windowStart: start, previous: previous, current: current)
            let bytes = state.encoded()
            #expect(bytes.count == 25 && bytes.first == SlidingWindowCounter.State.formatTag)
            #expect(SlidingWindowCounter.State.decode(bytes) == state)
            expectEveryTruncationAndRetagIsRejected(bytes, as: SlidingWindowCounter.State.self)
        }
    }

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.slidingWindowCounter) }

    @Test(arguments: FamilyProperty.window)
    func holdsAsAWindow(_ property: FamilyProperty) async { await property.check(.slidingWindowCounter) }
}
