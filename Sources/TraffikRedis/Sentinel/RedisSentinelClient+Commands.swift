// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisSentinelClient: RedisCommandSender {
    /// Sends one command to the primary and returns its reply; one primary holds every key, so `keys` is ignored.
    ///
    /// - Throws: ``RedisServerError`` for an error reply, ``RedisClientError`` when the client fails or no primary can
    ///   be found.
    @discardableResult
    public func send(_ arguments: [RESPArgument], keys: [RESPArgument]) async throws -> RESPValue {
        try await pipeline([arguments])[0]
    }

    /// Sends one command to the primary and returns its reply.
    ///
    /// - Throws: as ``send(_:keys:)``.
    @discardableResult
    public func send(_ arguments: [RESPArgument]) async throws -> RESPValue {
        try await pipeline([arguments])[0]
    }

    /// Sends one command to the primary: `try await client.send("INCR", "visits")`.
    ///
    /// - Throws: as ``send(_:keys:)``.
    @discardableResult
    public func send(_ arguments: RESPArgument...) async throws -> RESPValue {
        try await send(arguments)
    }

    /// Sends commands back to back on one connection to the primary; `keys` is ignored.
    ///
    /// - Throws: as ``pipeline(_:)``.
    public func pipeline(_ commands: [[RESPArgument]], keys: [RESPArgument]) async throws -> [RESPValue] {
        try await pipeline(commands)
    }

    /// Sends commands back to back on one connection to the primary and returns their replies in order.
    ///
    /// When a reply is `-READONLY` (the node is a replica now, so none of them wrote anything), or the connection
    /// failed before they were written, all of them are sent once more to the new primary, if the sentinels name one.
    ///
    /// - Throws: the first ``RedisServerError`` among the replies, after all of them have arrived;
    ///   ``RedisClientError`` when the client fails or no primary can be found.
    public func pipeline(_ commands: [[RESPArgument]]) async throws -> [RESPValue] {
        try await RedisPipeline.run(commands, replies: replies(to:))
    }

    /// A client of the current primary, discovered first if need be: for commands every primary must run, such as
    /// `SCAN` or `SCRIPT LOAD`.
    public func primaries() async throws -> [RedisClient] {
        [try await currentPrimary().client]
    }

    // MARK: - Following the primary

    /// The replies of `commands` from the primary, error replies as values: sent again, once, to a new primary when
    /// they cannot have run on the old one.
    func replies(to commands: [[RESPArgument]]) async throws -> [RESPValue] {
        let primary = try await currentPrimary()
        let replies: [RESPValue]
        do {
            replies = try await primary.client.replies(to: commands)
        } catch let error as RedisClientError {
            guard Self.wasNotWritten(error) else {
                if Self.suggestsMove(error) { rediscoverSoon(replacing: primary) }
                throw error
            }
            let next = try await self.primary(replacing: primary)
            guard next.generation != primary.generation else { throw error }
            return try await lastReplies(to: commands, on: next)
        }
        guard replies.contains(where: Self.isReadOnly) else { return replies }
        guard let next = try? await self.primary(replacing: primary), next.generation != primary.generation else {
            return replies
        }
        return try await lastReplies(to: commands, on: next)
    }

    /// The replies of `commands` from `primary`, with no retry; a failure that suggests the primary moved starts a
    /// discovery for the commands that follow.
    private func lastReplies(
        to commands: [[RESPArgument]],
        on primary: RedisSentinelPrimary
    ) async throws -> [RESPValue] {
        do {
            let replies = try await primary.client.replies(to: commands)
            if replies.contains(where: Self.isReadOnly) { rediscoverSoon(replacing: primary) }
            return replies
        } catch let error as RedisClientError {
            if Self.suggestsMove(error) { rediscoverSoon(replacing: primary) }
            throw error
        }
    }

    /// Whether a command that failed with `error` cannot have reached the server: no connection could be had, or
    /// the client it went to had just been closed by a switch.
    static func wasNotWritten(_ error: RedisClientError) -> Bool {
        error.kind == .connectTimeout || error.kind == .connectionFailed || error.kind == .clientClosed
    }

    /// Whether `error` may mean that the primary is gone: its connection broke or stopped answering.
    static func suggestsMove(_ error: RedisClientError) -> Bool {
        error.kind == .commandTimeout || error.kind == .connectionClosed
    }

    /// Whether `reply` is `-READONLY`: the node refused a write because it is a replica.
    static func isReadOnly(_ reply: RESPValue) -> Bool {
        guard case .error(let message) = reply else { return false }
        return message == "READONLY" || message.hasPrefix("READONLY ")
    }
}
