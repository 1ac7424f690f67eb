// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

/// Runs a strategy's pure function over a trace of `(seconds since the previous call, cost)` steps, starting at
/// `start` microseconds, and returns each decision.
func run(
    _ strategy: Strategy,
    rate: Rate,
    start: Int64 = 1_700_000_000_000_000,
    _ steps: [(Double, Int)]
) -> [Decision] {
    var now = start
    var state: [UInt8]?
    var decisions: [Decision] = []
    for (seconds, cost) in steps {
        now += Int64((seconds * 1_000_000).rounded())
        let transition = strategy.decide(encoded: state, now: now, rate: rate, cost: cost)
        state = transition.state
        decisions.append(transition.decision)
    }
    return decisions
}

/// The waits of `decisions` in milliseconds: `0` when allowed, `-1` when never admissible.
func waitsInMilliseconds(_ decisions: [Decision]) -> [Int64] {
    decisions.map { decision in
        switch decision.outcome {
        case .allowed: 0
        case .throttled: decision.retryAfterMicroseconds / 1_000
        case .exceedsCapacity: -1
        }
    }
}

/// `count` steps of `cost` at the same instant.
func burst(_ count: Int, cost: Int = 1) -> [(Double, Int)] {
    Array(repeating: (0, cost), count: count)
}
