// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Operations per second with a number in flight at once: the measurement behind `throughput`, and the table
/// it prints.
struct ThroughputRun {
    var operations: Int
    var concurrency: Int

    /// Runs `operations` calls of `body` with `concurrency` in flight and returns the rate per second.
    func measure(_ body: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    for index in stride(from: worker, to: operations, by: concurrency) { try await body(index) }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(operations) / seconds
    }

    /// Measures every built-in strategy's decisions on `backend` at `rate`, over `keys`, and prints a row for each
    /// against `baseline` (the raw command's rate, named `baselineName`).
    func compareStrategies(
        on backend: some ThrottleBackend,
        rate: Rate,
        keys: [String],
        baseline: Double,
        baselineName: String
    ) async throws {
        print("strategy                   decisions/s   vs \(baselineName)")
        print("\(Self.label("raw " + baselineName)) \(Self.pad(baseline))   1.00")
        for name in StrategyArgument.all {
            let strategy = name.strategy(for: rate)
            // The sliding-window log takes limits up to its cap: it is measured at the cap.
            let rate =
                (try? strategy.validate(rate)) != nil
                ? rate : try Rate(limit: SlidingWindowLog.maximumLimit, period: rate.period)
            let perSecond = try await measure { index in
                _ = try await backend.decide(
                    key: keys[index % keys.count],
                    strategy: strategy,
                    rate: rate,
                    cost: 1,
                    commit: true
                )
            }
            print(
                "\(Self.label(name.name)) \(Self.pad(perSecond))   \(Self.format2(perSecond / baseline))"
            )
        }
    }

    static func label(_ text: String) -> String {
        text + String(repeating: " ", count: max(0, 26 - text.count))
    }

    static func pad(_ value: Double) -> String {
        let text = String(Int(value.rounded()))
        return String(repeating: " ", count: max(0, 11 - text.count)) + text
    }

    static func format2(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
