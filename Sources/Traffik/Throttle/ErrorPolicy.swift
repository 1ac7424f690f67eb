// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What a throttle answers when its backend fails.
///
/// The throttle's own policy wins; a throttle with none uses its backend's policy, however the backend was chosen
/// (fixed, or resolved from the task context); with neither, the default is ``throttle``.
///
/// ```swift
/// var open = Throttle<String>.Configuration(rate: "100/min")
/// open.errorPolicy = .allow
/// var strict = Throttle<String>.Configuration(rate: "5/min")
/// strict.errorPolicy = .throttle(retryAfter: .seconds(5))
/// var custom = Throttle<String>.Configuration(rate: "5/s")
/// custom.errorPolicy = .custom { failure in
///     failure.rate.limit > 100 ? .unrestricted(.errorPolicy) : .refused(.errorPolicy, retryAfter: .seconds(1), rate: failure.rate)
/// }
/// let api = try Throttle(uid: "api", backend: .fixed(redis), configuration: open)
/// ```
public struct ErrorPolicy: Sendable {
    enum Base: Sendable {
        case allow
        case throttle(retryAfterMicroseconds: Int64)
        case raise
        case custom(@Sendable (ThrottleFailure) async throws -> Decision)
    }
    let base: Base

    /// Fail open: the request passes.
    public static let allow = ErrorPolicy(base: .allow)
    /// Fail closed with a one-second wait: the default.
    public static let throttle = throttle(retryAfter: .seconds(1))
    /// Rethrow the backend's error to the caller.
    public static let raise = ErrorPolicy(base: .raise)

    /// Fail closed: the request is throttled with `retryAfter` (or the throttle's minimum wait, if longer).
    public static func throttle(retryAfter: Duration) -> ErrorPolicy {
        ErrorPolicy(base: .throttle(retryAfterMicroseconds: max(retryAfter.wholeMicroseconds, 1)))
    }

    /// Decide yourself: return a decision, or throw to raise.
    public static func custom(_ handler: @escaping @Sendable (ThrottleFailure) async throws -> Decision) -> ErrorPolicy
    {
        ErrorPolicy(base: .custom(handler))
    }

    /// Applies the policy to a failure.
    func resolve(_ failure: ThrottleFailure) async throws -> Decision {
        switch base {
        case .allow:
            var decision = Decision.unrestricted(.errorPolicy)
            decision.limit = failure.rate.limit
            decision.periodMicroseconds = failure.rate.periodMicroseconds
            return decision
        case .throttle(let micros):
            return .refused(.errorPolicy, retryAfter: .microseconds(micros), rate: failure.rate)
        case .raise:
            throw failure.error
        case .custom(let handler):
            return try await handler(failure)
        }
    }
}

/// Everything known about a failed decision, for ``ErrorPolicy/custom(_:)``.
public struct ThrottleFailure: Sendable {
    /// The error the backend threw.
    public var error: any Error
    /// The throttle's uid.
    public var uid: String
    /// The key the decision was for.
    public var key: String
    /// The cost of the request.
    public var cost: Int
    /// The rate in force.
    public var rate: Rate
    /// The strategy in force.
    public var strategy: Strategy
    /// The request the decision was for: the throttle's `Input`, to cast back (`failure.input as? Request`), so a
    /// policy can decide by what was asked (a path, a tenant) as well as by what failed.
    public var input: any Sendable
    /// The backend that failed; `nil` when the throttle found none to ask (``ThrottleError/noBackend(uid:)``: no
    /// task-local backend active and no default set).
    public var backend: (any ThrottleBackend)?
    /// The throttle whose decision failed, to cast back (`failure.throttle as? Throttle<Request>`), so a policy
    /// can decide elsewhere with the same settings: ask another backend, or read the throttle's rate.
    public var throttle: any Sendable
}
