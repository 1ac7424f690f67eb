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
/// is the client's own error type. Its decisions are a ``PipelineStateMachine``'s; the handler only carries out the
/// actions on the channel.
package final class PipelineHandler<Reply: Sendable, Failure: ConnectionFailure>: ChannelDuplexHandler {
    package typealias InboundIn = Reply
    package typealias OutboundIn = PipelineRequest<Reply>
    package typealias OutboundOut = ByteBuffer

    private typealias Machine = PipelineStateMachine<EventLoopPromise<Reply>, Failure>

    private let flag: ConnectionFlag<Failure>
    private var machine: Machine
    private var timer: Scheduled<Void>?

    /// Creates a handler whose commands time out after `commandTimeout`.
    ///
    /// - Parameters:
    ///   - peer: The server, for messages.
    ///   - service: The store's name for messages, such as `Redis`.
    ///   - flag: Set as soon as the connection stops taking commands.
    package init(commandTimeout: Duration, peer: String, service: String, flag: ConnectionFlag<Failure>) {
        self.flag = flag
        self.machine = PipelineStateMachine(commandTimeout: commandTimeout, peer: peer, service: service)
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        switch machine.write(request.replies, now: context.eventLoop.now) {
        case .refuse(let replies, let refusal):
            for reply in replies { reply.fail(refusal) }
            promise?.fail(refusal)
        case .write(let deadline):
            if let deadline { armTimer(context: context, deadline: deadline) }
            context.write(wrapOutboundOut(request.bytes), promise: promise)
        case let action:
            run(action, context: context)
        }
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        switch machine.replyReceived() {
        case .deliver(let waiter, let thenClose):
            waiter.succeed(reply)
            if thenClose { context.close(promise: nil) }
        case let action:
            run(action, context: context)
        }
    }

    package func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?)
    {
        guard event is CloseWhenIdle else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        let action = machine.closeWhenIdle()
        promise?.succeed()
        run(action, context: context)
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        run(machine.errorCaught(error), context: context)
    }

    package func channelInactive(context: ChannelHandlerContext) {
        run(machine.channelInactive(), context: context)
        context.fireChannelInactive()
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        run(machine.handlerRemoved(), context: context)
    }

    // MARK: - Carrying out actions

    /// Carries out an action that needs no more than the context (a write or a reply is handled where it happens).
    private func run(_ action: Machine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none, .write, .deliver:
            break
        case .refuse(let waiters, let error):
            for waiter in waiters { waiter.fail(error) }
        case .armTimer(let deadline):
            armTimer(context: context, deadline: deadline)
        case .markFinished(let error, let closeChannel):
            flag.finish(error)
            if closeChannel { context.close(promise: nil) }
        case .failAll(let ending):
            if ending.markFinished { flag.finish(ending.error) }
            timer?.cancel()
            timer = nil
            if let (waiter, error) = ending.timedOut { waiter.fail(error) }
            for waiter in ending.waiters { waiter.fail(ending.error) }
            if ending.closeChannel { context.close(promise: nil) }
        }
    }

    private func armTimer(context: ChannelHandlerContext, deadline: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.run(self.machine.timerFired(now: context.eventLoop.now), context: context)
        }
    }
}
