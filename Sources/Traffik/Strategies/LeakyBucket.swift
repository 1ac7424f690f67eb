// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A bucket of capacity `limit` that leaks at the rate; a request pours in `cost` units and is refused when it would
/// overflow.
///
/// It smooths traffic to the rate: after a burst fills it, requests pass only as fast as it drains. A cost above the
/// limit is never admitted, not even on a fresh key. Refused requests pour nothing.
///
/// Its math is the bucket kernel every bucket strategy shares (`Bucket.swift` here; on Redis the one bucket script,
/// `TraffikRedis/Backend/Scripts/Bucket.swift`, with this strategy's capacity and limit as arguments).
public struct LeakyBucket: RateLimitAlgorithm {
    public typealias State = BucketState

    /// Creates the strategy.
    public init() {}

    public var name: String { "leaky-bucket" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        bucket(rate).decide(state, now: now, cost: cost)
    }

    /// The bucket this strategy is at `rate`.
    func bucket(_ rate: Rate) -> Bucket {
        let limit = Int64(rate.limit)
        return Bucket(capacity: mulClamped(limit, rate.periodMicroseconds), limit: limit, rate: rate)
    }
}
