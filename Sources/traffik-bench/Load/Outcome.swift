// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// How one probe ended.
enum Outcome: Sendable, Hashable {
    /// HTTP 200, or a WebSocket echo.
    case success
    /// HTTP 429, or a WebSocket `rate_limit` reply.
    case throttled
    /// Anything else: another status, a transport failure, a timeout.
    case error
}

/// One probe's result, times in microseconds.
struct Sample: Sendable, Hashable {
    /// The probe's position in its phase.
    var index: Int
    /// When it was sent and when its answer came, on the wall clock (µs since 1970): the server decided in between.
    var sentAt: Int64
    var receivedAt: Int64
    var outcome: Outcome

    /// How long the answer took.
    var latency: Int64 { receivedAt - sentAt }
}
