// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What happens to one WebSocket message: passed to the handler, answered with a text frame, or the connection
/// closed. Integrations carry it out with their own socket types.
public enum WebSocketMessageVerdict: Sendable, Hashable {
    /// The handler gets the message.
    case deliver
    /// The handler does not get the message; the client gets this text frame, and the connection stays open.
    case reply(String)
    /// The handler does not get the message; the connection is closed with this code and reason.
    case close(WebSocketCloseCode, reason: String)
}
