// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import FuzzSupport
@_spi(Backend) import Traffik

/// Every built-in strategy deciding on any stored bytes (another application's value, a corrupt or planted state):
/// no trap, sane numbers in every decision, and never more admitted at one instant than the limit allows.
///
/// The input picks a strategy and its parameters, a rate, the time, and a state: either raw bytes, or a state the
/// strategy wrote itself with some bytes overwritten (far-future timestamps, negative or huge counts). Then up to
/// eight requests are decided at that same instant, each on the state the previous one left.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStrategyState(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let burst = input.int(in: 1...1_000)
    let strategy = input.choice([
        Strategy.fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket(), .tokenBucket(burst: burst),
        .tokenBucketWithDebt(), .tokenBucketWithDebt(burst: burst, maxDebt: input.int(in: 0...1_000)), .leakyBucket,
        .leakyBucketWithQueue, .gcra(), .gcra(burstTolerance: .milliseconds(input.int(in: 0...10_000))),
    ])
    let period = input.choice([Duration.milliseconds(1), .seconds(1), .seconds(60), .seconds(3_600), .seconds(86_400)])
    guard let rate = try? Rate(limit: input.int(in: 1...10_000), period: period) else { return 0 }
    // Around now (2023 to 2026, in microseconds), as a clock would say.
    let now = 1_700_000_000_000_000 + Int64(input.int(in: 0...100_000_000_000_000))
    let costs = (0..<Int(input.byte() % 8 + 1)).map { _ in
        input.byte() < 200 ? input.int(in: 1...2 * rate.limit) : input.int(in: 1...Int.max)
    }
    var state: [UInt8]?
    switch input.byte() % 3 {
    case 0:
        state = nil
    case 1:
        state = input.rest()
    default:
        // A state the strategy wrote, at a time the input chose, with bytes overwritten.
        let earlier = now - Int64(input.int(in: 0...1_000_000_000_000))
        var written = strategy.decide(encoded: nil, now: earlier, rate: rate, cost: 1).state
        let patches = input.rest()
        for pair in stride(from: 0, to: patches.count - 1, by: 2) where !written.isEmpty {
            written[Int(patches[pair]) % written.count] = patches[pair + 1]
        }
        state = written
    }

    var admitted = 0
    var limit: Int?
    for cost in costs {
        let transition = strategy.decide(encoded: state, now: now, rate: rate, cost: cost)
        let decision = transition.decision
        let before = state
        let context = { "\(strategy) at \(rate), cost \(cost), state \(before.map { "\($0)" } ?? "none")" }
        limit = limit ?? decision.limit
        require(decision.limit == limit, "limit changed to \(decision.limit) at one instant: \(context())")
        require(decision.limit >= 1, "limit \(decision.limit): \(context())")
        require(
            (0...decision.limit).contains(decision.remaining),
            "remaining \(decision.remaining) of \(decision.limit): \(context())"
        )
        require(decision.resetAfterMicroseconds >= 0, "reset after \(decision.resetAfterMicroseconds): \(context())")
        require(decision.delayMicroseconds >= 0, "delay \(decision.delayMicroseconds): \(context())")
        switch decision.outcome {
        case .allowed:
            require(cost <= decision.limit, "admitted \(cost) against a limit of \(decision.limit): \(context())")
            admitted += cost
            require(
                admitted <= decision.limit,
                "admitted \(admitted) at one instant, limit \(decision.limit): \(context())"
            )
        case .exceedsCapacity:
            require(
                cost > decision.limit,
                "cost \(cost) refused for good under a limit of \(decision.limit): \(context())"
            )
        default:
            require(decision.retryAfterMicroseconds > 0, "retry after \(decision.retryAfterMicroseconds): \(context())")
        }
        state = transition.state
    }
    return 0
}
