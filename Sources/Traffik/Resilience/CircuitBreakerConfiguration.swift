// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// When a ``CircuitBreaker`` opens, how long it stays open, and what closes it again.
///
/// ```swift
/// // Open after 5 failures in a row; after 2 s let one probe through; close after 2 probes succeed.
/// let configuration = CircuitBreakerConfiguration(failureThreshold: 5, recoveryTime: .seconds(2))
/// ```
///
/// Values below their minimum are read as the minimum (a threshold of 0 is 1), so a configuration built from
/// settings or tenant data can never disable the breaker by accident or trap.
public struct CircuitBreakerConfiguration: Sendable, Hashable {
    /// Consecutive failures that open a closed breaker; at least 1.
    public var failureThreshold: Int {
        didSet { failureThreshold = max(failureThreshold, 1) }
    }
    /// How long an open breaker refuses every call before it lets probes through; at least one microsecond.
    public var recoveryTime: Duration {
        didSet { recoveryTime = max(recoveryTime, .microseconds(1)) }
    }
    /// How many probe calls may be in flight at once while half-open; at least 1.
    public var probes: Int {
        didSet { probes = max(probes, 1) }
    }
    /// Consecutive successful probes that close a half-open breaker; at least 1.
    public var successThreshold: Int {
        didSet { successThreshold = max(successThreshold, 1) }
    }

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - failureThreshold: Consecutive failures that open the breaker.
    ///   - recoveryTime: How long it stays open before probing.
    ///   - probes: Probe calls allowed in flight at once while half-open.
    ///   - successThreshold: Successful probes in a row that close it.
    public init(
        failureThreshold: Int = 5,
        recoveryTime: Duration = .seconds(5),
        probes: Int = 1,
        successThreshold: Int = 2
    ) {
        self.failureThreshold = max(failureThreshold, 1)
        self.recoveryTime = max(recoveryTime, .microseconds(1))
        self.probes = max(probes, 1)
        self.successThreshold = max(successThreshold, 1)
    }

    /// The recovery time in whole microseconds, at least 1.
    var recoveryMicroseconds: Int64 { max(recoveryTime.wholeMicroseconds, 1) }
}
