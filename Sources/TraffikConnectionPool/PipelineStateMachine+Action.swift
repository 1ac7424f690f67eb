// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

extension PipelineStateMachine {
    /// What the handler does after an event.
    package enum Action {
        /// Nothing.
        case none
        /// Write the request's bytes, arming the command timer for the deadline when one is given.
        case write(armTimerAt: NIODeadline?)
        /// Write nothing and fail the request's waiters (and its write) with the error.
        case refuse([Waiter], Failure)
        /// Complete the waiter with the reply that arrived, then close the channel when asked.
        case deliver(to: Waiter, thenClose: Bool)
        /// Arm the command timer again for the deadline.
        case armTimer(at: NIODeadline)
        /// Mark the connection finished with the error (so the pool stops choosing it), closing the channel when asked.
        case markFinished(Failure, closeChannel: Bool)
        /// Fail waiters: the connection ended or is torn down.
        case failAll(Ending)
    }

    /// The end of a connection's waiting commands: each fails once, here.
    package struct Ending {
        /// The command that timed out, and its error, if a timeout ended the connection.
        package var timedOut: (waiter: Waiter, error: Failure)?
        /// Every other waiting command, oldest first; each fails with ``error``.
        package var waiters: [Waiter]
        /// Why the connection ended.
        package var error: Failure
        /// Whether the connection is to be marked finished with ``error``.
        package var markFinished: Bool
        /// Whether the channel is to be closed.
        package var closeChannel: Bool

        /// Creates an ending.
        package init(
            timedOut: (waiter: Waiter, error: Failure)? = nil,
            waiters: [Waiter],
            error: Failure,
            markFinished: Bool,
            closeChannel: Bool
        ) {
            self.timedOut = timedOut
            self.waiters = waiters
            self.error = error
            self.markFinished = markFinished
            self.closeChannel = closeChannel
        }
    }
}
