// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import traffik_bench

@Suite struct PercentileTests {
    @Test func nearestRankPicksTheSmallestValueCoveringThePercentage() {
        let values = Array(1...100)
        #expect(Percentile.nearestRank(50, of: values) == 50)
        #expect(Percentile.nearestRank(95, of: values) == 95)
        #expect(Percentile.nearestRank(99, of: values) == 99)
        #expect(Percentile.nearestRank(100, of: values) == 100)
        #expect(Percentile.nearestRank(99, of: [3, 7, 9]) == 9)
        #expect(Percentile.nearestRank(50, of: [3, 7, 9, 11]) == 7)
        #expect(Percentile.nearestRank(1, of: [42]) == 42)
        #expect(Percentile.nearestRank(50, of: [Int]()) == nil)
    }

    @Test func resultsPoolIterationsAndCheckEachOne() {
        let passing = RunRecord(
            samples: (0..<4).map { Sample(index: $0, sentAt: 0, receivedAt: Int64($0 + 1) * 1000, outcome: .success) },
            start: 0,
            elapsed: 1_000_000,
            expected: AdmittedRange(low: 4, high: 4)
        )
        var failing = passing
        failing.expected = AdmittedRange(low: 3, high: 3)
        let result = ScenarioResult(scenario: "x", runs: [passing, passing])
        #expect(result.requests == 8)
        #expect(result.rpsMean == 4)
        #expect(result.rpsStddev == 0)
        #expect(result.p50Ms == 2)
        #expect(result.p99Ms == 4)
        #expect(result.expected == AdmittedRange(low: 8, high: 8))
        #expect(result.passed)
        #expect(!ScenarioResult(scenario: "x", runs: [passing, failing]).passed)
        #expect(!ScenarioResult(scenario: "x", runs: []).passed)
    }
}
