// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A leaky bucket used as a queue: admitted requests are scheduled at the rate rather than passed at once.
///
/// Admission is the same as ``LeakyBucket`` (the queue holds at most `limit` units), and each admitted decision
/// also carries ``Decision/delayMicroseconds``: how long the request waits for the units queued ahead of it to leak.
/// A caller that waits that long before doing the work shapes its output to exactly the rate.
///
/// Its math is the bucket kernel every bucket strategy shares (`Bucket.swift` here; on Redis the one bucket script,
/// `TraffikRedis/Backend/Scripts/Bucket.swift`, with this strategy's capacity and limit as arguments).
///
/// ```swift
/// let decision = try await throttle.hit(job)
/// if decision.isAllowed { try await Task.sleep(for: .microseconds(decision.delayMicroseconds)) }
/// ```
public struct LeakyBucketWithQueue: RateLimitAlgorithm {
    public typealias State = BucketState

    /// Creates the strategy.
    public init() {}

    public var name: String { "leaky-bucket-with-queue" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        bucket(rate).decide(state, now: now, cost: cost, reportDelay: true)
    }

    /// The bucket this strategy is at `rate`.
    func bucket(_ rate: Rate) -> Bucket {
        let limit = Int64(rate.limit)
        return Bucket(capacity: mulClamped(limit, rate.periodMicroseconds), limit: limit, rate: rate)
    }
}
