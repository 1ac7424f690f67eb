// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
public import TraffikHTTP
public import Vapor

/// Thrown by `enforce` in a handler (see `Throttle.enforce(_:cost:scope:profiles:body:)`),
/// TraffikHTTP/RateLimitExceeded is an `AbortError` in Vapor.
///
/// RateLimitExceededMiddleware turns it into the library's 429 (the configured body, `Retry-After` and
/// profiles), the same response ThrottleMiddleware gives. Without that middleware, Vapor's `ErrorMiddleware`
/// answers 429 with `Retry-After` and the configured headers, in Vapor's own error body.
///
/// ```swift
/// app.middleware.use(RateLimitExceededMiddleware())
/// app.get("report") { req in
///     try await reports.enforce(req)
///     return "the report"
/// }
/// ```
extension RateLimitExceeded: AbortError {
    /// 429 Too Many Requests.
    public var status: HTTPResponseStatus { .tooManyRequests }
    /// `Retry-After` and the configured rate-limit headers.
    public var headers: HTTPHeaders { HTTPHeaders(profiles.fields(for: decision)) }
}
