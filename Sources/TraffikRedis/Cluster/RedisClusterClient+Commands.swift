// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import Traffik
import TraffikConnectionPool

extension RedisClusterClient: RedisCommandSender {
    /// Sends one command that touches `keys` to the primary of their slot and returns its reply.
    ///
    /// ```swift
    /// let key: RESPArgument = "visits:{home}"
    /// try await cluster.send(["EVALSHA", sha, 1, key, 60], keys: [key])
    /// ```
    ///
    /// - Throws: ``RedisClientError/Kind/crossSlot`` when the keys hash to different slots (nothing is sent),
    ///   ``RedisClientError/Kind/tooManyRedirects`` after too many `MOVED`/`ASK`, other ``RedisClientError``s when
    ///   the client fails, and ``RedisServerError`` for an error reply.
    @discardableResult
    public func send(_ arguments: [RESPArgument], keys: [RESPArgument]) async throws -> RESPValue {
        try await pipeline([arguments], keys: keys)[0]
    }

    /// Sends one command, routed by the keys read from its arguments: a script's keys (`EVALSHA sha 1 key …`), the
    /// keys of `DEL`, `UNLINK`, `EXISTS`, `MGET`, `MSET` and a few more, none for commands about the server (`PING`,
    /// `TIME`, `SCRIPT`, `CLUSTER`, …), and the first argument of any other command.
    ///
    /// - Throws: as ``send(_:keys:)``.
    @discardableResult
    public func send(_ arguments: [RESPArgument]) async throws -> RESPValue {
        try await send(arguments, keys: RedisCommandKeys.of(arguments))
    }

    /// Sends one command, routed by the keys read from its arguments: `try await cluster.send("INCR", "visits")`.
    ///
    /// - Throws: as ``send(_:keys:)``.
    @discardableResult
    public func send(_ arguments: RESPArgument...) async throws -> RESPValue {
        try await send(arguments)
    }

    /// Sends commands back to back on one connection to the primary of `keys`' slot, and returns their replies.
    ///
    /// Every command must touch only keys of that slot. When a reply is `MOVED` or `ASK`, the whole pipeline is
    /// sent again to the node named (after `ASKING` for each command, for `ASK`).
    ///
    /// - Throws: the first ``RedisServerError`` among the replies; ``RedisClientError`` as ``send(_:keys:)``.
    public func pipeline(_ commands: [[RESPArgument]], keys: [RESPArgument]) async throws -> [RESPValue] {
        try await RedisPipeline.run(commands) { try await redirectedReplies(to: $0, keys: keys) }
    }

    /// The replies of `commands` from the primary of `keys`' slot, error replies as values: from the node named when
    /// a reply is `MOVED` or `ASK`, up to ``RedisClusterConfiguration/maximumRedirects`` times.
    private func redirectedReplies(to commands: [[RESPArgument]], keys: [RESPArgument]) async throws -> [RESPValue] {
        var target = try await primary(forSlot: Self.slot(of: keys))
        var asking = false
        for _ in 0...configuration.maximumRedirects {
            let replies = try await replies(to: commands, from: target, asking: asking)
            switch try Self.redirect(in: replies, from: target) {
            case .moved(let slot, let address):
                logger.debug("Redis Cluster MOVED", metadata: ["redis.slot": "\(slot)", "redis.node": "\(address)"])
                moved(slot: slot, to: address)
                (target, asking) = (address, false)
            case .ask(let address):
                (target, asking) = (address, true)
            case nil:
                return replies
            }
        }
        throw RedisClientError(
            .tooManyRedirects,
            "still redirected after \(configuration.maximumRedirects) MOVED/ASK redirects (last to \(target))"
        )
    }

    /// Sends commands on one connection, routed by the keys read from all of them.
    ///
    /// - Throws: as ``pipeline(_:keys:)``.
    public func pipeline(_ commands: [[RESPArgument]]) async throws -> [RESPValue] {
        try await pipeline(commands, keys: commands.flatMap(RedisCommandKeys.of))
    }

    /// A client for each primary of the slot map, for commands every primary must run (`SCAN`, `SCRIPT LOAD`).
    public func primaries() async throws -> [RedisClient] {
        try await slotMap().primaries.map(node)
    }

    // MARK: - Routing

    /// The replies of `commands` on `target`, each preceded by `ASKING` when following an `ASK`.
    private func replies(
        to commands: [[RESPArgument]],
        from target: RedisNodeAddress,
        asking: Bool
    ) async throws -> [RESPValue] {
        let (client, breaker) = try route(target)
        let send = {
            guard asking else { return try await client.replies(to: commands) }
            let replies = try await client.replies(to: commands.flatMap { [["ASKING"], $0] })
            return stride(from: 1, to: replies.count, by: 2).map { replies[$0] }
        }
        do {
            guard let breaker else { return try await send() }
            do {
                return try await breaker.run(send)
            } catch let error as CircuitBreakerOpenError {
                throw RedisClientError(
                    .connectionFailed,
                    "\(target) is not called while its breaker is open",
                    underlying: error
                )
            }
        } catch let error as RedisClientError where error.kind != .clientClosed {
            // The node may be gone (a fail-over): learn the new map for the commands that follow.
            refreshSoon()
            throw error
        }
    }

    /// The slot all of `keys` hash to, `nil` for no keys.
    static func slot(of keys: [RESPArgument]) throws -> Int? {
        guard let first = keys.first else { return nil }
        let slot = RedisHashSlot.of(first.bytes)
        for key in keys.dropFirst() where RedisHashSlot.of(key.bytes) != slot {
            throw RedisClientError(
                .crossSlot,
                "keys \(ReplyExcerpt.of(bytes: first.bytes)) and \(ReplyExcerpt.of(bytes: key.bytes)) "
                    + "hash to different slots; give them one hash tag, such as {tag}"
            )
        }
        return slot
    }

    enum Redirect: Equatable {
        case moved(slot: Int, RedisNodeAddress)
        case ask(RedisNodeAddress)
    }

    /// The first `MOVED` or `ASK` among `replies`; an empty host means `target`'s host.
    ///
    /// - Throws: ``RedisClientError/Kind/protocolError`` for a `MOVED` or `ASK` with a slot outside `0..<16384`,
    ///   a port outside `1...65535` or no address.
    static func redirect(in replies: [RESPValue], from target: RedisNodeAddress) throws -> Redirect? {
        for case .error(let message) in replies {
            let error = RedisServerError(message: message)
            guard !error.isMalformedRedirect else {
                throw RedisClientError(
                    .protocolError,
                    "\(target) sent a redirect without a usable slot and address: \(error)",
                    underlying: error
                )
            }
            /// The node named, checked like the nodes of `CLUSTER SLOTS`.
            func address(host: String, port: Int) throws -> RedisNodeAddress {
                guard
                    let address = RedisNodeAddress(
                        serverNamedHost: host.isEmpty ? target.host : host,
                        port: Int64(port)
                    )
                else {
                    throw RedisClientError(
                        .protocolError,
                        "\(target) sent a redirect to a host that cannot be one: \(error)",
                        underlying: error
                    )
                }
                return address
            }
            switch error.kind {
            case .moved(let slot, let host, let port): return .moved(slot: slot, try address(host: host, port: port))
            case .ask(_, let host, let port): return .ask(try address(host: host, port: port))
            default: continue
            }
        }
        return nil
    }
}
