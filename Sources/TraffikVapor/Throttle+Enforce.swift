// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import TraffikHTTP
public import Vapor

extension Throttle where Input == VaporRequest {
    /// Decides a Vapor request inside a handler, throwing TraffikHTTP/RateLimitExceeded when it is refused.
    ///
    /// ```swift
    /// app.get("report") { req in
    ///     try await reports.enforce(req, profiles: [.legacy()], body: .problemJSON)
    ///     return "the report"
    /// }
    /// ```
    ///
    /// - Returns: The allowed decision (for headers or logging).
    @discardableResult
    public func enforce(
        _ request: Request,
        cost: Int? = nil,
        scope: String? = nil,
        profiles: [RateLimitHeaders] = [],
        body: ThrottledBody = .json
    ) async throws -> Decision {
        try await enforce(
            VaporRequest(request),
            cost: cost,
            scope: scope,
            profiles: profiles,
            body: body
        )
    }
}
