// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// The message a throttled WebSocket client receives instead of a reply.
public struct WebSocketThrottledMessage: Sendable {
    let render: @Sendable (Decision) -> String

    /// `{"type":"rate_limit","error":"Too many messages","retry_after":N}`
    public static let json = WebSocketThrottledMessage { decision in
        let seconds = decision.retryAfterSeconds.map(String.init) ?? "null"
        return "{\"type\":\"rate_limit\",\"error\":\"Too many messages\",\"retry_after\":\(seconds)}"
    }

    /// A text frame of your own.
    public static func custom(_ render: @escaping @Sendable (Decision) -> String) -> WebSocketThrottledMessage {
        WebSocketThrottledMessage(render: render)
    }

    /// The text frame for `decision`.
    public func text(for decision: Decision) -> String { render(decision) }
}
