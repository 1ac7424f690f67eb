// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// One write to a connection: the encoded bytes of one or more commands, and one promise per reply they produce.
///
/// The commands of one request reach the server back to back, and their promises queue up together, so a
/// pipeline is never interleaved with commands from other tasks.
package struct PipelineRequest<Reply: Sendable>: Sendable {
    /// The encoded commands.
    package var bytes: ByteBuffer
    /// One promise per command, in order.
    package var replies: [EventLoopPromise<Reply>]

    /// Creates a request.
    package init(bytes: ByteBuffer, replies: [EventLoopPromise<Reply>]) {
        self.bytes = bytes
        self.replies = replies
    }
}

/// Asks a ``PipelineHandler`` to refuse new commands and close once every waiting reply has arrived.
package struct CloseWhenIdle: Sendable {
    /// Creates the event.
    package init() {}
}
