// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes

extension HTTPField.Name {
    /// `RateLimit` (IETF draft 10): the remaining budget of a policy.
    public static let rateLimit = HTTPField.Name("RateLimit")!
    /// `RateLimit-Policy` (IETF draft 10): a policy's quota and window.
    public static let rateLimitPolicy = HTTPField.Name("RateLimit-Policy")!
    /// `X-RateLimit-Limit`: the limit of the legacy profile.
    public static let xRateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
    /// `X-RateLimit-Remaining`: the remaining budget of the legacy profile.
    public static let xRateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
    /// `X-RateLimit-Reset`: seconds until the legacy profile's budget is whole.
    public static let xRateLimitReset = HTTPField.Name("X-RateLimit-Reset")!
}
