// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What `traffik-bench outage` measured: the run's settings, the figures of each phase, and how long the server
/// took to recover after Redis answered again.
struct OutageReport: Sendable, Codable, Hashable {
    /// How the run was made.
    struct Meta: Sendable, Codable, Hashable {
        var command = "outage"
        var framework: String
        /// The bench server's resilience options, in a few words.
        var resilience: String
        /// The server arguments those options became.
        var serverArguments: [String]
        var concurrency: Int
        var clients: Int
        var rate: String
        var leadSeconds: Double
        var pauseSeconds: Double
        var tailSeconds: Double
        var timestamp: String
    }

    var meta: Meta
    /// Before, during and after the pause.
    var phases: [PhaseFigures]
    /// Whether the server has a breaker (its `/__bench__/breaker` did not answer `none`).
    var hasBreaker: Bool
    /// Milliseconds from the pause's start until the breaker was first seen open or half-open; `nil` without a
    /// breaker, or if it never was.
    var breakerOpenedAfterMs: Double?
    /// Milliseconds from the pause's end until the breaker was first seen closed, polled every 50 ms: decisions are
    /// back on Redis then. `nil` without a breaker, or if it was not closed by the end of the run.
    var breakerClosedAfterMs: Double?
    /// The p99 a 100 ms window may have to count as normal (``LatencyRecovery/bound(leadP99:)``).
    var normalBoundMs: Double
    /// Milliseconds from the pause's end until latencies were back to normal (``LatencyRecovery``); `nil` if they
    /// were not by the end of the run.
    var latencyNormalAfterMs: Double?

    /// The report of a run's samples.
    ///
    /// - Parameters:
    ///   - meta: How the run was made.
    ///   - samples: Every request of the run.
    ///   - timeline: When its phases began and ended.
    ///   - observations: The breaker's states as polled from the pause's start.
    init(meta: Meta, samples: [TimedSample], timeline: OutageTimeline, observations: [BreakerObservation]) {
        self.meta = meta
        var byPhase = Array(repeating: [TimedSample](), count: OutageTimeline.phaseNames.count)
        for sample in samples { byPhase[timeline.phase(of: sample)].append(sample) }
        self.phases = OutageTimeline.phaseNames.indices.map {
            PhaseFigures(
                phase: OutageTimeline.phaseNames[$0],
                samples: byPhase[$0],
                microseconds: timeline.phaseLengths[$0]
            )
        }
        let toMs = { (microseconds: Int64) in Double(microseconds) / 1000 }
        self.hasBreaker = !observations.isEmpty && observations.allSatisfy { $0.state != "none" }
        if hasBreaker {
            self.breakerOpenedAfterMs = BreakerObservation.firstNotClosed(in: observations, from: timeline.pauseStart)
                .map { toMs($0 - timeline.pauseStart) }
            self.breakerClosedAfterMs = BreakerObservation.firstClosed(in: observations, from: timeline.pauseEnd)
                .map { toMs($0 - timeline.pauseEnd) }
        }
        let lead = timeline.lead(samples)
        let leadP99 = Percentile.nearestRank(99, of: lead.map(\.latency).sorted()) ?? 0
        let bound = LatencyRecovery.bound(leadP99: leadP99)
        self.normalBoundMs = toMs(bound)
        self.latencyNormalAfterMs = LatencyRecovery.offset(
            of: samples,
            from: timeline.pauseEnd,
            to: timeline.end,
            bound: bound
        ).map(toMs)
    }

    /// Pretty-printed JSON with sorted keys.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
