// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import TraffikConnectionPool

/// One pipelined connection to a Redis server: RESP replies, Redis's errors.
typealias RedisConnection = PipelinedConnection<RESPValue, RedisClientError>

/// The pool of ``RedisConnection``s a client sends on.
typealias RedisConnectionPool = ConnectionPool<RESPValue, RedisClientError>

extension PipelinedConnection where Reply == RESPValue, Failure == RedisClientError {
    /// Sends `commands` back to back and returns their replies in order; error replies are returned as values.
    func send(_ commands: [[RESPArgument]]) async throws -> [RESPValue] {
        try await send(Self.encode(commands, allocator: channel.allocator), replies: commands.count)
    }

    /// Writes `commands` back to back; the future holds their replies in order, error replies as values.
    private func write(_ commands: [[RESPArgument]]) -> EventLoopFuture<[RESPValue]> {
        write(Self.encode(commands, allocator: channel.allocator), replies: commands.count)
    }

    private static func encode(_ commands: [[RESPArgument]], allocator: ByteBufferAllocator) -> ByteBuffer {
        let encoder = RESPCommandEncoder()
        var bytes = allocator.buffer(capacity: 64 * commands.count)
        for command in commands { encoder.encode(command, into: &bytes) }
        return bytes
    }

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
        var endpoint = Endpoint(
            host: configuration.host,
            port: configuration.port,
            service: "Redis",
            connectTimeout: configuration.connectTimeout,
            commandTimeout: configuration.commandTimeout
        )
        if let tls = configuration.tls {
            let host = configuration.host
            endpoint.setUpChannel = { channel in try tls.addHandler(to: channel, host: host) }
        }
        let peer = endpoint.peer
        return connect(
            id: id,
            to: endpoint,
            makeDecoder: { RESPDecoder(limits: configuration.replyLimits) },
            eventLoop: eventLoop
        )
        .flatMap { connection in
            connection.handshake(configuration: configuration)
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
                        "\(name) was refused: \(ReplyExcerpt.of(message))",
                        underlying: RedisServerError(message: message)
                    )
                }
            }
    }
}
