// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
public import Hummingbird
public import Traffik
public import TraffikHTTP

/// How throttle decisions show in responses: rate-limit headers, the throttled body, or a handler of your own.
///
/// ```swift
/// ThrottleResponses<AppContext>(headers: [.ietf(policy: "api"), .legacy()], body: .problemJSON)
/// ThrottleResponses<AppContext>(onThrottled: { decision, request, context in
///     Response(status: .tooManyRequests, headers: [.retryAfter: "\(decision.retryAfterSeconds ?? 1)"])
/// })
/// ```
public struct ThrottleResponses<Context: RequestContext>: Sendable {
    /// The header profiles attached to allowed and throttled responses (`Retry-After` is always on a 429).
    public var headers: [RateLimitHeaders]
    /// The body of a throttled response.
    public var body: ThrottledBody
    /// Builds the throttled response instead of the default, when set.
    public var onThrottled: (@Sendable (Decision, Request, Context) async throws -> Response)?

    /// Creates the options.
    public init(
        headers: [RateLimitHeaders] = [],
        body: ThrottledBody = .json,
        onThrottled: (@Sendable (Decision, Request, Context) async throws -> Response)? = nil
    ) {
        self.headers = headers
        self.body = body
        self.onThrottled = onThrottled
    }

    /// The response for a refused request.
    public func throttledResponse(for decision: Decision, request: Request, context: Context) async throws -> Response {
        if let onThrottled { return try await onThrottled(decision, request, context) }
        return Response(ThrottledResponse(decision: decision, body: body, headers: headers))
    }

    /// Adds the header profiles for an allowed decision to `response`.
    public func decorate(_ response: inout Response, with decision: Decision) {
        for (name, value) in headers.fields(for: decision) {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
    }
}

extension Response {
    /// A Hummingbird response with the status, headers and body of a ``ThrottledResponse``.
    public init(_ throttled: ThrottledResponse) {
        var fields = HTTPFields()
        for (name, value) in throttled.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        fields[.contentLength] = "\(throttled.body.count)"
        self.init(
            status: HTTPResponse.Status(code: throttled.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: throttled.body))
        )
    }
}
