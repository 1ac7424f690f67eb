// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOWebSocket

/// Ends a WebSocket connection whose data message grows past `maxMessageSize` bytes, counting its fragments as they
/// arrive, before anything after it buffers them.
///
/// The excess is reported as `NIOWebSocketError.invalidFrameLength`, which WebSocketKit answers by closing with 1009
/// (message too big); the data frames that follow are dropped, control frames (the closing handshake) pass.
final class WebSocketMessageSizeLimiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame

    private let maxMessageSize: Int
    /// The payload bytes of the data message being received.
    private var messageSize = 0
    private var exceeded = false

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary, .continuation:
            guard !exceeded else { return }
            if frame.opcode != .continuation { messageSize = 0 }
            let (sum, overflow) = messageSize.addingReportingOverflow(frame.length)
            messageSize = overflow ? .max : sum
            guard messageSize <= maxMessageSize else {
                exceeded = true
                context.fireErrorCaught(NIOWebSocketError.invalidFrameLength)
                return
            }
            if frame.fin { messageSize = 0 }
            context.fireChannelRead(data)
        default:
            context.fireChannelRead(data)
        }
    }
}
