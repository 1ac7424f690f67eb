// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// The wait of every refused request is exact: the same cost passes exactly that much later, and not a microsecond
/// sooner.
///
/// Every strategy's admission is monotone in time when no request comes in between (window counts only leave the
/// window, buckets only drain), so "refused 1 µs earlier" means no earlier retry passes either. For the window
/// strategies the earlier retry falls in the same window (or, for the sliding counter, before the previous window
/// has faded enough), for the buckets before enough has drained.
@Suite struct RetryAfterPropertyTests {
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func retryAfterIsExact(kind: StrategyUnderTest.Kind) async throws {
        var refusals = 0
        await propertyCheck(count: 100, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() where step.decision.outcome == .throttled {
                refusals += 1
                let wait = step.decision.retryAfterMicroseconds
                try #require(wait >= 1)
                #expect(step.decision.retryAfter == .microseconds(wait))
                let retry = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time + wait,
                    rate: scenario.rate,
                    cost: step.cost
                )
                try #require(retry.decision.isAllowed, "cost \(step.cost) at \(step.time) waited \(wait) µs")
                let early = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time + wait - 1,
                    rate: scenario.rate,
                    cost: step.cost
                )
                try #require(
                    early.decision.outcome == .throttled,
                    "cost \(step.cost) at \(step.time) passed 1 µs before its wait of \(wait) µs"
                )
            }
        }
        #expect(refusals > 0)
    }

    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func retryAfterSecondsRoundsUp(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 30, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() {
                switch step.decision.outcome {
                case .throttled:
                    let micros = step.decision.retryAfterMicroseconds
                    let seconds = try #require(step.decision.retryAfterSeconds)
                    #expect(Int64(seconds) * 1_000_000 >= micros && Int64(seconds - 1) * 1_000_000 < micros)
                case .allowed:
                    #expect(step.decision.retryAfterMicroseconds == 0 && step.decision.retryAfterSeconds == nil)
                case .exceedsCapacity:
                    #expect(step.decision.retryAfterSeconds == nil)
                }
            }
        }
    }
}
