// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// ``SlidingWindowLog``: its reference vector, its edge cases, its state's encoding, and the properties of every
/// strategy and of the window strategies. (Its cap on the limit is in `StrategyValidationTests`.)
@Suite struct SlidingWindowLogTests {
    static let t0: Int64 = 1_700_000_000_000_000

    // MARK: Reference vectors

    @Test func referenceVector() throws {
        let decisions = try run(.slidingWindowLog, rate: .perMinute(3), burst(4) + [(30, 1), (31, 1)])
        #expect(waitsInMilliseconds(decisions) == [0, 0, 0, 60_000, 30_000, 0])
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
        try edgeCase.check(.slidingWindowLog)
    }

    @Test func thePeriodIsHalfOpen() throws {
        let rate = try! Rate(limit: 1, period: .microseconds(500))
        // An admission at t is inside (t' − W, t'] until t' = t + W.
        let trace = replayTrace(.slidingWindowLog, rate: rate, start: Self.t0, [(0, 1), (499, 1), (1, 1)])
        #expect(trace.map(\.decision.outcome) == [.allowed, .throttled, .allowed])
        #expect(trace[1].decision.retryAfterMicroseconds == 1)
    }

    @Test func keepsItsClockWhenTheLogEmpties() throws {
        // One per 10 s. A look at 111 s empties the log, then the clock reads 95 s and 106 s: in the time that has
        // really passed since the look (none), only one request may pass.
        let rate = try Rate(limit: 1, period: .seconds(10))
        let trace = replayTrace(
            .slidingWindowLog,
            rate: rate,
            start: 100_000_000,
            [(0, 1), (11_000_000, 0), (-16_000_000, 1), (11_000_000, 1)]
        )
        #expect(trace.map(\.decision.outcome) == [.allowed, .allowed, .allowed, .throttled])
    }

    // MARK: State

    /// Log states are built as bytes: the latest decision time, an entry count, then time and cost per entry.
    @Test func stateRoundTrips() async {
        await propertyCheck(
            count: 200,
            input: Gen.int64(),
            zip(Gen.int64(), Gen.int64(in: 1...Int64.max)).array(of: 0...12)
        ) { updatedAt, entries in
            var writer = StateWriter()
            writer.bytes.append(SlidingWindowLog.State.formatTag)
            writer.write(updatedAt)
            writer.write(Int64(entries.count))
            for (time, cost) in entries {
                writer.write(time)
                writer.write(cost)
            }
            let state = SlidingWindowLog.State.decode(writer.bytes)
            #expect(writer.bytes.count == 17 + 16 * entries.count)
            #expect(state?.updatedAt == updatedAt)
            #expect(state?.entries.map(\.time) == entries.map(\.0))
            #expect(state?.entries.map(\.cost) == entries.map(\.1))
            #expect(state?.encoded() == writer.bytes)
            expectEveryTruncationAndRetagIsRejected(writer.bytes, as: SlidingWindowLog.State.self)
        }
    }

    /// A log whose entry count is larger than its bytes, up to `Int64.max`, is truncated.
    @Test func aLogWithAnImpossibleEntryCountDecodesAsNil() {
        for count: Int64 in [1, 2, Int64.max / 16, Int64.max / 16 + 1, Int64.max / 8, Int64.max, -1, .min] {
            let bytes =
                [SlidingWindowLog.State.formatTag] + int64Bytes(7) + int64Bytes(count) + int64Bytes(7) + int64Bytes(1)
            let decoded = SlidingWindowLog.State.decode(bytes)
            #expect((decoded != nil) == (count == 1), "entry count \(count)")
        }
    }

    // MARK: Properties

    @Test(arguments: StrategyProperty.allCases)
    func holds(_ property: StrategyProperty) async throws { try await property.check(.slidingWindowLog) }

    @Test(arguments: FamilyProperty.window)
    func holdsAsAWindow(_ property: FamilyProperty) async { await property.check(.slidingWindowLog) }
}
