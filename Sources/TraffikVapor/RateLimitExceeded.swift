// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import TraffikHTTP
public import Vapor

/// The error a handler throws for a refused request (see ``Traffik/Throttle/enforce(_:cost:scope:resolver:headers:body:)``).
///
/// ``RateLimitExceededMiddleware`` turns it into the library's 429 (the configured body, `Retry-After` and headers),
/// the same response ``ThrottleMiddleware`` gives. Without that middleware it is still an `AbortError`: Vapor's
/// `ErrorMiddleware` answers 429 with `Retry-After` and the configured headers, in Vapor's own error body.
///
/// ```swift
/// app.middleware.use(RateLimitExceededMiddleware())
/// app.get("report") { req in
///     try await reports.enforce(req)
///     return "the report"
/// }
/// ```
public struct RateLimitExceeded: AbortError {
    /// The refusal.
    public let decision: Decision
    /// The header profiles of the response.
    public let profiles: [RateLimitHeaders]
    /// The body of the response.
    public let body: ThrottledBody

    /// Creates the error.
    public init(decision: Decision, headers: [RateLimitHeaders] = [], body: ThrottledBody = .json) {
        self.decision = decision
        self.profiles = headers
        self.body = body
    }

    /// The library's response for the refusal.
    public var response: ThrottledResponse { ThrottledResponse(decision: decision, body: body, headers: profiles) }

    /// 429 Too Many Requests.
    public var status: HTTPResponseStatus { .tooManyRequests }
    /// A sentence saying when to retry.
    public var reason: String { ThrottledBody.detail(for: decision) }
    /// `Retry-After` and the configured rate-limit headers.
    public var headers: HTTPHeaders { HTTPHeaders(profiles.fields(for: decision).map { ($0.name, $0.value) }) }
}

extension Throttle where Input == VaporRequest {
    /// Decides a Vapor request inside a handler, throwing ``RateLimitExceeded`` when it is refused.
    ///
    /// ```swift
    /// app.get("report") { req in
    ///     try await reports.enforce(req, headers: [.legacy()], body: .problemJSON)
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
        resolver: ClientAddressResolver = .peerOnly,
        headers: [RateLimitHeaders] = [],
        body: ThrottledBody = .json
    ) async throws -> Decision {
        let decision = try await hit(VaporRequest(request, resolver: resolver), cost: cost, scope: scope)
        guard decision.isAllowed else { throw RateLimitExceeded(decision: decision, headers: headers, body: body) }
        return decision
    }
}
