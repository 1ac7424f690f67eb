// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What a WebSocket message refused by its throttle gets: a text frame while the connection stays open, or the
/// connection closed with a code and a reason.
///
/// ```swift
/// .reply(.json)                                   // {"type":"rate_limit",...}; the connection stays open
/// .close                                          // 1008, "rate limited"
/// .close(.tryAgainLater, reason: "slow down")
/// ```
public struct WebSocketMessageRefusal: Sendable {
    enum Action: Sendable {
        case reply(WebSocketThrottledMessage)
        case close(WebSocketCloseCode, reason: String)
    }

    let action: Action

    /// A text frame; the connection stays open.
    public static func reply(_ message: WebSocketThrottledMessage) -> WebSocketMessageRefusal {
        WebSocketMessageRefusal(action: .reply(message))
    }

    /// The connection is closed with `code` and `reason`.
    public static func close(_ code: WebSocketCloseCode, reason: String) -> WebSocketMessageRefusal {
        WebSocketMessageRefusal(action: .close(code, reason: reason))
    }

    /// Close with 1008 (policy violation) and the reason `rate limited`.
    public static let close = WebSocketMessageRefusal.close(.policyViolation, reason: "rate limited")
}
