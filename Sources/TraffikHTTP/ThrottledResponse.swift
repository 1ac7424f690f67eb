// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes
public import Traffik

/// A framework-neutral throttled response: status 429, header fields, and a body. Integrations turn it into their
/// own response type.
///
/// ```swift
/// let response = ThrottledResponse(decision: refusal, body: .problemJSON, profiles: [.ietf()])
/// response.headers[.retryAfter]   // "5"
/// ```
public struct ThrottledResponse: Sendable {
    /// The status: 429 Too Many Requests.
    public var status: HTTPResponse.Status
    /// `Retry-After`, the fields of the configured rate-limit profiles, `Content-Type` and `Content-Length`.
    public var headers: HTTPFields
    /// The body bytes.
    public var body: [UInt8]

    /// Builds the response for a throttled decision.
    public init(decision: Decision, body: ThrottledBody = .json, profiles: [RateLimitHeaders] = []) {
        let rendered = body.render(decision)
        self.status = .tooManyRequests
        var headers = profiles.fields(for: decision)
        headers[.contentType] = rendered.contentType
        headers[.contentLength] = "\(rendered.bytes.count)"
        self.headers = headers
        self.body = rendered.bytes
    }
}
