// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A rate-limiting strategy as a pure function: `(state?, now, rate, cost) -> (newState, decision)`.
///
/// Every built-in strategy conforms, and so can your own. A backend runs ``decide(_:now:rate:cost:)`` atomically
/// for one key: under a shard lock in memory, in a compare-and-swap loop on Memcached, in a Lua twin on Redis.
/// The function must be deterministic: the same inputs give the same output on every backend.
///
/// A cost of `0` asks for the current budget without consuming anything; the decision then says whether one more
/// unit would pass, and when.
public protocol RateLimitAlgorithm: Sendable, Hashable {
    /// The state kept per key.
    associatedtype State: StrategyState

    /// A short, stable name such as `token-bucket`.
    var name: String { get }

    /// Decides one request.
    ///
    /// - Parameters:
    ///   - state: The stored state, or `nil` for a fresh key.
    ///   - now: The store's clock, in microseconds since the Unix epoch.
    ///   - rate: A limited rate (never ``Rate/unlimited``).
    ///   - cost: The units to consume, at least `0`.
    func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State>
}

/// The result of one decision: the state to store, for how long, and the answer.
public struct Transition<State: StrategyState>: Sendable {
    /// The answer.
    public var decision: Decision
    /// The state to store.
    public var state: State
    /// Microseconds until `state` is as good as no state at all: the key's time to live. At `0` or below the key
    /// can be deleted, and a backend may evict it, without changing any future decision.
    public var ttlMicroseconds: Int64

    /// Creates a transition.
    public init(decision: Decision, state: State, ttlMicroseconds: Int64) {
        self.decision = decision
        self.state = state
        self.ttlMicroseconds = ttlMicroseconds
    }
}

extension Decision {
    /// A decision made by a strategy, in the integer units strategies use.
    static func strategy(
        allowed: Bool,
        limit: Int64,
        remaining: Int64,
        retryAfter: Int64,
        resetAfter: Int64,
        rate: Rate,
        delay: Int64 = 0
    ) -> Decision {
        Decision(
            outcome: allowed ? .allowed : .throttled,
            reason: .strategy,
            limit: clampedInt(bounded(limit)),
            remaining: clampedInt(bounded(remaining)),
            retryAfterMicroseconds: allowed ? 0 : max(bounded(retryAfter), 1),
            resetAfterMicroseconds: bounded(resetAfter),
            periodMicroseconds: rate.periodMicroseconds,
            delayMicroseconds: bounded(delay)
        )
    }

    /// `value` held to `0...StateBounds.maximumValue`, as the Lua twins hold their replies.
    private static func bounded(_ value: Int64) -> Int64 {
        min(max(value, 0), StateBounds.maximumValue)
    }

    /// A refusal of a cost larger than the capacity.
    static func exceedsCapacity(limit: Int64, remaining: Int64, resetAfter: Int64, rate: Rate) -> Decision {
        Decision(
            outcome: .exceedsCapacity,
            reason: .strategy,
            limit: clampedInt(bounded(limit)),
            remaining: clampedInt(bounded(remaining)),
            retryAfterMicroseconds: -1,
            resetAfterMicroseconds: bounded(resetAfter),
            periodMicroseconds: rate.periodMicroseconds
        )
    }
}
