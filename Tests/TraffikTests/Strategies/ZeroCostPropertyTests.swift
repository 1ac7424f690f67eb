// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// A request of cost 0 consumes nothing: it only asks whether one unit would pass.
@Suite struct ZeroCostPropertyTests {
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func zeroCostChangesNoLaterDecision(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(
            count: 80,
            input: Scenario.generator([kind]),
            Gen.int(in: 0...10_000).array(of: 1...4)
        ) { scenario, positions in
            var with = scenario
            var inserted = Array(repeating: false, count: scenario.steps.count)
            for position in positions {
                // Insert a cost-0 request among the steps, splitting a step's delta so that every step keeps its time.
                let index = position % (with.steps.count + 1)
                var delta: Int64 = 0
                if index < with.steps.count {
                    let whole = with.steps[index].delta
                    delta = whole <= 0 ? 0 : Int64(position) % (whole + 1)
                    with.steps[index].delta = whole - delta
                }
                with.steps.insert((delta: delta, cost: 0), at: index)
                inserted.insert(true, at: index)
            }
            let withZero = with.replay()
            let others = withZero.indices.filter { !inserted[$0] }.map { withZero[$0].decision }
            #expect(others == scenario.replay().map(\.decision))
        }
    }

    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func zeroCostAnswersForOneUnit(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 60, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() {
                let zero = scenario.strategy.decide(encoded: step.after, now: step.time, rate: scenario.rate, cost: 0)
                let one = scenario.strategy.decide(encoded: step.after, now: step.time, rate: scenario.rate, cost: 1)
                #expect(zero.decision.isAllowed == one.decision.isAllowed)
                if one.decision.isAllowed {
                    #expect(zero.decision.remaining == one.decision.remaining + 1)
                } else {
                    #expect(zero.decision.outcome == .throttled)
                    #expect(zero.decision.retryAfterMicroseconds == one.decision.retryAfterMicroseconds)
                    #expect(zero.decision.remaining == one.decision.remaining)
                }
            }
        }
    }
}
