// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikBenchContract

@testable import traffik_bench

/// Expected admitted counts, computed from the scenarios and each strategy's math.
@Suite struct ExpectationModelTests {
    /// 14:00:00.050 on some day: 50 ms into a minute and into a second.
    static let start: Int64 = 1_700_000_040_050_000

    /// Samples for `scenario`: every probe of phase `p` sent at `start + offsets[p]` and answered `spread` µs later.
    static func samples(_ scenario: Scenario, offsets: [Int64], spread: Int64 = 0) -> [[Sample]] {
        zip(scenario.phases, offsets).map { phase, offset in
            phase.probes.indices.map { index in
                Sample(index: index, sentAt: start + offset, receivedAt: start + offset + spread, outcome: .success)
            }
        }
    }

    static func expected(
        _ name: String,
        _ strategy: String,
        command: LoadCommandKind = .http,
        spread: Int64 = 0
    ) throws
        -> AdmittedRange
    {
        let scenario = try Scenario.named(name, for: command, concurrency: 50)!
        let offsets = scenario.phases.map { $0.startOffset.map { $0 / .microseconds(1) }.map(Int64.init) ?? 0 }
        return ExpectationModel.expected(
            for: scenario,
            strategy: StrategyArgument(argument: strategy)!.strategy(for: scenario.rate),
            samples: samples(scenario, offsets: offsets, spread: spread)
        )
    }

    @Test(arguments: StrategyArgument.allValueStrings)
    func overLimitAdmitsTheLimitAtOnce(strategy: String) throws {
        #expect(try Self.expected("over_limit", strategy) == AdmittedRange(low: 50, high: 50))
        #expect(try Self.expected("hot_key", strategy) == AdmittedRange(low: 100, high: 100))
        #expect(try Self.expected("below_limit", strategy) == AdmittedRange(low: 80, high: 80))
    }

    @Test(arguments: StrategyArgument.allValueStrings)
    func keysAreCountedApart(strategy: String) throws {
        #expect(try Self.expected("many_keys", strategy).low == 300)
        #expect(try Self.expected("concurrent", strategy, command: .middleware).low == 500)
        #expect(try Self.expected("concurrent", strategy, command: .http).low == 100)
    }

    @Test func unthrottledRequestsAlwaysPass() throws {
        #expect(
            try Self.expected("selective", "fixed-window", command: .middleware) == AdmittedRange(low: 150, high: 150)
        )
    }

    @Test func faultPhasesFollowTheErrorPolicy() throws {
        var scenario = try Scenario.named("error_recovery", for: .http, concurrency: 50)!
        let strategy = Strategy.fixedWindow
        let samples = Self.samples(scenario, offsets: [0, 0])
        #expect(ExpectationModel.expected(for: scenario, strategy: strategy, samples: samples).low == 100)
        scenario.onError = .throttle
        #expect(ExpectationModel.expected(for: scenario, strategy: strategy, samples: samples).low == 50)
    }

    /// Waves 1.1 s apart, the first 50 ms into a 1 s window: each wave has a window of its own.
    @Test(arguments: ["fixed-window", "sliding-window-log", "token-bucket", "leaky-bucket", "gcra"])
    func windowBoundaryWavesEachGetTheFullLimit(strategy: String) throws {
        #expect(try Self.expected("window_boundary", strategy) == AdmittedRange(low: 60, high: 60))
        #expect(try Self.expected("window_boundary", strategy, command: .websocket) == AdmittedRange(low: 30, high: 30))
    }

    /// The sliding window counter weighs the previous window: 85% of wave 1's 20 still counts 150 ms into wave 2's
    /// window, so wave 2 gets only what is left.
    @Test func slidingWindowCounterWeighsThePreviousWindow() throws {
        let expected = try Self.expected("window_boundary", "sliding-window-counter")
        #expect(expected.low < 60)
        #expect(expected.low >= 40)
    }

    /// Refilling strategies earn tokens while a run lasts (50/min is one every 1.2 s); windows do not.
    @Test func longRunsEarnMoreOnlyWithRefillingStrategies() throws {
        let scenario = try Scenario.named("over_limit", for: .http, concurrency: 50)!
        // 200 requests 20 ms apart, each answered in 10 ms: the run lasts about 4 s.
        let samples = [
            scenario.phases[0].probes.indices.map { index in
                let sent = Self.start + Int64(index) * 20_000
                return Sample(index: index, sentAt: sent, receivedAt: sent + 10_000, outcome: .success)
            }
        ]
        let bucket = ExpectationModel.expected(
            for: scenario,
            strategy: .tokenBucket(),
            samples: samples
        )
        #expect(bucket.low == 53)
        #expect(bucket.high == 53)
        let window = ExpectationModel.expected(for: scenario, strategy: .fixedWindow, samples: samples)
        #expect(window == AdmittedRange(low: 50, high: 50))
    }
}
