// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes
public import Traffik

/// How decisions show in responses, whatever the framework: the rate-limit header profiles and the throttled body.
///
/// ```swift
/// let format = ThrottleResponseFormat(profiles: [.ietf(policy: "api"), .legacy()], body: .problemJSON)
/// format.response(for: refusal)   // 429 with Retry-After, both profiles and a problem+json body
/// format.headers(for: allowed)    // the profiles' fields for an allowed response
/// ```
public struct ThrottleResponseFormat: Sendable {
    /// The header profiles on allowed and throttled responses (`Retry-After` is always on a 429).
    public var profiles: [RateLimitHeaders]
    /// The body of a throttled response.
    public var body: ThrottledBody

    /// Creates the format.
    public init(profiles: [RateLimitHeaders] = [], body: ThrottledBody = .json) {
        self.profiles = profiles
        self.body = body
    }

    /// The 429 for a refused decision.
    public func response(for decision: Decision) -> ThrottledResponse {
        ThrottledResponse(decision: decision, body: body, profiles: profiles)
    }

    /// The fields an allowed response gets for `decision`; empty when no profile applies.
    public func headers(for decision: Decision) -> HTTPFields { profiles.fields(for: decision) }
}
