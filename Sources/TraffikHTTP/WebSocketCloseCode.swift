// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A WebSocket close code (RFC 6455, section 7.4), as the shared WebSocket policy speaks it; each framework
/// integration maps it to its own type.
///
/// ```swift
/// WebSocketMessageRefusal.close(.tryAgainLater, reason: "slow down")
/// WebSocketCloseCode(1008) == .policyViolation   // true
/// ```
public struct WebSocketCloseCode: Sendable, Hashable, CustomStringConvertible {
    /// The number sent in the close frame.
    public let code: UInt16

    /// The close code `code`.
    public init(_ code: UInt16) { self.code = code }

    /// 1008: the message broke the endpoint's policy (here, its rate limit).
    public static let policyViolation = WebSocketCloseCode(1008)
    /// 1009: the message is too big to process.
    public static let messageTooBig = WebSocketCloseCode(1009)
    /// 1011: the server met an unexpected condition.
    public static let unexpectedCondition = WebSocketCloseCode(1011)
    /// 1013: try again later.
    public static let tryAgainLater = WebSocketCloseCode(1013)

    /// The code as a number (`1008`).
    public var description: String { "\(code)" }
}
