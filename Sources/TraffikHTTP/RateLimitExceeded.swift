// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// The error for a refused request, thrown by `enforce` in a handler: the refusal and how to render it.
///
/// Each framework integration makes it that framework's error (Hummingbird's `HTTPResponseError`, Vapor's
/// `AbortError`), rendered as `response`: 429, `Retry-After`, the profiles' fields and the body.
///
/// ```swift
/// do {
///     try await reports.enforce(input, profiles: [.legacy()])
/// } catch let refusal as RateLimitExceeded {
///     refusal.response.headers[.retryAfter]   // "30"
/// }
/// ```
public struct RateLimitExceeded: Error, Sendable {
    /// The refusal.
    public let decision: Decision
    /// How the refusal is rendered.
    public let format: ThrottleResponseFormat

    /// Creates the error.
    public init(decision: Decision, profiles: [RateLimitHeaders] = [], body: ThrottledBody = .json) {
        self.init(decision: decision, format: ThrottleResponseFormat(profiles: profiles, body: body))
    }

    /// Creates the error, rendered as `format` says.
    public init(decision: Decision, format: ThrottleResponseFormat) {
        self.decision = decision
        self.format = format
    }

    /// The header profiles of the response.
    public var profiles: [RateLimitHeaders] { format.profiles }
    /// The body of the response.
    public var body: ThrottledBody { format.body }
    /// The library's response for the refusal.
    public var response: ThrottledResponse { format.response(for: decision) }
    /// A sentence saying when to retry.
    public var reason: String { ThrottledBody.detail(for: decision) }
}
