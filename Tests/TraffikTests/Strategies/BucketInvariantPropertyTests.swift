// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// The bucket strategies and GCRA never admit more than their capacity plus what the rate refills.
@Suite struct BucketInvariantPropertyTests {
    /// Over any interval `[t1, t2]` of a trace the admitted cost is at most `capacity + limit × (t2 − t1) / period`.
    ///
    /// The capacity is `burst`, `burst + maxDebt`, the limit, the limit, and for GCRA `1 + τ × limit / period`:
    /// the most GCRA admits at one instant is the whole part of that, `1 + ⌊τ × limit / period⌋`, but over an
    /// interval the fraction counts too (see ``gcraIntervalBoundNeedsTheWholeTolerance()``).
    @Test(arguments: StrategyUnderTest.Kind.buckets)
    func admittedCostIsBoundedByCapacityPlusRefill(kind: StrategyUnderTest.Kind) async throws {
        var refusals = 0
        await propertyCheck(count: 120, input: Scenario.generator([kind])) { scenario in
            let trace = scenario.replay()
            refusals += trace.count { $0.decision.outcome == .throttled }
            #expect(scenario.bucketLimitViolation(trace, times: trace.map(\.time)) == nil)
        }
        #expect(refusals > 0)
    }

    /// At one instant, a fresh key admits exactly the capacity.
    @Test(arguments: StrategyUnderTest.Kind.buckets)
    func aFreshKeyAdmitsTheCapacityAtOnce(kind: StrategyUnderTest.Kind) async throws {
        await propertyCheck(count: 60, input: Scenario.generator([kind])) { scenario in
            let capacity = scenario.capacity
            // Small capacities one unit at a time, large ones in two requests.
            let steps: [(delta: Int64, cost: Int)] =
                capacity <= 64
                ? Array(repeating: (0, 1), count: capacity) : [(0, capacity / 2), (0, capacity - capacity / 2)]
            let fresh = replayTrace(scenario.strategy, rate: scenario.rate, start: scenario.start, steps)
            #expect(fresh.allSatisfy { $0.decision.isAllowed })
            let next = scenario.strategy.decide(
                encoded: fresh.last?.after,
                now: scenario.start,
                rate: scenario.rate,
                cost: 1
            )
            #expect(next.decision.outcome == .throttled)
        }
    }

    /// With a tolerance that is not a whole number of emission intervals, two requests can pass less than one
    /// interval apart, which `1 + ⌊τ / T⌋ + Δ / T` would forbid and `1 + τ / T + Δ / T` allows.
    @Test func gcraIntervalBoundNeedsTheWholeTolerance() throws {
        // T = 10 s and τ = 9 s: one request at once, and a second one 5 s later.
        let decisions = try run(.gcra(burstTolerance: .seconds(9)), rate: .perMinute(6), burst(2) + [(5, 1)])
        #expect(decisions.map(\.outcome) == [.allowed, .throttled, .allowed])
        #expect(decisions[0].limit == 1)
    }
}

extension Scenario {
    /// Where a bucket strategy's trace admits more than its capacity plus the refill over some interval of `times`
    /// (which must not decrease); `nil` when it never does.
    ///
    /// The bound is compared exactly, scaled by the period: `admitted × W ≤ capacityTicks + limit × (t2 − t1)`.
    func bucketLimitViolation(_ trace: [TraceStep], times: [Int64]) -> String? {
        let capacityTicks = subject.capacityTicks(rate)
        // sums[i] is the cost admitted by the first i steps.
        var sums: [Int128] = [0]
        for step in trace { sums.append(sums.last! + Int128(step.admitted)) }
        let starts = trace.indices.filter { $0 == 0 || times[$0 - 1] < times[$0] }
        let ends = trace.indices.filter { $0 == trace.count - 1 || times[$0 + 1] > times[$0] }
        for first in starts {
            for last in ends where last >= first {
                let admitted = sums[last + 1] - sums[first]
                let elapsed = Int128(times[last] - times[first])
                if admitted * Int128(period) > capacityTicks + Int128(limit) * elapsed {
                    return "\(admitted) admitted in [\(times[first]), \(times[last])] (steps \(first)...\(last))"
                }
            }
        }
        return nil
    }
}
