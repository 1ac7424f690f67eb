// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik

/// `traffik-demo simulate`: runs synthetic traffic against one strategy, or all of them, on a virtual clock and
/// prints what each interval admitted and refused.
///
/// The command only reads its options and prints; ``Scenario``, ``Simulation`` and the renderers do the work.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run synthetic traffic against a strategy on a virtual clock and print a timeline.",
        discussion: """
            Everything runs on a virtual clock, so the output appears at once. Durations are written like 10s, \
            500ms, 2min or 1h. Defaults follow the rate's period: ten periods of traffic, one period per interval, \
            and a peak load of twice the rate.

            Patterns: steady sends the peak load all the time; burst repeats a cycle of five periods (or one as long \
            as the duration, if that is shorter), quiet for its first three fifths and at the peak load for the rest; \
            ramp raises the load in a straight line from nothing to the peak.
            """
    )

    @Option(help: "The strategy to run, or 'all' to compare every strategy side by side.")
    var strategy: StrategyChoice = .all

    @Option(help: "The rate, such as 10/s, 100/min or 5/250ms (default: 10/s).", transform: { try Rate(parsing: $0) })
    var rate: Rate?

    @Option(help: "The traffic pattern.")
    var pattern: TrafficPattern = .burst

    @Option(
        help: ArgumentHelp("How long the traffic lasts (default: ten periods of the rate).", valueName: "duration"),
        transform: { try DurationArgument.microseconds($0) }
    )
    var duration: Int64?

    @Option(
        help: ArgumentHelp(
            "The width of the timeline's intervals (default: the rate's period).",
            valueName: "duration"
        ),
        transform: { try DurationArgument.microseconds($0) }
    )
    var interval: Int64?

    @Option(help: "Requests per second at the peak (default: twice the rate).")
    var load: Double?

    @Option(help: "The token buckets' size (token-bucket, token-bucket-with-debt; default: the rate's limit).")
    var burst: Int?

    @Option(help: "How many tokens token-bucket-with-debt may borrow (default: 0).")
    var maxDebt: Int?

    @Option(
        help: ArgumentHelp("How early a request may arrive under gcra (default: 0s).", valueName: "duration"),
        transform: { try DurationArgument.microseconds($0) }
    )
    var tolerance: Int64?

    /// Checks the options together by building the scenario they describe.
    func validate() throws {
        _ = try makeScenario()
    }

    /// Runs the scenario and prints one strategy's timeline, or every strategy side by side for `all`.
    mutating func run() async throws {
        let scenario = try makeScenario()
        let results = try await scenario.run()
        let lines: [String]
        switch strategy {
        case .one(let name):
            let parameters = name.parameterSummary(scenario.parameters, rate: scenario.rate)
            let title = parameters.isEmpty ? name.name : "\(name.name) (\(parameters))"
            lines = TimelineRenderer(timeline: results[0].timeline, heading: [title, scenario.summary]).lines()
        case .all:
            var parameters: [StrategyName: String] = [:]
            for name in scenario.strategies {
                parameters[name] = name.parameterSummary(scenario.parameters, rate: scenario.rate)
            }
            lines = ComparisonRenderer(
                results: results,
                parameters: parameters,
                heading: ["all strategies", scenario.summary]
            ).lines()
        }
        for line in lines { print(line) }
    }

    /// The scenario the options describe.
    /// - Throws: `ValidationError` with the scenario's complaint.
    func makeScenario() throws(ValidationError) -> Scenario {
        let rate: Rate
        do { rate = try self.rate ?? Rate.perSecond(10) } catch { throw ValidationError("\(error)") }
        do {
            return try Scenario(
                rate: rate,
                pattern: pattern,
                duration: duration,
                interval: interval,
                load: load,
                strategies: strategy.names,
                parameters: StrategyParameters(burst: burst, maxDebt: maxDebt, tolerance: tolerance)
            )
        } catch {
            throw ValidationError(error.description)
        }
    }
}
