// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// Once a transition's time to live has passed with no requests, its state is as good as no state: a backend may
/// evict the key without changing any later decision.
///
/// This is what lets the in-memory backend expire keys lazily and evict them when full, and Redis and Memcached
/// store states with an expiry, without a client ever gaining budget from it.
@Suite struct StateLifetimePropertyTests {
    @Test(arguments: StrategyUnderTest.Kind.allCases, [false, true])
    func anExpiredStateDecidesAsNoState(kind: StrategyUnderTest.Kind, stepsBack: Bool) async throws {
        await propertyCheck(
            count: 60,
            input: Scenario.generator([kind], length: 5...30, stepsBack: stepsBack),
            Gen.int64(in: 0...3)
        ) { scenario, extra in
            let trace = scenario.replay()
            for (index, step) in trace.enumerated() {
                // From the moment the state expires (or 1 µs, or up to two periods, later), the rest of the trace
                // with the clock running forward.
                let wait = [0, 1, scenario.period, 2 * scenario.period][Int(extra)]
                let expiry = step.time + max(step.transition.ttlMicroseconds, 0) + wait
                let rest =
                    [(delta: Int64(0), cost: step.cost)]
                    + scenario.steps.dropFirst(index + 1).prefix(6).map { (delta: max($0.delta, 0), cost: $0.cost) }
                let kept = replayTrace(
                    scenario.strategy,
                    rate: scenario.rate,
                    start: expiry,
                    state: step.after,
                    rest
                )
                let evicted = replayTrace(scenario.strategy, rate: scenario.rate, start: expiry, rest)
                try #require(
                    kept.map(\.decision) == evicted.map(\.decision),
                    "state after step \(index) (ttl \(step.transition.ttlMicroseconds) µs) still mattered"
                )
            }
        }
    }

    /// A state still holding budget is not given up early: one microsecond before it expires, it differs from no
    /// state for some request.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func aStateIsKeptWhileItMatters(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 60, input: Scenario.generator([kind], length: 5...30)) { scenario in
            for step in scenario.replay() where step.transition.ttlMicroseconds > 0 {
                let now = step.time + step.transition.ttlMicroseconds - 1
                let kept = scenario.strategy.decide(encoded: step.after, now: now, rate: scenario.rate, cost: 0)
                let evicted = scenario.strategy.decide(encoded: nil, now: now, rate: scenario.rate, cost: 0)
                try #require(
                    kept.decision != evicted.decision,
                    "ttl \(step.transition.ttlMicroseconds) at \(step.time)"
                )
            }
        }
    }
}
