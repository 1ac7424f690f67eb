// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// The window strategies never admit more than the limit in a window, and refuse only when the limit demands it.
@Suite struct WindowInvariantPropertyTests {
    @Test(arguments: StrategyUnderTest.Kind.windows)
    func admittedCostStaysWithinTheLimit(kind: StrategyUnderTest.Kind) async throws {
        var refusals = 0
        await propertyCheck(count: 150, input: Scenario.generator([kind])) { scenario in
            let trace = scenario.replay()
            refusals += trace.count { $0.decision.outcome == .throttled }
            let violation = scenario.windowLimitViolation(trace, times: trace.map(\.time))
            #expect(violation == nil)
        }
        #expect(refusals > 0)
    }

    /// A refusal is needed: the cost (one unit for a cost of 0) does not fit in the window.
    @Test(arguments: StrategyUnderTest.Kind.windows)
    func refusalsAreNeeded(kind: StrategyUnderTest.Kind) async throws {
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

extension Scenario {
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
}
