// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TraffikConnectionPool

/// A Redis client: a small pool of pipelined connections that any number of tasks share.
///
/// Commands connect lazily, so the client works as soon as it is created. Run it as a ServiceLifecycle `Service`
/// to have it closed at graceful shutdown, or call ``close()`` yourself.
///
/// ```swift
/// let client = RedisClient(configuration: try RedisConfiguration(url: "redis://localhost:6379"))
/// try await client.send("SET", "greeting", "hello")
/// let greeting = try await client.send("GET", "greeting").string  // "hello"
/// ```
///
/// A reply in which the server reports an error is thrown as ``RedisServerError``; failures of the client
/// (timeouts, broken connections, a closed client) are thrown as ``RedisClientError``.
///
/// Cancelling the calling task does not abandon a command already written: its reply must still be read to keep
/// the connection in order. The command timeout bounds every wait.
///
/// Connections are shared and pipelined, which shapes a few commands:
/// - A blocking command (`BLPOP`, `XREAD BLOCK`, `WAIT`) holds up the commands queued behind it on its connection,
///   and each fails if it waits longer than the command timeout.
/// - A transaction must go in one ``pipeline(_:)`` (`MULTI`, the commands, `EXEC`), so that no other task's command
///   lands inside it. `WATCH` needs a connection of its own and is not supported.
/// - `SUBSCRIBE`, `MONITOR` and `CLIENT REPLY OFF` change what the server sends and are not supported.
///
/// A server that answers `-READONLY` has become a replica (its primary was failed over): the client retires its
/// connections and the next command connects again, so a host name that moves with the primary (a DNS name, a
/// virtual IP) is followed without a restart. The command that met `-READONLY` fails with it; nothing ran.
public final class RedisClient: Sendable {
    /// The settings the client was created with.
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool
    /// Why the configuration cannot work, if it cannot: every command fails with it.
    private let invalidConfiguration: RedisClientError?

    /// Creates a client; nothing connects until the first command.
    ///
    /// - Parameters:
    ///   - configuration: Server, credentials, pool size, timeouts and backoff. With settings that cannot work
    ///     (port 0, a pool of no connections, a negative timeout) every command fails with
    ///     ``RedisClientError/Kind/invalidConfiguration`` naming the setting; ``RedisConfiguration/validate()``
    ///     checks them beforehand.
    ///   - eventLoopGroup: The event loops the connections run on.
    ///   - logger: Where connection events go (connects, drops, failed attempts); commands are not logged.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "traffik.redis")
    ) {
        self.configuration = configuration
        self.invalidConfiguration = ConfigurationCheck.failure(
            of: configuration.validate,
            logging: "invalid Redis configuration",
            as: "redis.error",
            to: logger
        )
        self.pool = RedisConnectionPool(
            service: "Redis",
            maximumConnections: max(1, configuration.maximumConnections),
            backoff: configuration.reconnectBackoff,
            eventLoopGroup: eventLoopGroup,
            logger: logger
        ) { id, eventLoop in
            RedisConnection.connect(id: id, configuration: configuration, eventLoop: eventLoop, logger: logger)
        }
    }

    deinit {
        pool.closeNow()
    }

    /// Sends one command and returns its reply.
    ///
    /// - Parameter arguments: The command name and its arguments, such as `["SET", "key", "value"]`.
    /// - Throws: ``RedisServerError`` for an error reply, ``RedisClientError`` when the client fails.
    @discardableResult
    public func send(_ arguments: [RESPArgument]) async throws -> RESPValue {
        try await pipeline([arguments])[0]
    }

    /// Sends one command and returns its reply: `try await client.send("INCR", "visits")`.
    ///
    /// - Throws: ``RedisServerError`` for an error reply, ``RedisClientError`` when the client fails.
    @discardableResult
    public func send(_ arguments: RESPArgument...) async throws -> RESPValue {
        try await send(arguments)
    }

    /// Sends several commands back to back on one connection and returns their replies in order.
    ///
    /// The commands are written at once and reach the server together, without commands from other tasks between
    /// them; they are not a transaction (use `MULTI`/`EXEC` or a script for that).
    ///
    /// - Throws: the first ``RedisServerError`` among the replies, after all of them have arrived;
    ///   ``RedisClientError`` when the client fails.
    public func pipeline(_ commands: [[RESPArgument]]) async throws -> [RESPValue] {
        try await RedisPipeline.run(commands, replies: replies(to:))
    }

    /// Sends commands on one connection and returns their replies, error replies as values.
    ///
    /// A `-READONLY` reply means the server is a replica now (a primary demoted by a fail-over): the connections
    /// opened so far are retired, so the next command connects again, to wherever the configured host points.
    func replies(to commands: [[RESPArgument]]) async throws -> [RESPValue] {
        if let invalidConfiguration { throw invalidConfiguration }
        let connection = try await pool.connection()
        let replies = try await connection.send(commands)
        if replies.contains(where: \.isReadOnlyError) { pool.retire(upTo: connection.id) }
        return replies
    }

    /// Refuses new commands, waits for the replies in flight (each bounded by the command timeout), and closes
    /// every connection. Later commands fail with ``RedisClientError/Kind/clientClosed``.
    public func close() async {
        await pool.close()
    }
}

extension RedisClient: Service {
    /// Keeps the client open until graceful shutdown (or cancellation), then closes it.
    ///
    /// Commands do not wait for `run()`: connections open on first use either way.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
