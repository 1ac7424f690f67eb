// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Why a strategy cannot decide: a parameter out of range, or a rate it does not take.
///
/// ```swift
/// do { try Strategy.slidingWindowLog.validate(Rate(limit: 50_000, period: .seconds(60))) } catch {
///     print(error)  // sliding-window-log at 50000/1min: the limit is above the sliding-window log's cap of 1000 ...
/// }
/// ```
public struct StrategyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The strategy's name, such as `sliding-window-log`.
    public let strategy: String
    /// The rate it was asked to decide, when the rate is the problem.
    public let rate: Rate?
    /// A sentence saying what is wrong and what to do instead.
    public let reason: String

    /// Creates an error.
    public init(strategy: String, rate: Rate? = nil, reason: String) {
        self.strategy = strategy
        self.rate = rate
        self.reason = reason
    }

    public var description: String {
        "\(strategy)\(rate.map { " at \($0)" } ?? ""): \(reason)"
    }
}
