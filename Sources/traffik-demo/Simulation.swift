// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// One strategy against one workload, decided by a real ``Throttle`` on a virtual clock: no sleeping, so a run
/// takes as long as its decisions.
///
/// ```swift
/// let workload = Workload(pattern: .steady, duration: 10_000_000, peakPerSecond: 20)
/// let simulation = Simulation(rate: try .perSecond(10), strategy: .fixedWindow, workload: workload, interval: 1_000_000)
/// let timeline = try await simulation.run()
/// timeline.admittedCounts  // [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
/// ```
struct Simulation: Sendable {
    /// The rate of the throttle.
    var rate: Rate
    /// The strategy of the throttle.
    var strategy: Strategy
    /// The traffic to send.
    var workload: Workload
    /// The width of the timeline's intervals, in microseconds.
    var interval: Int64

    /// The virtual time at which the simulation starts: the first whole multiple of the rate's period after the
    /// ``ManualClock``'s default reading, so that the first fixed window begins with the simulation.
    var start: Int64 {
        let base: Int64 = 1_700_000_000_000_000
        let period = max(rate.periodMicroseconds, 1)
        return (base / period + 1) * period
    }

    /// Sends every request of the workload through a fresh throttle and counts the answers per interval.
    func run() async throws -> Timeline {
        precondition(interval > 0, "Simulation interval must be positive, got \(interval)")
        let clock = ManualClock(microseconds: start)
        let backend = InMemoryBackend(clock: clock)
        let throttle = try Throttle<String>(
            uid: "simulate",
            rate: .fixed(rate),
            strategy: strategy,
            backend: .fixed(backend),
            registry: ThrottleRegistry()
        )
        let count = Int((workload.duration + interval - 1) / interval)
        var timeline = Timeline(width: interval, count: count)
        for time in workload.requestTimes() {
            clock.set(microseconds: start + time)
            let decision = try await throttle.hit("client")
            timeline.record(at: time, admitted: decision.isAllowed, delay: decision.delayMicroseconds)
        }
        return timeline
    }
}
