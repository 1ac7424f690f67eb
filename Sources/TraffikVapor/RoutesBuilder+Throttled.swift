// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import TraffikHTTP
public import Vapor

extension RoutesBuilder {
    /// A group at the same path whose routes run `throttle`: the way to throttle one route.
    ///
    /// ```swift
    /// app.throttled(by: search).get("search") { _ in "results" }
    /// ```
    public func throttled(
        by throttle: VaporThrottle,
        rules: ThrottleRules<VaporRequest> = .none,
        cost: Int? = nil,
        responses: ThrottleResponses = .init()
    ) -> any RoutesBuilder {
        grouped(ThrottleMiddleware(throttle, rules: rules, cost: cost, responses: responses))
    }
}
