// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes

extension HTTPField.Name {
    /// `X-Forwarded-For`: one address per hop, the client's first (de facto standard).
    public static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// `Forwarded` (RFC 7239): one element per hop, `for=` naming the address.
    public static let forwarded = HTTPField.Name("Forwarded")!
    /// `X-Real-IP`: the one client address an edge proxy set.
    public static let xRealIP = HTTPField.Name("X-Real-IP")!
    /// `CF-Connecting-IP`: the client address Cloudflare set.
    public static let cfConnectingIP = HTTPField.Name("CF-Connecting-IP")!
    /// `True-Client-IP`: the client address Akamai (or Cloudflare Enterprise) set.
    public static let trueClientIP = HTTPField.Name("True-Client-IP")!
}
