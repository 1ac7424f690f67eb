// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// Sits next to the socket of a connection whose WebSocket handshake was refused: the first bytes written, if they
/// are Hummingbird's failed-upgrade 400, are replaced by `refusal`, and the rest of that response is dropped (the
/// connection closes after it). Any other first response passes, and the handler leaves the pipeline.
final class UpgradeRefusalWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum State {
        case armed(ByteBuffer)
        case replaced
    }

    private var state: State

    init(refusal: ByteBuffer) {
        self.state = .armed(refusal)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch state {
        case .armed(let refusal):
            guard case .byteBuffer(let buffer) = unwrapOutboundIn(data), Self.isFailedUpgrade(buffer) else {
                context.write(data, promise: promise)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
            state = .replaced
            context.write(wrapOutboundOut(.byteBuffer(refusal)), promise: promise)
        case .replaced:
            promise?.succeed(())
        }
    }

    /// Whether `buffer` starts the 400 that Hummingbird writes for a refused upgrade.
    static func isFailedUpgrade(_ buffer: ByteBuffer) -> Bool {
        buffer.readableBytesView.starts(with: "HTTP/1.1 400 ".utf8)
    }
}
