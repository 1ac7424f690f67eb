// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

extension Throttle where Input: HTTPThrottleInput {
    /// Decides `input` inside a handler, throwing RateLimitExceeded when it is refused: what every framework's
    /// `enforce` does once it has the request's view.
    ///
    /// ```swift
    /// try await reports.enforce(input, cost: 10, profiles: [.ietf()])
    /// ```
    ///
    /// - Returns: The allowed decision (for headers or logging).
    @discardableResult
    public func enforce(
        _ input: Input,
        cost: Int? = nil,
        scope: String? = nil,
        profiles: [RateLimitHeaders] = [],
        body: ThrottledBody = .json
    ) async throws -> Decision {
        let decision = try await hit(input, cost: cost, scope: scope)
        guard decision.isAllowed else { throw RateLimitExceeded(decision: decision, profiles: profiles, body: body) }
        return decision
    }
}
