// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The generic cell rate algorithm: requests are spaced by the emission interval `T = period / limit`, with a
/// tolerance for early arrivals.
///
/// With no tolerance, requests pass at most one per `T`; a tolerance of `τ` lets up to `1 + τ / T` pass at once.
/// The state is one theoretical arrival time per key, decided without any lock, and the wait of a refused request
/// honours the tolerance (it is the time until the request conforms, not until the arrival time). A cost larger
/// than `1 + τ / T` units is never admitted.
///
/// Its math is the bucket kernel every bucket strategy shares (`Bucket.swift` here; on Redis the one bucket script,
/// `TraffikRedis/Backend/Scripts/Bucket.swift`, with this strategy's capacity and limit as arguments).
///
/// ```swift
/// let strategy = Strategy.gcra(burstTolerance: .seconds(1))
/// ```
public struct GCRA: RateLimitAlgorithm {
    public typealias State = BucketState
    /// How early a request may arrive, in microseconds.
    public var burstToleranceMicroseconds: Int64

    /// Creates the strategy.
    ///
    /// - Parameter burstTolerance: How early before its theoretical arrival time a request may still pass, at
    ///   least zero. A negative one fails ``Strategy/validate(_:)`` (so a throttle refuses it) and decides as zero.
    public init(burstTolerance: Duration = .zero) {
        self.burstToleranceMicroseconds = burstTolerance.wholeMicroseconds
    }

    public var name: String { "gcra" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        bucket(rate).decide(state, now: now, cost: cost)
    }

    /// The bucket this strategy is at `rate`: the theoretical arrival time, measured ahead of now in ticks of
    /// 1/limit µs, is the bucket level, and a request conforms when the new arrival time is at most τ + T ahead.
    func bucket(_ rate: Rate) -> Bucket {
        let tolerance = mulClamped(max(burstToleranceMicroseconds, 0), Int64(rate.limit))
        return Bucket(capacity: addClamped(tolerance, rate.periodMicroseconds), limit: .max, rate: rate)
    }
}
