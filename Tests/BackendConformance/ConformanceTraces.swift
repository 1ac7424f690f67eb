// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Randomised decision traces run on a reference backend and a backend under test, on one manual clock: every
/// decision must be identical, field for field.
public enum ConformanceTraces {
    /// A strategy the traces run, named after its algorithm's type (and source file, `TokenBucket.swift`), with its
    /// parameters: the name test cases carry.
    public struct NamedStrategy: Sendable, CustomStringConvertible {
        public var name: String
        public var strategy: Strategy
        public var description: String { name }

        init(_ name: String, _ strategy: Strategy) {
            self.name = name
            self.strategy = strategy
        }
    }

    /// The eight built-in strategies, some with a spread of parameters, and a strategy of the tests' own
    /// (compare-and-swap). The traces of each are seeded by its strategy's name.
    public static let strategies: [NamedStrategy] = [
        NamedStrategy("FixedWindow", .fixedWindow),
        NamedStrategy("SlidingWindowCounter", .slidingWindowCounter),
        NamedStrategy("SlidingWindowLog", .slidingWindowLog),
        NamedStrategy("TokenBucket", .tokenBucket()),
        NamedStrategy("TokenBucket(burst: 7)", .tokenBucket(burst: 7)),
        NamedStrategy("TokenBucketWithDebt(maxDebt: 3)", .tokenBucketWithDebt(maxDebt: 3)),
        NamedStrategy("LeakyBucket", .leakyBucket),
        NamedStrategy("LeakyBucketWithQueue", .leakyBucketWithQueue),
        NamedStrategy("GCRA", .gcra()),
        NamedStrategy("GCRA(burstTolerance: 1.5 s)", .gcra(burstTolerance: .milliseconds(1_500))),
        NamedStrategy("EveryOther (custom)", .custom(EveryOther())),
    ]

    /// A mismatch: where the two backends first disagreed.
    public struct Mismatch: Error, CustomStringConvertible {
        public var description: String
    }

    /// What a run compared: every decision, and how many of them refused, so that a test can see the traces
    /// reached both outcomes.
    public struct Summary: Sendable {
        public var decisions = 0
        public var refused = 0
    }

    /// Runs `traces` traces of `steps` decisions on `reference` and `subject`, both reading `clock`.
    ///
    /// - Parameter clockStepsBack: Whether the clock sometimes steps back (by up to one emission interval).
    /// - Throws: ``Mismatch`` at the first decision on which the backends differ.
    @discardableResult
    public static func run(
        _ strategy: Strategy,
        reference: some ThrottleBackend,
        subject: some ThrottleBackend,
        clock: ManualClock,
        traces: Int = 30,
        steps: Int = 60,
        clockStepsBack: Bool = true
    ) async throws -> Summary {
        var summary = Summary()
        var random = SplitMix64(seed: strategy.description.utf8.reduce(17) { $0 &* 31 &+ UInt64($1) })
        for trace in 0..<traces {
            let rate = Self.rate(trace, using: &random)
            let key = "trace-\(trace)"
            for step in 0..<steps {
                let advance = Self.step(rate, using: &random)
                clock.advance(by: .microseconds(clockStepsBack ? advance : max(advance, 0)))
                let cost = Self.cost(rate, using: &random)
                let commit = Int.random(in: 0..<8, using: &random) != 0
                let expected = try await reference.decide(
                    key: key,
                    strategy: strategy,
                    rate: rate,
                    cost: cost,
                    commit: commit
                )
                let actual = try await subject.decide(
                    key: key,
                    strategy: strategy,
                    rate: rate,
                    cost: cost,
                    commit: commit
                )
                guard actual == expected else {
                    throw Mismatch(
                        description: "\(strategy) at \(rate), trace \(trace) step \(step), cost \(cost), commit "
                            + "\(commit): expected \(expected), got \(actual)"
                    )
                }
                summary.decisions += 1
                if !expected.isAllowed { summary.refused += 1 }
            }
        }
        return summary
    }

    static func rate(_ trace: Int, using random: inout SplitMix64) -> Rate {
        let periods: [Int64] = [250, 1_000, 500_000, 1_000_000, 60_000_000, 3_600_000_000, 86_400_000_000]
        let period = periods[trace % periods.count]
        let limit = Int.random(in: 1...Int(min(1_000, period, Rate.maximumWork / period)), using: &random)
        return try! Rate(limit: limit, period: .microseconds(period))
    }

    /// Mostly small steps around the emission interval, sometimes none, sometimes whole periods, rarely back.
    static func step(_ rate: Rate, using random: inout SplitMix64) -> Int64 {
        let interval = max(rate.periodMicroseconds / Int64(rate.limit), 1)
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1: return 0
        case 2...6: return Int64.random(in: 0...(2 * interval), using: &random)
        case 7, 8: return Int64.random(in: 0...(2 * rate.periodMicroseconds), using: &random)
        default: return -Int64.random(in: 0...interval, using: &random)
        }
    }

    static func cost(_ rate: Rate, using random: inout SplitMix64) -> Int {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: 0
        case 1: rate.limit + Int.random(in: 1...3, using: &random)
        case 2...4: Int.random(in: 1...rate.limit, using: &random)
        default: 1
        }
    }
}
