// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A bucket of `burst` tokens (the limit by default) that refills at the rate; a request takes `cost` tokens.
///
/// A fresh client can spend a whole burst at once, then `limit` units per period. A cost above the burst is never
/// admitted (``Decision/Outcome/exceedsCapacity``). Refused requests take nothing.
///
/// Its math is the bucket kernel every bucket strategy shares (`Bucket.swift` here; on Redis the one bucket script,
/// `TraffikRedis/Backend/Scripts/Bucket.swift`, with this strategy's capacity and limit as arguments).
///
/// ```swift
/// let strategy = Strategy.tokenBucket(burst: 20)  // 20 at once, then the rate
/// ```
public struct TokenBucket: RateLimitAlgorithm {
    public typealias State = BucketState
    /// The most tokens the bucket holds; `nil` means the rate's limit.
    public var burst: Int?

    /// Creates the strategy.
    ///
    /// - Parameter burst: The bucket size, at least 1; `nil` uses the rate's limit. A smaller one fails
    ///   ``Strategy/validate(_:)`` (so a throttle refuses it) and decides as 1.
    public init(burst: Int? = nil) {
        self.burst = burst
    }

    public var name: String { "token-bucket" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        bucket(rate).decide(state, now: now, cost: cost)
    }

    /// The bucket this strategy is at `rate`.
    func bucket(_ rate: Rate) -> Bucket {
        let size = Int64(max(burst ?? rate.limit, 1))
        return Bucket(capacity: mulClamped(size, rate.periodMicroseconds), limit: size, rate: rate)
    }
}
