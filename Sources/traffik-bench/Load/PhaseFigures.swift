// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One phase of an outage run: the requests sent in it, how fast they were answered and how they ended.
///
/// Which requests belong to which phase: ``OutageTimeline``. Latencies are those of every request of the phase,
/// answered or not (an unanswered one counts its time to failure).
struct PhaseFigures: Sendable, Hashable, Codable {
    /// `before`, `during` or `after`.
    var phase: String
    /// The phase's length.
    var seconds: Double
    /// Requests of the phase.
    var requests: Int
    /// Requests of the phase that got an HTTP answer (any status), per second of the phase.
    var answeredPerSecond: Double
    var p50Ms: Double
    var p99Ms: Double
    var maxMs: Double
    /// Answered 200.
    var ok: Int
    /// Answered 429.
    var throttled: Int
    /// Answered 500–599.
    var serverErrors: Int
    /// No answer (a transport failure or a timeout), or another status.
    var errors: Int

    /// The figures of a phase `microseconds` long whose requests are `mine`.
    init(phase: String, samples mine: [TimedSample], microseconds: Int64) {
        let latencies = mine.map(\.latency).sorted()
        let toMs = { (value: Int64?) in Double(value ?? 0) / 1000 }
        self.phase = phase
        self.seconds = Double(max(microseconds, 0)) / 1e6
        self.requests = mine.count
        let answered = mine.count { $0.status != nil }
        self.answeredPerSecond = seconds > 0 ? Double(answered) / seconds : 0
        self.p50Ms = toMs(Percentile.nearestRank(50, of: latencies))
        self.p99Ms = toMs(Percentile.nearestRank(99, of: latencies))
        self.maxMs = toMs(latencies.last)
        self.ok = mine.count { $0.status == 200 }
        self.throttled = mine.count { $0.status == 429 }
        self.serverErrors = mine.count { (500...599).contains($0.status ?? 0) }
        self.errors = requests - ok - throttled - serverErrors
    }
}
