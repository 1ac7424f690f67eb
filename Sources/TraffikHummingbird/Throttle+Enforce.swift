// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import Traffik
public import TraffikHTTP

extension Throttle {
    /// Decides a Hummingbird request inside a handler, throwing TraffikHTTP/RateLimitExceeded when it is
    /// refused; Hummingbird renders it as the library's 429. The client is the context's (see ``HummingbirdRequest``).
    ///
    /// ```swift
    /// try await reports.enforce(request, context: context, profiles: [.legacy()], body: .problemJSON)
    /// ```
    ///
    /// - Returns: The allowed decision (for headers or logging).
    @discardableResult
    public func enforce<Context: RequestContext>(
        _ request: Request,
        context: Context,
        cost: Int? = nil,
        scope: String? = nil,
        profiles: [RateLimitHeaders] = [],
        body: ThrottledBody = .json
    ) async throws -> Decision where Input == HummingbirdRequest<Context> {
        try await enforce(
            HummingbirdRequest(request, context: context),
            cost: cost,
            scope: scope,
            profiles: profiles,
            body: body
        )
    }
}
