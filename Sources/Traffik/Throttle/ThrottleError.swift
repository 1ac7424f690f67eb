// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A throttle used or built wrongly: its ``code`` says how, its ``uid`` which throttle.
///
/// A struct with a code rather than an enum, so that new codes can be added without breaking a `switch`:
///
/// ```swift
/// do {
///     _ = try Throttle<String>(uid: "search", rate: tenant.rate, backend: .fixed(redis))
/// } catch let error where error.code == .invalidRate {
///     print("tenant \(tenant.id) has a bad rate: \(error.rateError!)")
/// }
/// ```
public struct ThrottleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case emptyUID, duplicateUID, invalidRate, invalidStrategy, negativeCost, invalidTimeout, noBackend, timeout
        }
        let base: Base

        /// The uid is empty.
        public static let emptyUID = Code(base: .emptyUID)
        /// Another live throttle in the same registry has this uid.
        public static let duplicateUID = Code(base: .duplicateUID)
        /// The rate is not valid (``ThrottleError/rateError`` says why).
        public static let invalidRate = Code(base: .invalidRate)
        /// The strategy cannot decide the rate, or has a parameter out of range (``ThrottleError/strategyError``):
        /// thrown when the throttle is built with a fixed rate, and by a decision on a computed rate (through the
        /// error policy).
        public static let invalidStrategy = Code(base: .invalidStrategy)
        /// The fixed cost or a per-call cost is negative (``ThrottleError/cost``).
        public static let negativeCost = Code(base: .negativeCost)
        /// The configured timeout is zero or negative (``ThrottleError/timeout``): every decision would time out.
        public static let invalidTimeout = Code(base: .invalidTimeout)
        /// The throttle resolves its backend from the task context, and none is active and no default is set. It
        /// reaches the caller only through the error policy (``ErrorPolicy/raise``, or a custom policy that throws).
        public static let noBackend = Code(base: .noBackend)
        /// The backend did not decide within the throttle's timeout (``ThrottleError/timeout``).
        public static let timeout = Code(base: .timeout)

        /// The code's name, such as `invalidRate`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The throttle's uid (empty for ``Code/emptyUID``).
    public let uid: String
    /// Why the rate is invalid, for ``Code/invalidRate``.
    public let rateError: RateError?
    /// Why the strategy cannot decide, for ``Code/invalidStrategy``.
    public let strategyError: StrategyError?
    /// The negative cost, for ``Code/negativeCost``.
    public let cost: Int?
    /// The timeout that passed, for ``Code/timeout``, or the one refused, for ``Code/invalidTimeout``.
    public let timeout: Duration?

    private init(
        _ code: Code,
        uid: String,
        rateError: RateError? = nil,
        strategyError: StrategyError? = nil,
        cost: Int? = nil,
        timeout: Duration? = nil
    ) {
        self.code = code
        self.uid = uid
        self.rateError = rateError
        self.strategyError = strategyError
        self.cost = cost
        self.timeout = timeout
    }

    /// The uid is empty.
    public static let emptyUID = ThrottleError(.emptyUID, uid: "")
    /// Another live throttle in the same registry has the uid `uid`.
    public static func duplicateUID(_ uid: String) -> ThrottleError { ThrottleError(.duplicateUID, uid: uid) }
    /// The rate of throttle `uid` is not valid.
    public static func invalidRate(uid: String, _ error: RateError) -> ThrottleError {
        ThrottleError(.invalidRate, uid: uid, rateError: error)
    }
    /// The strategy of throttle `uid` cannot decide its rate.
    public static func invalidStrategy(uid: String, _ error: StrategyError) -> ThrottleError {
        ThrottleError(.invalidStrategy, uid: uid, strategyError: error)
    }
    /// A cost of throttle `uid` is negative.
    public static func negativeCost(uid: String, cost: Int) -> ThrottleError {
        ThrottleError(.negativeCost, uid: uid, cost: cost)
    }
    /// The timeout configured for throttle `uid` is not positive.
    public static func invalidTimeout(uid: String, _ timeout: Duration) -> ThrottleError {
        ThrottleError(.invalidTimeout, uid: uid, timeout: timeout)
    }
    /// Throttle `uid` found no backend to ask.
    public static func noBackend(uid: String) -> ThrottleError { ThrottleError(.noBackend, uid: uid) }
    /// The backend of throttle `uid` did not decide within `after`.
    public static func timeout(uid: String, after: Duration) -> ThrottleError {
        ThrottleError(.timeout, uid: uid, timeout: after)
    }

    public var description: String {
        let subject = "throttle \"\(uid)\""
        switch code.base {
        case .emptyUID: return "a throttle's uid must not be empty"
        case .duplicateUID: return "a throttle with uid \"\(uid)\" is already registered"
        case .invalidRate: return "\(subject): \(rateError.map { "\($0)" } ?? "invalid rate")"
        case .invalidStrategy: return "\(subject): \(strategyError.map { "\($0)" } ?? "invalid strategy")"
        case .negativeCost: return "\(subject): cost must not be negative, got \(cost ?? -1)"
        case .invalidTimeout:
            return "\(subject): timeout must be positive, got \(timeout.map { "\($0)" } ?? "none")"
        case .noBackend:
            return "\(subject) has no backend: activate one with withThrottleBackend(_:_:) or set "
                + "ActiveBackend.default"
        case .timeout:
            return "\(subject): the backend did not answer within \(timeout.map { "\($0)" } ?? "its timeout")"
        }
    }
}
