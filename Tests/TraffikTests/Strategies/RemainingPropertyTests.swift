// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// `remaining` after an admitted request is exactly what still passes at the same instant.
@Suite struct RemainingPropertyTests {
    /// Counted one unit at a time, with limits small enough to count.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func remainingCountsTheUnitRequestsThatStillPass(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 40, input: Scenario.generator([kind], maxLimit: 40, length: 5...25)) { scenario in
            for step in scenario.replay() where step.decision.isAllowed {
                var state = step.after
                var passed = 0
                while true {
                    let next = scenario.strategy.decide(encoded: state, now: step.time, rate: scenario.rate, cost: 1)
                    guard next.decision.isAllowed else { break }
                    state = next.state
                    passed += 1
                    try #require(passed <= scenario.capacity, "more unit requests passed than the capacity")
                }
                try #require(passed == step.decision.remaining, "cost \(step.cost) at \(step.time)")
            }
        }
    }

    /// For any limit: a cost of `remaining` passes and one more unit does not.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func remainingIsTheLargestCostThatStillPasses(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 60, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() where step.decision.isAllowed {
                let remaining = step.decision.remaining
                try #require(remaining >= 0 && remaining <= scenario.capacity)
                if remaining > 0 {
                    let all = scenario.strategy.decide(
                        encoded: step.after,
                        now: step.time,
                        rate: scenario.rate,
                        cost: remaining
                    )
                    try #require(all.decision.isAllowed, "a cost of remaining (\(remaining)) was refused")
                    #expect(all.decision.remaining == 0)
                }
                let more = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time,
                    rate: scenario.rate,
                    cost: remaining + 1
                )
                try #require(!more.decision.isAllowed, "a cost of remaining + 1 (\(remaining + 1)) passed")
            }
        }
    }
}
