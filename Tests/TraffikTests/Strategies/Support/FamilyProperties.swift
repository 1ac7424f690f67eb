// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// A property of one family of strategies: the bucket strategies and GCRA never admit more than their capacity
/// plus what the rate refills; the window strategies never admit more than the limit in a window, and refuse only
/// when the limit demands it. Each strategy's test file runs its family's.
enum FamilyProperty: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// Over any interval `[t1, t2]` of a trace the admitted cost is at most `capacity + limit × (t2 − t1) / period`.
    ///
    /// The capacity is `burst`, `burst + maxDebt`, the limit, the limit, and for GCRA `1 + τ × limit / period`:
    /// the most GCRA admits at one instant is the whole part of that, `1 + ⌊τ × limit / period⌋`, but over an
    /// interval the fraction counts too (see `GCRATests.intervalBoundNeedsTheWholeTolerance()`).
    case admittedCostIsBoundedByCapacityPlusRefill
    /// At one instant, a fresh key admits exactly the capacity.
    case aFreshKeyAdmitsTheCapacityAtOnce
    /// The cost admitted stays within the limit (see ``Scenario/windowLimitViolation(_:times:)``).
    case admittedCostStaysWithinTheLimit
    /// A refusal is needed: the cost (one unit for a cost of 0) does not fit in the window.
    case refusalsAreNeeded

    /// The properties of ``StrategyUnderTest/Kind/buckets``.
    static let bucket: [Self] = [.admittedCostIsBoundedByCapacityPlusRefill, .aFreshKeyAdmitsTheCapacityAtOnce]
    /// The properties of ``StrategyUnderTest/Kind/windows``.
    static let window: [Self] = [.admittedCostStaysWithinTheLimit, .refusalsAreNeeded]

    var testDescription: String { rawValue }

    /// Checks the property for `kind`, which must be of the property's family.
    func check(_ kind: StrategyUnderTest.Kind) async {
        #expect((StrategyUnderTest.Kind.windows.contains(kind) ? Self.window : Self.bucket).contains(self))
        switch self {
        case .admittedCostIsBoundedByCapacityPlusRefill:
            await expectTheLimitHoldsOnRandomTraces(kind, count: 120)
        case .admittedCostStaysWithinTheLimit:
            await expectTheLimitHoldsOnRandomTraces(kind, count: 150)
        case .aFreshKeyAdmitsTheCapacityAtOnce:
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
        case .refusalsAreNeeded:
            await propertyCheck(count: 100, input: Scenario.generator([kind])) { scenario in
                let trace = scenario.replay()
                for index in trace.indices where trace[index].decision.outcome == .throttled {
                    var probe = Array(trace[...index])
                    // The refused request, as if admitted with at least one unit, must break the limit.
                    probe[index].cost = max(probe[index].cost, 1)
                    probe[index].transition.decision.outcome = .allowed
                    let violation = scenario.windowLimitViolation(probe, times: probe.map(\.time))
                    try #require(violation != nil, "step \(index) was refused with room to spare")
                }
            }
        }
    }
}

/// On `count` random traces of `kind` the family's limit holds (``Scenario/limitViolation(_:times:)``), and the
/// traces reached refusals.
private func expectTheLimitHoldsOnRandomTraces(_ kind: StrategyUnderTest.Kind, count: Int) async {
    var refusals = 0
    await propertyCheck(count: count, input: Scenario.generator([kind])) { scenario in
        let trace = scenario.replay()
        refusals += trace.count { $0.decision.outcome == .throttled }
        #expect(scenario.limitViolation(trace, times: trace.map(\.time)) == nil)
    }
    #expect(refusals > 0)
}

extension Scenario {
    /// Where the trace breaks its family's limit, with each step taken at `times`: the window limit for the window
    /// strategies, the bucket bound for the others; `nil` when it never does.
    func limitViolation(_ trace: [TraceStep], times: [Int64]) -> String? {
        subject.isWindow ? windowLimitViolation(trace, times: times) : bucketLimitViolation(trace, times: times)
    }

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

    /// Where a window strategy's trace admits more than the limit, with each step taken at `times`; `nil` when
    /// it never does.
    ///
    /// - Fixed window: the cost admitted in each clock-aligned window is at most the limit.
    /// - Sliding window log: the cost admitted in every half-open period `(t − W, t]` is at most the limit.
    /// - Sliding window counter: as for the fixed window, and the weighted count
    ///   `previous × (W − elapsed) / W + current` after each admission is at most the limit.
    func windowLimitViolation(_ trace: [TraceStep], times: [Int64]) -> String? {
        var used: [Int64: Int64] = [:]
        for (index, step) in trace.enumerated() where step.admitted > 0 {
            let time = times[index]
            let window = alignedStart(time, period: period)
            switch subject.kind {
            case .slidingWindowLog:
                let inPeriod = trace.indices.prefix(index + 1).lazy.filter { times[$0] > time - period }
                    .reduce(Int64(0)) { $0 + trace[$1].admitted }
                if inPeriod > limit { return "\(inPeriod) admitted in the period ending at step \(index) (\(time))" }
            default:
                let current = used[window, default: 0] + step.admitted
                used[window] = current
                if current > limit { return "\(current) admitted in the window of step \(index) (\(time))" }
                if subject.kind == .slidingWindowCounter {
                    let previous = Int128(used[window - period, default: 0])
                    let weighted = previous * Int128(period - (time - window)) + Int128(current) * Int128(period)
                    if weighted > Int128(limit) * Int128(period) {
                        return "weighted count \(weighted) / \(period) after step \(index) (\(time))"
                    }
                }
            }
        }
        return nil
    }

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
