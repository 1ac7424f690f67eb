// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A scenario's figures over its timed iterations, as printed and written to JSON.
struct ScenarioResult: Sendable, Codable, Hashable {
    var scenario: String
    var requests: Int
    var rpsMean: Double
    var rpsStddev: Double
    var p50Ms: Double
    var p95Ms: Double
    var p99Ms: Double
    var meanMs: Double
    var success: Int
    var throttled: Int
    var errors: Int
    /// Expected admitted, summed over iterations (a range for refilling strategies).
    var expectedLow: Int
    var expectedHigh: Int
    var passed: Bool
    /// Admitted per 100 ms from the run's start, of the first timed iteration (for the window_boundary chart).
    var admittedTimeline: [Int]
    /// Anything the reader should know, such as a fault that could not be injected.
    var note: String?

    var expected: AdmittedRange { AdmittedRange(low: expectedLow, high: expectedHigh) }

    /// Pools the iterations' samples: nearest-rank percentiles, mean and population spread of RPS.
    init(scenario: String, runs: [RunRecord], note: String? = nil) {
        self.scenario = scenario
        let samples = runs.flatMap(\.samples)
        let latencies = samples.map(\.latency).sorted()
        let toMs = { (value: Int64?) in Double(value ?? 0) / 1000 }
        self.requests = samples.count
        let rates = runs.map(\.requestsPerSecond)
        let mean = rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count)
        self.rpsMean = mean
        self.rpsStddev =
            rates.isEmpty
            ? 0 : (rates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rates.count)).squareRoot()
        self.p50Ms = toMs(Percentile.nearestRank(50, of: latencies))
        self.p95Ms = toMs(Percentile.nearestRank(95, of: latencies))
        self.p99Ms = toMs(Percentile.nearestRank(99, of: latencies))
        self.meanMs = latencies.isEmpty ? 0 : Double(latencies.reduce(0, +)) / Double(latencies.count) / 1000
        self.success = samples.count { $0.outcome == .success }
        self.throttled = samples.count { $0.outcome == .throttled }
        self.errors = samples.count { $0.outcome == .error }
        let expected = runs.map(\.expected).reduce(.zero, +)
        self.expectedLow = expected.low
        self.expectedHigh = expected.high
        self.passed = !runs.isEmpty && runs.allSatisfy(\.passed)
        self.admittedTimeline = Self.timeline(runs.first?.samples ?? [], from: runs.first?.start ?? 0)
        self.note = note
    }

    /// Admitted probes per 100 ms of answer time since `start` (wall-clock µs).
    static func timeline(_ samples: [Sample], from start: Int64) -> [Int] {
        let offsets = samples.filter { $0.outcome == .success }.map { max($0.receivedAt - start, 0) }
        guard let last = offsets.max() else { return [] }
        var buckets = Array(repeating: 0, count: Int(last / 100_000) + 1)
        for offset in offsets { buckets[Int(offset / 100_000)] += 1 }
        return buckets
    }
}
