// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// A cost above the capacity is refused for good and leaves no trace: later requests are decided exactly as if it
/// had never been made.
@Suite struct ExceedsCapacityPropertyTests {
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func oversizedCostIsRefusedForGoodAndChangesNothing(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(
            count: 80,
            input: Scenario.generator([kind]),
            Gen.int(in: 0...10_000),
            Gen.int(in: 0...10_000)
        ) { scenario, position, excess in
            let capacity = scenario.capacity
            let cost = excess == 0 ? Int.max : capacity + 1 + excess % (2 * capacity)
            let (with, without, inserted) = scenario.inserting(cost: cost, at: position)
            let decision = with[inserted].decision
            #expect(decision.outcome == .exceedsCapacity, "cost \(cost) against a capacity of \(capacity)")
            #expect(decision.retryAfter == nil)
            #expect(decision.retryAfterMicroseconds == -1)
            #expect(decision.retryAfterSeconds == nil)
            #expect(decision.limit == capacity)
            #expect(!decision.isAllowed)
            var others = with
            others.remove(at: inserted)
            #expect(others.map(\.decision) == without.map(\.decision))
        }
    }

    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func theCapacityItselfPassesOnAFreshKey(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 60, input: Scenario.generator([kind])) { scenario in
            let capacity = scenario.capacity
            let fresh = scenario.strategy.decide(encoded: nil, now: scenario.start, rate: scenario.rate, cost: capacity)
            #expect(fresh.decision.isAllowed)
            #expect(fresh.decision.remaining == 0)
            #expect(fresh.decision.limit == capacity)
            let over = scenario.strategy.decide(
                encoded: nil,
                now: scenario.start,
                rate: scenario.rate,
                cost: capacity + 1
            )
            #expect(over.decision.outcome == .exceedsCapacity)
        }
    }
}

extension Scenario {
    /// The trace replayed with and without one extra request of `cost`, made at a time between two of its steps.
    ///
    /// - Returns: The trace with the extra request, the trace without it, and the index of the extra request.
    func inserting(cost: Int, at seed: Int) -> (with: [TraceStep], without: [TraceStep], inserted: Int) {
        let index = seed % (steps.count + 1)
        var changed = steps
        if index == steps.count {
            changed.append((delta: 0, cost: cost))
        } else {
            // Split the step's delta, so that every original step keeps its time.
            let delta = steps[index].delta
            let first = delta <= 0 ? 0 : Int64(seed / (steps.count + 1)) % (delta + 1)
            changed[index].delta = delta - first
            changed.insert((delta: first, cost: cost), at: index)
        }
        return (
            replayTrace(strategy, rate: rate, start: start, changed),
            replayTrace(strategy, rate: rate, start: start, steps),
            index
        )
    }
}
