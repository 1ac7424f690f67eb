// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import TraffikHTTP
public import Vapor

/// How throttle decisions show in Vapor responses: rate-limit headers, the throttled body, or a handler of your own.
///
/// ```swift
/// ThrottleResponses(headers: [.ietf(policy: "api"), .legacy()], body: .problemJSON)
/// ThrottleResponses(onThrottled: { decision, request in
///     Response(status: .serviceUnavailable, headers: ["Retry-After": "\(decision.retryAfterSeconds ?? 1)"])
/// })
/// ```
public struct ThrottleResponses: Sendable {
    /// The header profiles attached to allowed and throttled responses (`Retry-After` is always on a 429).
    public var headers: [RateLimitHeaders]
    /// The body of a throttled response.
    public var body: ThrottledBody
    /// Builds the throttled response instead of the default, when set.
    public var onThrottled: (@Sendable (Decision, Request) async throws -> Response)?

    /// Creates the options.
    public init(
        headers: [RateLimitHeaders] = [],
        body: ThrottledBody = .json,
        onThrottled: (@Sendable (Decision, Request) async throws -> Response)? = nil
    ) {
        self.headers = headers
        self.body = body
        self.onThrottled = onThrottled
    }

    /// The response for a refused request.
    public func throttledResponse(for decision: Decision, request: Request) async throws -> Response {
        if let onThrottled { return try await onThrottled(decision, request) }
        return Response(ThrottledResponse(decision: decision, body: body, headers: headers))
    }

    /// Adds the header profiles for an allowed decision to `response`.
    public func decorate(_ response: Response, with decision: Decision) {
        for (name, value) in headers.fields(for: decision) { response.headers.replaceOrAdd(name: name, value: value) }
    }
}

extension Response {
    /// A Vapor response with the status, headers and body of a ``ThrottledResponse``.
    public convenience init(_ throttled: ThrottledResponse) {
        self.init(
            status: HTTPResponseStatus(statusCode: throttled.status),
            headers: HTTPHeaders(throttled.headers.map { ($0.name, $0.value) }),
            body: Body(buffer: ByteBuffer(bytes: throttled.body))
        )
    }
}
