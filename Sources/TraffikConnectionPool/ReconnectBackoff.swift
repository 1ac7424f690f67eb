// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Exponential delays between failed connection attempts of a shared store's client (Redis, Memcached):
/// ``minimum`` after the first failure, doubling after each further one, never more than ``maximum``.
///
/// A connection that drops is replaced at once; the backoff applies only when connecting fails. While every
/// connection of a pool is waiting out its delay, commands fail at once with the last connection error, so a dead
/// server costs callers no time.
///
/// ```swift
/// let backoff = ReconnectBackoff(minimum: .milliseconds(50), maximum: .seconds(1))
/// backoff.delay(afterFailures: 3)  // 200 ms
/// ```
public struct ReconnectBackoff: Sendable, Hashable, CustomStringConvertible {
    /// The delay after the first failed attempt.
    public var minimum: Duration
    /// The longest delay.
    public var maximum: Duration

    /// Creates a backoff from `minimum` up to `maximum`.
    ///
    /// Settings come from configuration files and URLs, so out-of-range values are corrected rather than trapped
    /// on: a `minimum` that is not positive is read as one millisecond, and a `maximum` below `minimum` as
    /// `minimum`. A configuration's `validate()` reports them as errors instead.
    public init(minimum: Duration = .milliseconds(100), maximum: Duration = .seconds(2)) {
        self.minimum = minimum > .zero ? minimum : .milliseconds(1)
        self.maximum = max(maximum, self.minimum)
    }

    /// The delay before the next attempt after `failures` consecutive failed attempts (`0` means none: no delay).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = minimum
        for _ in 1..<failures {
            guard delay < maximum else { break }
            delay *= 2
        }
        return min(delay, maximum)
    }

    /// The range of delays, such as `0.1 seconds...2.0 seconds`.
    public var description: String { "\(minimum)...\(maximum)" }
}
