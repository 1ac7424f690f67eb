import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One pipelined connection to a Redis server: any number of tasks send commands on it at once.
///
/// Replies come back in the order the commands were written. A connection that fails is finished: the pool
/// replaces it rather than reusing it.
final class RedisConnection: Sendable {
    /// A number for logs, unique within the pool.
    let id: Int
    let channel: any Channel
    private let flag: RedisConnectionFlag
    /// Commands written and not yet answered, for choosing the least busy connection.
    private let inFlight = Atomic<Int>(0)

    private init(id: Int, channel: any Channel, flag: RedisConnectionFlag) {
        self.id = id
        self.channel = channel
        self.flag = flag
    }

    /// Whether the connection has stopped taking commands (it failed, timed out, or is closing).
    var isFinished: Bool {
        flag.isFinished
    }

    /// How many commands are waiting for replies.
    var commandsInFlight: Int {
        inFlight.load(ordering: .relaxed)
    }

    /// Sends `commands` back to back and returns their replies in order; error replies are returned as values.
    func send(_ commands: [[RESPArgument]]) async throws -> [RESPValue] {
        inFlight.add(commands.count, ordering: .relaxed)
        defer { inFlight.subtract(commands.count, ordering: .relaxed) }
        return try await write(commands).get()
    }

    /// Writes `commands` back to back; the future holds their replies in order, error replies as values.
    private func write(_ commands: [[RESPArgument]]) -> EventLoopFuture<[RESPValue]> {
        let encoder = RESPCommandEncoder()
        var bytes = channel.allocator.buffer(capacity: 64 * commands.count)
        for command in commands { encoder.encode(command, into: &bytes) }
        let eventLoop = channel.eventLoop
        let replies = commands.map { _ in eventLoop.makePromise(of: RESPValue.self) }
        channel.writeAndFlush(RedisRequest(bytes: bytes, replies: replies)).whenFailure { [flag] error in
            // The handler fails its own promises; this covers writes that never reached it.
            let failure =
                error as? RedisClientError ?? flag.failure
                ?? RedisClientError(.connectionClosed, "the command could not be written", underlying: error)
            for reply in replies { reply.fail(failure) }
        }
        if replies.count == 1 { return replies[0].futureResult.map { [$0] } }
        return EventLoopFuture.whenAllSucceed(replies.map(\.futureResult), on: eventLoop)
    }

    /// Refuses new commands, waits for the replies in flight (each bounded by the command timeout), then closes.
    func close() async {
        beginClosing()
        try? await channel.closeFuture.get()
    }

    /// Refuses new commands and closes once the replies in flight have arrived, without waiting for that.
    func beginClosing() {
        channel.triggerUserOutboundEvent(RedisCloseWhenIdle(), promise: nil)
    }

    /// Closes at once; commands in flight fail with ``RedisClientError/Kind/connectionClosed``.
    func closeNow() {
        channel.close(promise: nil)
    }
}

extension RedisConnection {
    /// Connects to the configured server and runs `AUTH` and `SELECT` as configured.
    ///
    /// Everything happens on `eventLoop`, so connecting does not depend on the concurrency runtime's threads being
    /// free.
    ///
    /// - Returns: A future that fails with a ``RedisClientError`` of kind ``RedisClientError/Kind/connectTimeout``,
    ///   ``RedisClientError/Kind/connectionFailed``, ``RedisClientError/Kind/handshakeFailed`` or
    ///   ``RedisClientError/Kind/commandTimeout``.
    static func connect(
        id: Int,
        configuration: RedisConfiguration,
        eventLoop: any EventLoop,
        logger: Logger
    ) -> EventLoopFuture<RedisConnection> {
        let peer = "\(configuration.host):\(configuration.port)"
        let commandTimeout = configuration.commandTimeout
        let flag = RedisConnectionFlag()
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        RedisCommandHandler(commandTimeout: commandTimeout, peer: peer, flag: flag)
                    )
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .flatMapErrorThrowing { error in
                if case ChannelError.connectTimeout = error {
                    throw RedisClientError(
                        .connectTimeout,
                        "no connection to \(peer) within \(configuration.connectTimeout)",
                        underlying: error
                    )
                }
                throw RedisClientError(.connectionFailed, "cannot connect to \(peer)", underlying: error)
            }
            .flatMap { channel in
                let connection = RedisConnection(id: id, channel: channel, flag: flag)
                return connection.handshake(configuration: configuration)
                    .map {
                        logger.debug(
                            "connected to Redis",
                            metadata: ["redis.peer": "\(peer)", "redis.connection": "\(id)"]
                        )
                        return connection
                    }
                    .flatMapErrorThrowing { error in
                        connection.closeNow()
                        throw error
                    }
            }
    }

    /// Sends `AUTH` and `SELECT`, as configured, in one round trip.
    private func handshake(configuration: RedisConfiguration) -> EventLoopFuture<Void> {
        var commands: [[RESPArgument]] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(["AUTH", RESPArgument(username), RESPArgument(password)])
            } else {
                commands.append(["AUTH", RESPArgument(password)])
            }
        }
        if configuration.database != 0 { commands.append(["SELECT", RESPArgument(configuration.database)]) }
        guard !commands.isEmpty else { return channel.eventLoop.makeSucceededVoidFuture() }

        return write(commands)
            .flatMapErrorThrowing { error in
                let error = error as? RedisClientError ?? RedisClientError(.connectionClosed, "\(error)")
                throw RedisClientError(
                    error.kind == .commandTimeout ? .commandTimeout : .handshakeFailed,
                    "connection set-up (AUTH/SELECT) failed: \(error.message)",
                    underlying: error.underlying
                )
            }
            .flatMapThrowing { [commands] replies in
                for (command, reply) in zip(commands, replies) {
                    guard case .error(let message) = reply else { continue }
                    let name = String(decoding: command[0].bytes, as: UTF8.self)
                    throw RedisClientError(
                        .handshakeFailed,
                        "\(name) was refused: \(message)",
                        underlying: RedisServerError(message: message)
                    )
                }
            }
    }
}
