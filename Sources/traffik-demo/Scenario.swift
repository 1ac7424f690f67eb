// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Everything a `simulate` run needs, with the defaults worked out from the rate and every value checked.
///
/// Defaults follow the rate's period, so that a rate of `100/min` is shown in minutes as readily as `10/s` is
/// shown in seconds: ten periods of traffic, one period per interval, bursts every five periods (or once, if the
/// duration is shorter), and a peak load of twice the rate.
struct Scenario: Sendable {
    /// The most requests one simulation may send, to keep runs quick.
    static let maxRequests = 1_000_000
    /// The most intervals a timeline may have, to keep it readable.
    static let maxIntervals = 1_000
    /// The longest simulated time (a century), to keep clock arithmetic far from overflow.
    static let maxDuration: Int64 = 100 * 365 * 86_400_000_000

    /// The rate of every throttle.
    let rate: Rate
    /// The traffic.
    let workload: Workload
    /// The width of the timeline's intervals, in microseconds.
    let interval: Int64
    /// The strategies to run, in order.
    let strategies: [StrategyName]
    /// The strategy parameters given.
    let parameters: StrategyParameters

    /// Works out the defaults and checks the values.
    ///
    /// - Parameters:
    ///   - rate: The throttle's rate; it must be limited.
    ///   - pattern: The shape of the traffic.
    ///   - duration: How long the traffic lasts, in microseconds; ten periods of the rate by default.
    ///   - interval: The timeline's interval width, in microseconds; one period of the rate by default.
    ///   - load: Requests per second at the peak; twice the rate by default.
    ///   - strategies: The strategies to run.
    ///   - parameters: The strategy parameters given.
    /// - Throws: ``ScenarioError`` saying what is wrong.
    init(
        rate: Rate,
        pattern: TrafficPattern,
        duration: Int64? = nil,
        interval: Int64? = nil,
        load: Double? = nil,
        strategies: [StrategyName],
        parameters: StrategyParameters = StrategyParameters()
    ) throws(ScenarioError) {
        guard !rate.isUnlimited else {
            throw ScenarioError("an unlimited rate never throttles; give a limited one, such as 10/s")
        }
        let period = rate.periodMicroseconds
        guard period <= Self.maxDuration else { throw ScenarioError("the rate's period is too long to simulate") }
        let duration = duration ?? 10 * period
        let interval = interval ?? period
        let load = load ?? 2 * Double(rate.limit) * 1_000_000 / Double(period)
        guard duration > 0 else { throw ScenarioError("--duration must be longer than zero") }
        guard duration <= Self.maxDuration else { throw ScenarioError("--duration must be at most 100 years") }
        guard interval > 0 else { throw ScenarioError("--interval must be longer than zero") }
        guard load > 0, load.isFinite else { throw ScenarioError("--load must be a positive number of requests/s") }
        let intervals = (duration + interval - 1) / interval
        guard intervals <= Self.maxIntervals else {
            throw ScenarioError(
                "\(Format.duration(duration)) in \(Format.duration(interval)) intervals makes \(intervals) lines; "
                    + "keep it to \(Self.maxIntervals) with a wider --interval or a shorter --duration"
            )
        }
        let requests = load * Double(duration) / 1_000_000
        guard requests <= Double(Self.maxRequests) else {
            throw ScenarioError(
                "\(Format.decimal(load)) requests/s for \(Format.duration(duration)) is too many requests; "
                    + "keep --load × --duration to \(Self.maxRequests)"
            )
        }
        try parameters.check(for: strategies)
        self.rate = rate
        self.workload = Workload(
            pattern: pattern,
            duration: duration,
            peakPerSecond: load,
            cycle: min(5 * period, duration)
        )
        self.interval = interval
        self.strategies = strategies
        self.parameters = parameters
    }

    /// The simulation of one strategy in this scenario.
    func simulation(of name: StrategyName) -> Simulation {
        Simulation(rate: rate, strategy: name.strategy(with: parameters), workload: workload, interval: interval)
    }

    /// Runs every strategy of the scenario, in order.
    func run() async throws -> [(name: StrategyName, timeline: Timeline)] {
        var results: [(name: StrategyName, timeline: Timeline)] = []
        for name in strategies {
            results.append((name, try await simulation(of: name).run()))
        }
        return results
    }

    /// The scenario in words: the rate, the traffic and the interval width.
    var summary: String {
        "rate \(rate), \(workload.summary), in \(Format.duration(interval)) intervals"
    }
}
