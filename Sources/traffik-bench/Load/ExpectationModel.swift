import Traffik

/// When a phase of a run started and ended, in wall-clock microseconds since 1970 (the clock the strategies read).
struct PhaseTiming: Sendable, Hashable {
    var start: Int64
    var end: Int64
}

/// Computes a run's expected admitted count by replaying its probes through the strategy's own decision function
/// (``Strategy/decide(encoded:now:rate:cost:)``), one state per client, at the times the phases really ran.
///
/// Each phase is replayed twice: every probe at the phase's start, and the probes spread evenly from its start to
/// its end. The two bound what the server may admit: the first gives refilling strategies no time to refill, the
/// second all the time there was. Window strategies give the same count both ways unless a phase straddles a
/// window edge, which the harness avoids. Probes to `/unthrottled` are always admitted; probes after an injected
/// fault get what the error policy gives (`allow` admits, `throttle` and `raise` do not).
enum ExpectationModel {
    static func expected(
        for scenario: Scenario,
        strategy: Strategy,
        timings: [PhaseTiming]
    ) -> Expectation {
        let instant = replay(scenario, strategy: strategy, timings: timings, spread: false)
        let spread = replay(scenario, strategy: strategy, timings: timings, spread: true)
        return Expectation(low: min(instant, spread), high: max(instant, spread))
    }

    /// The number admitted when the probes are decided at the modelled times.
    static func replay(_ scenario: Scenario, strategy: Strategy, timings: [PhaseTiming], spread: Bool) -> Int {
        var states: [String: (bytes: [UInt8], expiresAt: Int64)] = [:]
        var admitted = 0
        for (phase, timing) in zip(scenario.phases, timings) {
            let count = phase.probes.count
            for (index, probe) in phase.probes.enumerated() {
                if probe.route == .unthrottled {
                    admitted += 1
                    continue
                }
                if phase.afterFault {
                    if scenario.onError == "allow" { admitted += 1 }
                    continue
                }
                let now =
                    spread && count > 1
                    ? timing.start + (timing.end - timing.start) * Int64(index) / Int64(count - 1) : timing.start
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
