import Traffik

/// Computes a run's expected admitted count by replaying its probes through the strategy's own decision function
/// (``Strategy/decide(encoded:now:rate:cost:)``), one state per client, at the times they really ran.
///
/// The server decided each probe between its sending and its answer, so the run is replayed twice: every probe
/// decided when it was sent, and every probe decided when it was answered, in the order they were sent. The two
/// bound what a correct server admits: refilling strategies (buckets, GCRA) earn a little more in the second.
/// Window strategies give the same count both ways unless a burst straddles a window edge, which the harness
/// avoids. Probes to `/unthrottled` are always admitted; probes after an injected fault get what the error
/// policy gives (`allow` admits, `throttle` and `raise` do not).
enum ExpectationModel {
    static func expected(for scenario: Scenario, strategy: Strategy, samples: [[Sample]]) -> Expectation {
        let early = replay(scenario, strategy: strategy, samples: samples, late: false)
        let late = replay(scenario, strategy: strategy, samples: samples, late: true)
        return Expectation(low: min(early, late), high: max(early, late))
    }

    /// The number admitted when each probe is decided at its sending (or, when `late`, its answer).
    static func replay(_ scenario: Scenario, strategy: Strategy, samples: [[Sample]], late: Bool) -> Int {
        var states: [String: (bytes: [UInt8], expiresAt: Int64)] = [:]
        var admitted = 0
        for (phase, phaseSamples) in zip(scenario.phases, samples) {
            for sample in phaseSamples.sorted(by: { ($0.sentAt, $0.index) < ($1.sentAt, $1.index) }) {
                let probe = phase.probes[sample.index]
                if probe.route == .unthrottled {
                    admitted += 1
                    continue
                }
                if phase.afterFault {
                    if scenario.onError == "allow" { admitted += 1 }
                    continue
                }
                let now = late ? sample.receivedAt : sample.sentAt
                let live = states[probe.key].flatMap { $0.expiresAt > now ? $0.bytes : nil }
                let transition = strategy.decide(encoded: live, now: now, rate: scenario.rate, cost: 1)
                if transition.ttlMicroseconds > 0 {
                    states[probe.key] = (transition.state, now + transition.ttlMicroseconds)
                } else {
                    states[probe.key] = nil
                }
                if transition.decision.isAllowed { admitted += 1 }
            }
        }
        return admitted
    }
}
