// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import Traffik
public import TraffikHTTP

/// The error a handler throws for a refused request; Hummingbird turns it into a 429 with `Retry-After`, the
/// configured headers and body.
///
/// ```swift
/// router.get("/report") { request, context in
///     try await reports.enforce(request, context: context)
///     return "the report"
/// }
/// ```
public struct RateLimitExceeded: HTTPResponseError {
    /// The refusal.
    public let decision: Decision
    /// The header profiles of the response.
    public let headers: [RateLimitHeaders]
    /// The body of the response.
    public let body: ThrottledBody

    /// Creates the error.
    public init(decision: Decision, headers: [RateLimitHeaders] = [], body: ThrottledBody = .json) {
        self.decision = decision
        self.headers = headers
        self.body = body
    }

    public var status: HTTPResponse.Status { .tooManyRequests }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(ThrottledResponse(decision: decision, body: body, headers: headers))
    }
}

extension Throttle {
    /// Decides a Hummingbird request inside a handler, throwing ``RateLimitExceeded`` when it is refused.
    ///
    /// - Returns: The allowed decision (for headers or logging).
    @discardableResult
    public func enforce<Context: RequestContext>(
        _ request: Request,
        context: Context,
        cost: Int? = nil,
        scope: String? = nil,
        resolver: ClientAddressResolver = .peerOnly,
        headers: [RateLimitHeaders] = [],
        body: ThrottledBody = .json
    ) async throws -> Decision where Input == HummingbirdRequest<Context> {
        let decision = try await hit(
            HummingbirdRequest(request, context: context, resolver: resolver),
            cost: cost,
            scope: scope
        )
        guard decision.isAllowed else { throw RateLimitExceeded(decision: decision, headers: headers, body: body) }
        return decision
    }
}
