// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
import Traffik
public import TraffikHTTP

/// Thrown by `enforce` in a handler, TraffikHTTP/RateLimitExceeded becomes the library's 429 in Hummingbird:
/// `Retry-After`, the configured profiles and body.
///
/// ```swift
/// router.get("/report") { request, context in
///     try await reports.enforce(request, context: context)
///     return "the report"
/// }
/// ```
extension RateLimitExceeded: HTTPResponseError {
    /// 429 Too Many Requests.
    public var status: HTTPResponse.Status { .tooManyRequests }

    /// The library's response for the refusal.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(response)
    }
}
