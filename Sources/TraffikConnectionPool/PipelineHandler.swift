// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// Matches replies to commands on one pipelined connection.
///
/// Each written ``PipelineRequest`` queues its promises; each decoded reply completes the oldest one. Commands from
/// many tasks interleave freely, since the event loop orders both the writes and the replies.
///
/// The oldest waiting command is always the first to reach its deadline, so one timer, armed for the oldest
/// deadline, enforces the command timeout. When it fires the oldest command fails with
/// a command timeout and the connection closes: a late reply would otherwise be matched to
/// the wrong command. A closed or broken connection fails every waiting command, and every later write, with a
/// typed error.
///
/// The handler knows nothing of the protocol: a decoder before it turns bytes into `Reply` values, and `Failure`
/// is the client's own error type.
package final class PipelineHandler<Reply: Sendable, Failure: ConnectionFailure>: ChannelDuplexHandler {
    package typealias InboundIn = Reply
    package typealias OutboundIn = PipelineRequest<Reply>
    package typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var promise: EventLoopPromise<Reply>
        var deadline: NIODeadline
    }

    private let commandTimeout: Duration
    private let peer: String
    private let flag: ConnectionFlag<Failure>
    private var waiting = CircularBuffer<Waiting>(initialCapacity: 16)
    private var timer: Scheduled<Void>?
    /// Set once the connection is finished; every later command fails with it.
    private var failure: Failure?
    /// Set once the client closes: new commands are refused, and the channel closes when no reply is awaited.
    private var closesWhenIdle = false
    private let clientClosed: Failure

    /// Creates a handler whose commands time out after `commandTimeout`.
    ///
    /// - Parameters:
    ///   - peer: The server, for messages.
    ///   - service: The store's name for messages, such as `Redis`.
    ///   - flag: Set as soon as the connection stops taking commands.
    package init(commandTimeout: Duration, peer: String, service: String, flag: ConnectionFlag<Failure>) {
        self.commandTimeout = commandTimeout
        self.peer = peer
        self.flag = flag
        self.clientClosed = Failure(
            connectionFailure: .clientClosed,
            "the \(service) client is closed",
            underlying: nil
        )
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let refusal = failure ?? (closesWhenIdle ? clientClosed : nil) {
            for reply in request.replies { reply.fail(refusal) }
            promise?.fail(refusal)
            return
        }
        let deadline = context.eventLoop.now + TimeAmount(commandTimeout)
        for reply in request.replies { waiting.append(Waiting(promise: reply, deadline: deadline)) }
        if timer == nil { armTimer(context: context, deadline: deadline) }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard let oldest = waiting.popFirst() else {
            finish(
                context: context,
                Failure(
                    connectionFailure: .protocolError,
                    "\(peer) sent a reply no command was waiting for",
                    underlying: nil
                )
            )
            return
        }
        oldest.promise.succeed(reply)
        if closesWhenIdle, waiting.isEmpty { context.close(promise: nil) }
    }

    package func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?)
    {
        guard event is CloseWhenIdle else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        closesWhenIdle = true
        flag.finish(clientClosed)
        promise?.succeed()
        if waiting.isEmpty { context.close(promise: nil) }
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure =
            error as? Failure
            ?? Failure(connectionFailure: .connectionClosed, "the connection to \(peer) failed", underlying: error)
        finish(context: context, failure)
    }

    package func channelInactive(context: ChannelHandlerContext) {
        let error =
            failure
            ?? Failure(
                connectionFailure: .connectionClosed,
                "the connection to \(peer) closed before the reply arrived",
                underlying: nil
            )
        failure = error
        flag.finish(error)
        failAll(error)
        context.fireChannelInactive()
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        failAll(
            failure
                ?? Failure(
                    connectionFailure: .connectionClosed,
                    "the connection to \(peer) was torn down",
                    underlying: nil
                )
        )
    }

    // MARK: - Timeouts

    private func armTimer(context: ChannelHandlerContext, deadline: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        guard let oldest = waiting.first else { return }
        guard oldest.deadline <= context.eventLoop.now else {
            armTimer(context: context, deadline: oldest.deadline)
            return
        }
        waiting.removeFirst()
        let timeout = Failure(
            connectionFailure: .commandTimeout,
            "no reply from \(peer) within \(commandTimeout); the connection is replaced",
            underlying: nil
        )
        oldest.promise.fail(timeout)
        finish(
            context: context,
            Failure(
                connectionFailure: .connectionClosed,
                "the connection to \(peer) was closed after a command timed out",
                underlying: nil
            )
        )
    }

    // MARK: - Failing

    /// Marks the connection finished with `error`, fails every waiting command and closes the channel.
    private func finish(context: ChannelHandlerContext, _ error: Failure) {
        if failure == nil { failure = error }
        flag.finish(error)
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: Failure) {
        timer?.cancel()
        timer = nil
        while let entry = waiting.popFirst() { entry.promise.fail(error) }
    }
}
