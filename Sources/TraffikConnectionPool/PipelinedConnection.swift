// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One pipelined connection to a server: any number of tasks send commands on it at once.
///
/// Replies come back in the order the commands were written. A connection that fails is finished: the pool
/// replaces it rather than reusing it. The connection knows nothing of the protocol: callers write encoded bytes
/// and get decoded `Reply` values back.
package final class PipelinedConnection<Reply: Sendable, Failure: ConnectionFailure>: Sendable {
    /// A number for logs, unique within the pool.
    package let id: Int
    package let channel: any Channel
    private let flag: ConnectionFlag<Failure>
    /// Commands written and not yet answered, for choosing the least busy connection.
    private let inFlight = Atomic<Int>(0)

    private init(id: Int, channel: any Channel, flag: ConnectionFlag<Failure>) {
        self.id = id
        self.channel = channel
        self.flag = flag
    }

    /// Whether the connection has stopped taking commands (it failed, timed out, or is closing).
    package var isFinished: Bool {
        flag.isFinished
    }

    /// How many commands are waiting for replies.
    package var commandsInFlight: Int {
        inFlight.load(ordering: .relaxed)
    }

    /// Sends `count` encoded commands back to back and returns their replies in order.
    package func send(_ bytes: ByteBuffer, replies count: Int) async throws -> [Reply] {
        inFlight.add(count, ordering: .relaxed)
        defer { inFlight.subtract(count, ordering: .relaxed) }
        return try await write(bytes, replies: count).get()
    }

    /// Writes `count` encoded commands back to back; the future holds their replies in order.
    package func write(_ bytes: ByteBuffer, replies count: Int) -> EventLoopFuture<[Reply]> {
        let eventLoop = channel.eventLoop
        let replies = (0..<count).map { _ in eventLoop.makePromise(of: Reply.self) }
        channel.writeAndFlush(PipelineRequest(bytes: bytes, replies: replies)).whenFailure { [flag] error in
            // The handler fails its own promises; this covers writes that never reached it.
            let failure =
                error as? Failure ?? flag.failure
                ?? Failure(connectionFailure: .connectionClosed, "the command could not be written", underlying: error)
            for reply in replies { reply.fail(failure) }
        }
        if replies.count == 1 { return replies[0].futureResult.map { [$0] } }
        return EventLoopFuture.whenAllSucceed(replies.map(\.futureResult), on: eventLoop)
    }

    /// Refuses new commands, waits for the replies in flight (each bounded by the command timeout), then closes.
    package func close() async {
        beginClosing()
        try? await channel.closeFuture.get()
    }

    /// Refuses new commands and closes once the replies in flight have arrived, without waiting for that.
    package func beginClosing() {
        channel.triggerUserOutboundEvent(CloseWhenIdle(), promise: nil)
    }

    /// Closes at once; commands in flight fail as closed connections.
    package func closeNow() {
        channel.close(promise: nil)
    }
}

extension PipelinedConnection {
    /// Where and how a connection connects.
    package struct Endpoint: Sendable {
        /// The server's host name or address.
        package var host: String
        /// The server's TCP port.
        package var port: Int
        /// The store's name for messages, such as `Redis`.
        package var service: String
        /// The limit on establishing the TCP connection.
        package var connectTimeout: Duration
        /// The limit on waiting for each reply.
        package var commandTimeout: Duration
        /// Adds handlers at the front of a new connection's pipeline, such as TLS.
        package var setUpChannel: (@Sendable (any Channel) throws -> Void)?

        /// Creates an endpoint.
        package init(host: String, port: Int, service: String, connectTimeout: Duration, commandTimeout: Duration) {
            self.host = host
            self.port = port
            self.service = service
            self.connectTimeout = connectTimeout
            self.commandTimeout = commandTimeout
        }

        /// `host:port`, for messages.
        package var peer: String { "\(host):\(port)" }
    }

    /// Connects to `endpoint` with a decoder from `makeDecoder` turning the server's bytes into replies.
    ///
    /// Everything happens on `eventLoop`, so connecting does not depend on the concurrency runtime's threads being
    /// free.
    ///
    /// - Returns: A future that fails with a `Failure` of kind connect timeout or connection failed.
    package static func connect<Decoder: NIOSingleStepByteToMessageDecoder>(
        id: Int,
        to endpoint: Endpoint,
        makeDecoder: @escaping @Sendable () -> Decoder,
        eventLoop: any EventLoop
    ) -> EventLoopFuture<PipelinedConnection> where Decoder.InboundOut == Reply {
        let flag = ConnectionFlag<Failure>()
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(endpoint.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try endpoint.setUpChannel?(channel)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(makeDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        PipelineHandler<Reply, Failure>(
                            commandTimeout: endpoint.commandTimeout,
                            peer: endpoint.peer,
                            service: endpoint.service,
                            flag: flag
                        )
                    )
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .flatMapErrorThrowing { error in
                if case ChannelError.connectTimeout = error {
                    throw Failure(
                        connectionFailure: .connectTimeout,
                        "no connection to \(endpoint.peer) within \(endpoint.connectTimeout)",
                        underlying: error
                    )
                }
                throw Failure(
                    connectionFailure: .connectionFailed,
                    "cannot connect to \(endpoint.peer)",
                    underlying: error
                )
            }
            .map { channel in PipelinedConnection(id: id, channel: channel, flag: flag) }
    }
}
