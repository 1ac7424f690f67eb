// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The arithmetic family of a strategy at a rate, with the numbers a shared store needs to run its twin.
///
/// A Redis or Memcached backend runs the built-in strategies where the state lives; every built-in strategy is one
/// of four kernels, so four server-side programs cover all eight. The parameters are the ones the Swift function
/// uses, so both sides compute the same decision.
///
/// ```swift
/// switch strategy.kernel(for: rate) {
/// case .bucket(let capacity, let limit, let reportsDelay): ...
/// default: ...
/// }
/// ```
@_spi(Backend) public enum StrategyKernel: Sendable, Hashable {
    /// ``FixedWindow``: state `(windowStart, count)`, tag `0x10`.
    case fixedWindow
    /// ``SlidingWindowCounter``: state `(windowStart, previous, current)`, tag `0x11`.
    case slidingWindowCounter
    /// ``SlidingWindowLog``: state `(updatedAt, count, [(time, cost)])`, tag `0x12`.
    case slidingWindowLog
    /// The bucket strategies and ``GCRA``: state `(level, updatedAt)`, tag `0x13`.
    ///
    /// - Parameters:
    ///   - capacity: The most work the bucket holds, in ticks (units × period in microseconds).
    ///   - limit: The capacity reported in decisions, in units.
    ///   - reportsDelay: Whether admitted decisions carry the queueing delay (``LeakyBucketWithQueue``).
    case bucket(capacity: Int64, limit: Int64, reportsDelay: Bool)
    /// A strategy of your own: a shared store decides it by compare-and-swap on the encoded state.
    case custom
}

extension Strategy {
    /// The kernel of this strategy at `rate`.
    @_spi(Backend) public func kernel(for rate: Rate) -> StrategyKernel {
        switch kind {
        case .fixedWindow: .fixedWindow
        case .slidingWindowCounter: .slidingWindowCounter
        case .slidingWindowLog: .slidingWindowLog
        case .tokenBucket(let bucket): .bucket(bucket.bucket(rate), reportsDelay: false)
        case .tokenBucketWithDebt(let bucket): .bucket(bucket.bucket(rate), reportsDelay: false)
        case .leakyBucket(let bucket): .bucket(bucket.bucket(rate), reportsDelay: false)
        case .leakyBucketWithQueue(let bucket): .bucket(bucket.bucket(rate), reportsDelay: true)
        case .gcra(let gcra): .bucket(gcra.bucket(rate), reportsDelay: false)
        case .custom: .custom
        }
    }
}

extension StrategyKernel {
    /// The kernel of a bucket strategy.
    static func bucket(_ bucket: Bucket, reportsDelay: Bool) -> StrategyKernel {
        .bucket(capacity: bucket.capacity, limit: bucket.limit, reportsDelay: reportsDelay)
    }
}
