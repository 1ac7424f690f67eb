// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HummingbirdWebSocket

/// Sends `count` text messages (`m0`, `m1`, …) on a WebSocket, one at a time, and returns the text of each reply:
/// the client side of the demo's `/ws`, shared by the Hummingbird and Vapor servers' tests.
func echoConversation(
    _ count: Int,
    inbound: WebSocketInboundStream,
    outbound: WebSocketOutboundWriter
) async throws -> [String] {
    var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
    var replies: [String] = []
    for index in 0..<count {
        try await outbound.write(.text("m\(index)"))
        guard let reply = try await messages.next() else { break }
        if case .text(let text) = reply { replies.append(text) }
    }
    return replies
}

/// Whether `replies` are the demo's 30 echoes followed by one rate-limit frame.
func isThirtyEchoesThenARateLimitFrame(_ replies: [String]) -> Bool {
    replies.count == 31 && replies.prefix(30) == ArraySlice((0..<30).map { "m\($0)" })
        && replies.last?.contains(#""type":"rate_limit""#) == true
}
