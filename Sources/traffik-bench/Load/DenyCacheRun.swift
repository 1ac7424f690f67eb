// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One run of `traffik-bench deny-cache`: how its requests ended and how many decisions reached Redis.
struct DenyCacheRun: Sendable, Codable, Hashable {
    /// `off`, or the cache's capacity.
    var denyCache: String
    var requests: Int
    var ok: Int
    var throttled: Int
    var errors: Int
    /// `EVALSHA` calls Redis ran during the run: one per decision that reached it.
    var roundTrips: Int
    var requestsPerSecond: Double
    var p50Ms: Double
    var p99Ms: Double

    /// The figures of `samples`, sent over `elapsed` µs, while Redis's `EVALSHA` count went from `before` to
    /// `after`.
    init(denyCache: String, samples: [Sample], elapsed: Int64, before: CommandStats, after: CommandStats) {
        let latencies = samples.map(\.latency).sorted()
        self.denyCache = denyCache
        self.requests = samples.count
        self.ok = samples.count { $0.outcome == .success }
        self.throttled = samples.count { $0.outcome == .throttled }
        self.errors = samples.count { $0.outcome == .error }
        self.roundTrips = after["evalsha"] - before["evalsha"]
        self.requestsPerSecond = elapsed > 0 ? Double(samples.count) * 1e6 / Double(elapsed) : 0
        self.p50Ms = Double(Percentile.nearestRank(50, of: latencies) ?? 0) / 1000
        self.p99Ms = Double(Percentile.nearestRank(99, of: latencies) ?? 0) / 1000
    }
}
