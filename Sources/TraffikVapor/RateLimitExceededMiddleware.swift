// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikHTTP
public import Vapor

/// Answers a ``RateLimitExceeded`` thrown by a handler (or a middleware after this one) with the library's 429, so
/// refusals from `Throttle.enforce(_:cost:scope:profiles:body:)` look exactly like those of
/// ``ThrottleMiddleware``. Other errors pass through untouched.
///
/// It must see the error before Vapor's `ErrorMiddleware` does, which turns every error into its own response: add
/// it after `ErrorMiddleware` (the default position of `use`), on a route group, or in an app without
/// `ErrorMiddleware`. Added at `.beginning`, it comes too late and Vapor's error body is sent.
///
/// ```swift
/// app.middleware.use(RateLimitExceededMiddleware())
/// ```
public struct RateLimitExceededMiddleware: AsyncMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Calls the next responder, answering a ``RateLimitExceeded`` it throws with the library's 429.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let refusal as RateLimitExceeded {
            return Response(refusal.response)
        }
    }
}
