// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import TraffikHTTP
public import Vapor

/// How throttle decisions show in Vapor responses: the shared TraffikHTTP/ThrottleResponseFormat (rate-limit
/// header profiles and the throttled body), or a handler of your own for refusals.
///
/// ```swift
/// ThrottleResponses(profiles: [.ietf(policy: "api"), .legacy()], body: .problemJSON)
/// ThrottleResponses(onThrottled: { decision, request in
///     Response(status: .serviceUnavailable, headers: ["Retry-After": "\(decision.retryAfterSeconds ?? 1)"])
/// })
/// ```
public struct ThrottleResponses: Sendable {
    /// The header profiles and the throttled body.
    public var format: ThrottleResponseFormat
    /// Builds the throttled response instead of the default, when set.
    public var onThrottled: (@Sendable (Decision, Request) async throws -> Response)?

    /// Creates the options.
    ///
    /// - Parameters:
    ///   - profiles: The header profiles on allowed and throttled responses (`Retry-After` is always on a 429).
    ///   - body: The body of a throttled response.
    ///   - onThrottled: Builds the throttled response instead of the default, when set.
    public init(
        profiles: [RateLimitHeaders] = [],
        body: ThrottledBody = .json,
        onThrottled: (@Sendable (Decision, Request) async throws -> Response)? = nil
    ) {
        self.format = ThrottleResponseFormat(profiles: profiles, body: body)
        self.onThrottled = onThrottled
    }

    /// The response for a refused request.
    public func throttledResponse(for decision: Decision, request: Request) async throws -> Response {
        if let onThrottled { return try await onThrottled(decision, request) }
        return Response(format.response(for: decision))
    }

    /// Adds the header profiles for an allowed decision to `response`.
    public func decorate(_ response: Response, with decision: Decision) {
        response.headers.set(format.headers(for: decision))
    }
}
