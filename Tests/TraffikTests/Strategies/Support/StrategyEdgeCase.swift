// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// A boundary several strategies meet (the fastest rates, the longest periods, the largest capacities, a fresh
/// key, a clock stepping back), with each strategy's answer given where it differs. A strategy's test file lists the
/// edge cases it meets, with its own numbers.
enum StrategyEdgeCase: Sendable, CustomTestStringConvertible {
    /// A million per second admits the whole limit at once; then even a check waits `wait` µs. A bucket drains one
    /// unit per microsecond; a window waits for its end, or for the admissions to leave it.
    case aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: Int64)
    /// One unit per microsecond: one request every microsecond passes, and one more in the same microsecond waits
    /// one.
    case oneUnitPerMicrosecond
    /// 50 000 per day is 4.32 × 10^15 ticks, just under `Rate.maximumWork` (2^52): two costs of 25 000 and one of 1
    /// at once are admitted as `admits`, and the third, if refused, waits `thirdWaits` µs when given.
    case aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: [Bool], thirdWaits: Int64? = nil)
    /// A fresh key reports `capacity` as its limit and its remaining, and admits it at once.
    case aFreshKeyReportsItsWholeCapacity(Int)
    /// A capacity above the most any backend counts exactly is capped at `Rate.maximumWork` ticks.
    case theCapacityIsCappedAtTheLargestCountableWork
    /// A look at the start of a window, then another 0.4 s earlier: the stored window holds nothing yet, but it must
    /// outlive the step back, or requests before and after the window's start would count in two windows.
    case anEmptyLaterWindowIsKeptUntilTheClockCatchesUp

    static let t0: Int64 = 1_700_000_000_000_000

    var testDescription: String {
        switch self {
        case .aMillionPerSecondAdmitsTheWholeLimitAtOnce(let wait):
            "aMillionPerSecondAdmitsTheWholeLimitAtOnce(thenWaits: \(wait))"
        case .oneUnitPerMicrosecond: "oneUnitPerMicrosecond"
        case .aDayLongPeriodNearTheLargestCountableWorkStaysExact(let admits, let wait):
            "aDayLongPeriodNearTheLargestCountableWorkStaysExact(admits: \(admits), thirdWaits: \(wait.map(String.init) ?? "-"))"
        case .aFreshKeyReportsItsWholeCapacity(let capacity): "aFreshKeyReportsItsWholeCapacity(\(capacity))"
        case .theCapacityIsCappedAtTheLargestCountableWork: "theCapacityIsCappedAtTheLargestCountableWork"
        case .anEmptyLaterWindowIsKeptUntilTheClockCatchesUp: "anEmptyLaterWindowIsKeptUntilTheClockCatchesUp"
        }
    }

    /// Checks the edge case on `strategy`.
    func check(_ strategy: Strategy) throws {
        let t0 = Self.t0
        switch self {
        case .aMillionPerSecondAdmitsTheWholeLimitAtOnce(let wait):
            let rate = try Rate.perSecond(1_000_000)
            let trace = replayTrace(strategy, rate: rate, start: t0, [(0, 999_999), (0, 1), (0, 1), (0, 0)])
            #expect(trace.map(\.decision.outcome) == [.allowed, .allowed, .throttled, .throttled])
            #expect(trace[2].decision.retryAfterMicroseconds == wait)
            #expect(trace[3].decision.retryAfterMicroseconds == wait)

        case .oneUnitPerMicrosecond:
            let rate = try! Rate(limit: 1, period: .microseconds(1))
            let trace = replayTrace(strategy, rate: rate, start: t0, Array(repeating: (1, 1), count: 20) + [(0, 1)])
            #expect(trace.prefix(20).allSatisfy { $0.decision.isAllowed })
            #expect(trace[20].decision.outcome == .throttled)
            #expect(trace[20].decision.retryAfterMicroseconds == 1)
            #expect(trace.prefix(20).allSatisfy { $0.decision.limit == 1 && $0.decision.remaining == 0 })

        case .aDayLongPeriodNearTheLargestCountableWorkStaysExact(let admits, let wait):
            let rate = try! Rate(limit: 50_000, period: .seconds(86_400))
            let trace = replayTrace(strategy, rate: rate, start: t0, [(0, 25_000), (0, 25_000), (0, 1)])
            #expect(trace.map(\.decision.isAllowed) == admits)
            if let wait { #expect(trace[2].decision.retryAfterMicroseconds == wait) }

        case .aFreshKeyReportsItsWholeCapacity(let capacity):
            let rate = try Rate.perMinute(3)
            let check = strategy.decide(encoded: nil, now: t0, rate: rate, cost: 0)
            #expect(
                check.decision.isAllowed && check.decision.limit == capacity && check.decision.remaining == capacity
            )
            #expect(check.decision.resetAfterMicroseconds == 0 && check.ttlMicroseconds <= 0)
            let spent = strategy.decide(encoded: check.state, now: t0, rate: rate, cost: capacity)
            #expect(spent.decision.isAllowed && spent.decision.remaining == 0)
            #expect(spent.ttlMicroseconds > 0 && spent.decision.resetAfterMicroseconds > 0)

        case .theCapacityIsCappedAtTheLargestCountableWork:
            let rate = try Rate.perDay(1_000)
            let cap = Int(Rate.maximumWork / rate.periodMicroseconds)
            let fresh = strategy.decide(encoded: nil, now: t0, rate: rate, cost: 0).decision
            #expect(fresh.limit == cap)
            #expect(fresh.remaining == cap)
            #expect(strategy.decide(encoded: nil, now: t0, rate: rate, cost: cap).decision.isAllowed)
            #expect(
                strategy.decide(encoded: nil, now: t0, rate: rate, cost: cap + 1).decision.outcome == .exceedsCapacity
            )

        case .anEmptyLaterWindowIsKeptUntilTheClockCatchesUp:
            let start: Int64 = 1_700_000_001_000_000
            let trace = try replayTrace(strategy, rate: .perSecond(1), start: start, [(0, 0), (-400_000, 0)])
            #expect(trace[0].transition.ttlMicroseconds <= 0)
            #expect(trace[1].transition.ttlMicroseconds == 400_000)
            #expect(trace[1].decision.resetAfterMicroseconds == 0)
        }
    }
}

/// The reference vectors of Python traffik (limit 3, frozen clock, start 1 700 000 000 s), reproduced where that
/// library is right and corrected where it is not; each correction says why. Each strategy's test file holds its
/// own, as `referenceVector…` tests; they start at the default start of ``run(_:rate:start:_:)``, ``t0``.
enum ReferenceVector {
    static let t0: Int64 = 1_700_000_000_000_000
    /// 22.2 s into a minute: 1 700 000 000 s is 20 s into its minute.
    static let t22: Int64 = t0 + 2_200_000
}
