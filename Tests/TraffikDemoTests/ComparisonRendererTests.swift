// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@testable import traffik_demo

@Suite("ComparisonRenderer")
struct ComparisonRendererTests {
    @Test("every strategy gets a column of admitted counts and a line of totals")
    func sideBySide() async throws {
        let scenario = try Scenario(rate: .perSecond(10), pattern: .burst, strategies: StrategyName.allCases)
        let results = try await scenario.run()
        var parameters: [StrategyName: String] = [:]
        for name in StrategyName.allCases {
            parameters[name] = name.parameterSummary(scenario.parameters, rate: scenario.rate)
        }
        let lines = ComparisonRenderer(results: results, parameters: parameters, heading: ["all strategies"]).lines()
        #expect(lines.contains(" time  sent  FW  SWC  SWL  TB  TBD  LB  LBQ  GCRA"))
        #expect(lines.contains("   0s     0   0    0    0   0    0   0    0     0"))
        #expect(lines.contains("   3s    20  10   10   10  19   19  19   19    10"))
        #expect(lines.contains { $0.hasPrefix("total    80  40") })
        #expect(
            lines.contains {
                $0.hasPrefix("TB    token-bucket             burst 10") && $0.hasSuffix("73%             -")
            }
        )
        #expect(lines.contains { $0.hasPrefix("LBQ   leaky-bucket-with-queue") && $0.hasSuffix("900ms") })
        #expect(lines.contains { $0.hasPrefix("GCRA  gcra                     tolerance 0s") })
    }
}
