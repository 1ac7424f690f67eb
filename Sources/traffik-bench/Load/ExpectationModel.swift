// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik
import TraffikBenchContract

/// Computes a run's expected admitted count by replaying its probes through the strategy's own decision function
/// (``Strategy/decide(encoded:now:rate:cost:)``), one state per client, at the times they really ran.
///
/// The server decided each probe between its sending and its answer, so the run is replayed four ways, in the order
/// the probes were sent: every probe decided when it was sent; every probe decided when it was answered; each
/// client's first probe early and the rest late (the longest the run can have lasted for it); and the first late
/// and the rest early (the shortest). Their least and greatest bound what a correct server admits: refilling
/// strategies (buckets, GCRA) earn more the longer a client's run lasts.
/// Window strategies give the same count both ways unless a burst straddles a window edge, which the harness
/// avoids. Probes to `/unthrottled` are always admitted; probes after an injected fault get what the error
/// policy gives (`allow` admits, `throttle` and `raise` do not).
enum ExpectationModel {
    /// When a replayed probe is decided: at its sending or its answer, for a client's first probe and the others.
    struct Timing: Sendable, CaseIterable {
        var firstLate: Bool
        var restLate: Bool

        static let allCases = [
            Timing(firstLate: false, restLate: false), Timing(firstLate: true, restLate: true),
            Timing(firstLate: false, restLate: true), Timing(firstLate: true, restLate: false),
        ]
    }

    static func expected(for scenario: Scenario, strategy: Strategy, samples: [[Sample]]) -> AdmittedRange {
        let counts = Timing.allCases.map { replay(scenario, strategy: strategy, samples: samples, timing: $0) }
        return AdmittedRange(low: counts.min() ?? 0, high: counts.max() ?? 0)
    }

    /// The number admitted when each probe is decided as `timing` says (never before the client's previous one).
    static func replay(_ scenario: Scenario, strategy: Strategy, samples: [[Sample]], timing: Timing) -> Int {
        var states: [String: (bytes: [UInt8], expiresAt: Int64, decidedAt: Int64)] = [:]
        var admitted = 0
        for (phase, phaseSamples) in zip(scenario.phases, samples) {
            for sample in phaseSamples.sorted(by: { ($0.sentAt, $0.index) < ($1.sentAt, $1.index) }) {
                let probe = phase.probes[sample.index]
                if probe.route == .unthrottled {
                    admitted += 1
                    continue
                }
                if phase.afterFault {
                    if scenario.onError.admits { admitted += 1 }
                    continue
                }
                let previous = states[probe.key]?.decidedAt
                let late = previous == nil ? timing.firstLate : timing.restLate
                let now = max(late ? sample.receivedAt : sample.sentAt, previous ?? .min)
                let live = states[probe.key].flatMap { $0.expiresAt > now && !$0.bytes.isEmpty ? $0.bytes : nil }
                let transition = strategy.decide(encoded: live, now: now, rate: scenario.rate, cost: 1)
                // An expired state is kept empty, to remember when the client was last decided.
                let keep = transition.ttlMicroseconds > 0
                states[probe.key] = (keep ? transition.state : [], keep ? now + transition.ttlMicroseconds : now, now)
                if transition.decision.isAllowed { admitted += 1 }
            }
        }
        return admitted
    }
}
