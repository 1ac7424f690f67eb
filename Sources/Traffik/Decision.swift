// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The answer to one request: allowed or not, and everything a client needs to know about its budget.
///
/// A decision carries the remaining budget and the reset time, so response headers need no second read of the store.
///
/// ```swift
/// let decision = try await throttle.hit(request)
/// if !decision.isAllowed {
///     print("retry in \(decision.retryAfter ?? .zero)")
/// }
/// ```
public struct Decision: Sendable, Hashable {
    /// Whether the request passed.
    public enum Outcome: Sendable, Hashable {
        /// Admitted; its cost was consumed (unless this decision came from a check or a stat).
        case allowed
        /// Refused for now; ``Decision/retryAfter`` says when the same cost would pass.
        case throttled
        /// Refused for good: the cost is larger than the whole capacity, so no amount of waiting admits it.
        case exceedsCapacity
    }

    /// What produced a decision.
    public enum Reason: Sendable, Hashable {
        /// The strategy decided against the stored state.
        case strategy
        /// The rate is unlimited; no backend was touched.
        case unlimited
        /// The identifier exempted the client; no backend was touched.
        case exempt
        /// The throttle (or its registry) is disabled.
        case disabled
        /// The cost was zero; nothing to consume.
        case zeroCost
        /// The backend failed and the error policy decided.
        case errorPolicy
        /// The in-memory key table is full of live keys and its policy refused a new key.
        case keyCapacity
    }

    /// Allowed, throttled, or never admissible.
    public var outcome: Outcome
    /// What produced this decision.
    public var reason: Reason
    /// The capacity in cost units (the most that can ever be admitted at once); `0` when there is no limit.
    public var limit: Int
    /// The cost units that would still pass right after this decision.
    public var remaining: Int
    /// Microseconds until the same cost would pass: `0` when allowed, `-1` when never (``Outcome/exceedsCapacity``).
    public var retryAfterMicroseconds: Int64
    /// Microseconds until the whole budget is available again.
    public var resetAfterMicroseconds: Int64
    /// The rate's period in microseconds (the `w` of the `RateLimit-Policy` header); `0` when there is no limit.
    public var periodMicroseconds: Int64
    /// For a queueing strategy: microseconds an admitted request waits for its turn. `0` otherwise.
    public var delayMicroseconds: Int64

    /// Creates a decision.
    public init(
        outcome: Outcome,
        reason: Reason = .strategy,
        limit: Int,
        remaining: Int,
        retryAfterMicroseconds: Int64,
        resetAfterMicroseconds: Int64,
        periodMicroseconds: Int64,
        delayMicroseconds: Int64 = 0
    ) {
        self.outcome = outcome
        self.reason = reason
        self.limit = limit
        self.remaining = remaining
        self.retryAfterMicroseconds = retryAfterMicroseconds
        self.resetAfterMicroseconds = resetAfterMicroseconds
        self.periodMicroseconds = periodMicroseconds
        self.delayMicroseconds = delayMicroseconds
    }

    /// Whether the request passed.
    public var isAllowed: Bool { outcome == .allowed }

    /// How long until the same cost would pass: `.zero` when allowed, `nil` when it never will.
    public var retryAfter: Duration? {
        retryAfterMicroseconds < 0 ? nil : .microseconds(retryAfterMicroseconds)
    }

    /// How long until the whole budget is available again.
    public var resetAfter: Duration { .microseconds(resetAfterMicroseconds) }

    /// `Retry-After` in whole seconds, rounded up and at least 0; `nil` when allowed or never admissible.
    public var retryAfterSeconds: Int? {
        guard outcome == .throttled else { return nil }
        return Int(clamping: max(ceilDiv(retryAfterMicroseconds, 1_000_000), 0))
    }

    /// An allowed decision that touched no budget (unlimited rate, exempt client, disabled throttle, zero cost).
    public static func unrestricted(_ reason: Reason) -> Decision {
        Decision(
            outcome: .allowed,
            reason: reason,
            limit: 0,
            remaining: 0,
            retryAfterMicroseconds: 0,
            resetAfterMicroseconds: 0,
            periodMicroseconds: 0
        )
    }

    /// A throttled decision made without the store (error policy, full key table).
    public static func refused(_ reason: Reason, retryAfter: Duration, rate: Rate) -> Decision {
        let micros = max(retryAfter.wholeMicroseconds, 1)
        return Decision(
            outcome: .throttled,
            reason: reason,
            limit: rate.limit,
            remaining: 0,
            retryAfterMicroseconds: micros,
            resetAfterMicroseconds: micros,
            periodMicroseconds: rate.periodMicroseconds
        )
    }

    /// Raises the wait of a throttled decision to at least `minimum`; an allowed decision is returned unchanged.
    func withMinimumRetryAfter(_ minimum: Int64) -> Decision {
        guard outcome == .throttled, retryAfterMicroseconds < minimum else { return self }
        var copy = self
        copy.retryAfterMicroseconds = minimum
        copy.resetAfterMicroseconds = max(resetAfterMicroseconds, minimum)
        return copy
    }
}
