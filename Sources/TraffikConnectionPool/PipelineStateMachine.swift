// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// The decisions of one pipelined connection, without its I/O: which waiting command a reply answers, when the
/// oldest command times out, and which commands fail when the connection ends.
///
/// ``PipelineHandler`` feeds it the channel's events and carries out the ``Action`` each returns. Every command
/// waits in arrival order; a reply answers the oldest. The oldest command is always the first to reach its
/// deadline, so one timer, armed for the oldest deadline, is enough. Once the connection is finished every waiting
/// command has failed exactly once, and every later command is refused with the reason it finished.
///
/// `Waiter` is whatever stands for one awaited reply (a promise in the handler, a plain value in tests), and time is
/// passed in as values, so the machine is tested without a channel or a clock.
package struct PipelineStateMachine<Waiter, Failure: ConnectionFailure> {
    private struct Waiting {
        var waiter: Waiter
        var deadline: NIODeadline
    }

    private enum State {
        /// Taking commands.
        case open
        /// The client closes: new commands are refused, and the channel closes once no reply is awaited.
        case closingWhenIdle
        /// The connection stopped taking commands for this reason.
        case finished(Failure)
    }

    private let commandTimeout: Duration
    private let peer: String
    private let clientClosed: Failure
    private var state = State.open
    private var waiting = CircularBuffer<Waiting>(initialCapacity: 16)
    private var timerArmed = false

    /// Creates a machine for an open connection whose commands time out after `commandTimeout`.
    ///
    /// - Parameters:
    ///   - peer: The server, for messages.
    ///   - service: The store's name for messages, such as `Redis`.
    package init(commandTimeout: Duration, peer: String, service: String) {
        self.commandTimeout = commandTimeout
        self.peer = peer
        self.clientClosed = Failure(
            connectionFailure: .clientClosed,
            "the \(service) client is closed",
            underlying: nil
        )
    }

    /// How many replies are awaited.
    package var waitingCount: Int { waiting.count }

    /// Why the connection stopped taking commands, once it has.
    package var failure: Failure? {
        guard case .finished(let failure) = state else { return nil }
        return failure
    }

    /// A request of `waiters.count` commands is to be written at `now`.
    package mutating func write(_ waiters: [Waiter], now: NIODeadline) -> Action {
        switch state {
        case .finished(let failure):
            return .refuse(waiters, failure)
        case .closingWhenIdle:
            return .refuse(waiters, clientClosed)
        case .open:
            let deadline = now + TimeAmount(commandTimeout)
            for waiter in waiters { waiting.append(Waiting(waiter: waiter, deadline: deadline)) }
            guard !timerArmed else { return .write(armTimerAt: nil) }
            timerArmed = true
            return .write(armTimerAt: deadline)
        }
    }

    /// A reply arrived.
    package mutating func replyReceived() -> Action {
        if case .finished = state {
            // Every command was failed when the connection finished: a reply now answers none of them.
            return .none
        }
        guard let oldest = waiting.popFirst() else {
            return .failAll(
                finish(
                    Failure(
                        connectionFailure: .protocolError,
                        "\(peer) sent a reply no command was waiting for",
                        underlying: nil
                    ),
                    closeChannel: true
                )
            )
        }
        if case .closingWhenIdle = state, waiting.isEmpty { return .deliver(to: oldest.waiter, thenClose: true) }
        return .deliver(to: oldest.waiter, thenClose: false)
    }

    /// The client asks the connection to refuse new commands and close once every awaited reply has arrived.
    package mutating func closeWhenIdle() -> Action {
        if case .open = state { state = .closingWhenIdle }
        return .markFinished(clientClosed, closeChannel: waiting.isEmpty)
    }

    /// The timer armed by an earlier action fired at `now`.
    package mutating func timerFired(now: NIODeadline) -> Action {
        timerArmed = false
        guard let oldest = waiting.first else { return .none }
        guard oldest.deadline <= now else {
            timerArmed = true
            return .armTimer(at: oldest.deadline)
        }
        waiting.removeFirst()
        let timeout = Failure(
            connectionFailure: .commandTimeout,
            "no reply from \(peer) within \(commandTimeout); the connection is replaced",
            underlying: nil
        )
        let closed = Failure(
            connectionFailure: .connectionClosed,
            "the connection to \(peer) was closed after a command timed out",
            underlying: nil
        )
        var ending = finish(closed, closeChannel: true)
        ending.timedOut = (oldest.waiter, timeout)
        return .failAll(ending)
    }

    /// The channel reported `error` (a decoder's, or the transport's).
    package mutating func errorCaught(_ error: any Error) -> Action {
        let failure =
            error as? Failure
            ?? Failure(connectionFailure: .connectionClosed, "the connection to \(peer) failed", underlying: error)
        return .failAll(finish(failure, closeChannel: true))
    }

    /// The channel closed.
    package mutating func channelInactive() -> Action {
        let failure =
            self.failure
            ?? Failure(
                connectionFailure: .connectionClosed,
                "the connection to \(peer) closed before the reply arrived",
                underlying: nil
            )
        return .failAll(finish(failure, closeChannel: false))
    }

    /// The handler leaves the pipeline: anything still waiting fails, without marking the connection finished.
    package mutating func handlerRemoved() -> Action {
        let failure =
            self.failure
            ?? Failure(connectionFailure: .connectionClosed, "the connection to \(peer) was torn down", underlying: nil)
        return .failAll(Ending(waiters: drain(), error: failure, markFinished: false, closeChannel: false))
    }

    /// Marks the connection finished with `error` (the first reason is kept) and fails every waiting command.
    private mutating func finish(_ error: Failure, closeChannel: Bool) -> Ending {
        let reason = failure ?? error
        state = .finished(reason)
        return Ending(waiters: drain(), error: reason, markFinished: true, closeChannel: closeChannel)
    }

    /// Empties the queue; the timer has nothing left to watch.
    private mutating func drain() -> [Waiter] {
        timerArmed = false
        defer { waiting.removeAll() }
        return waiting.map(\.waiter)
    }
}
