// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import ServiceLifecycle

/// What sends Redis commands for ``RedisBackend``: a ``RedisClient`` for one server, a ``RedisClusterClient`` for a
/// Redis Cluster, or a ``RedisSentinelClient`` for a primary that Redis Sentinel watches.
///
/// Every call names the keys its commands touch, which a cluster routes by and a single server ignores. A
/// ServiceLifecycle `Service`: run it to have it closed at graceful shutdown.
///
/// ```swift
/// func visits(_ redis: any RedisCommandSender, page: String) async throws -> Int64? {
///     let key = RESPArgument("visits:{\(page)}")
///     return try await redis.send(["INCR", key], keys: [key]).int
/// }
/// ```
public protocol RedisCommandSender: Service {
    /// Sends one command that touches `keys` (none for a command about the server, such as `TIME`).
    ///
    /// - Throws: ``RedisServerError`` for an error reply, ``RedisClientError`` when the client fails (in a cluster,
    ///   also for keys in different slots, ``RedisClientError/Kind/crossSlot``).
    @discardableResult
    func send(_ arguments: [RESPArgument], keys: [RESPArgument]) async throws -> RESPValue

    /// Sends commands back to back on one connection, all of them touching only `keys`, and returns their replies.
    ///
    /// - Throws: the first ``RedisServerError`` among the replies; ``RedisClientError`` when the client fails.
    func pipeline(_ commands: [[RESPArgument]], keys: [RESPArgument]) async throws -> [RESPValue]

    /// A client for each primary: the client itself for one server, a client for each primary of a cluster, the
    /// current primary's client under Sentinel.
    /// For commands every primary must run, such as `SCAN` or `SCRIPT LOAD`.
    func primaries() async throws -> [RedisClient]

    /// Refuses new commands, waits for the replies in flight, and closes every connection.
    func close() async
}

extension RedisClient: RedisCommandSender {
    /// Sends one command; a single server needs no keys to route by, so `keys` is ignored.
    @discardableResult
    public func send(_ arguments: [RESPArgument], keys: [RESPArgument]) async throws -> RESPValue {
        try await send(arguments)
    }

    /// Sends commands on one connection; `keys` is ignored.
    public func pipeline(_ commands: [[RESPArgument]], keys: [RESPArgument]) async throws -> [RESPValue] {
        try await pipeline(commands)
    }

    /// The client itself: a single server is its own only primary.
    public func primaries() async throws -> [RedisClient] {
        [self]
    }
}
