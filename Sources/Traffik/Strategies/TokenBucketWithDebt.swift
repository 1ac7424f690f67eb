// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A token bucket whose balance may go down to `-maxDebt`: a client may borrow against future refills.
///
/// A fresh client can spend `burst + maxDebt` units at once; the debt is then repaid by the refill before the bucket
/// fills again. The limit reported in decisions is `burst + maxDebt`, the most that can pass at once.
///
/// Its math is the bucket kernel every bucket strategy shares (`Bucket.swift` here; on Redis the one bucket script,
/// `TraffikRedis/Backend/Scripts/Bucket.swift`, with this strategy's capacity and limit as arguments).
public struct TokenBucketWithDebt: RateLimitAlgorithm {
    public typealias State = BucketState
    /// The most tokens the bucket holds; `nil` means the rate's limit.
    public var burst: Int?
    /// How far below zero the balance may go.
    public var maxDebt: Int

    /// Creates the strategy.
    ///
    /// - Parameters:
    ///   - burst: The bucket size, at least 1; `nil` uses the rate's limit.
    ///   - maxDebt: How many tokens may be borrowed, at least 0.
    ///
    /// Values out of range fail ``Strategy/validate(_:)`` (so a throttle refuses them) and decide as the nearest
    /// valid ones.
    public init(burst: Int? = nil, maxDebt: Int = 0) {
        self.burst = burst
        self.maxDebt = maxDebt
    }

    public var name: String { "token-bucket-with-debt" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        bucket(rate).decide(state, now: now, cost: cost)
    }

    /// The bucket this strategy is at `rate`.
    func bucket(_ rate: Rate) -> Bucket {
        let size = addClamped(Int64(max(burst ?? rate.limit, 1)), Int64(max(maxDebt, 0)))
        return Bucket(capacity: mulClamped(size, rate.periodMicroseconds), limit: size, rate: rate)
    }
}
