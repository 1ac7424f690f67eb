// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import Synchronization
import Traffik
import TraffikConnectionPool

extension RedisSentinelClient {
    /// Keeps a `+switch-master` subscription open on every sentinel until the task is cancelled or the client closed.
    func watchSentinels() async {
        await withTaskGroup(of: Void.self) { group in
            for sentinel in configuration.sentinels {
                group.addTask { await self.watch(sentinel) }
            }
        }
    }

    private var isClosed: Bool {
        state.withLock { $0.isClosed }
    }

    /// Subscribes to `sentinel`, again after ``RedisSentinelConfiguration/sentinelReconnectBackoff`` whenever the
    /// subscription ends (the backoff grows while the sentinel cannot be reached).
    private func watch(_ sentinel: RedisNodeAddress) async {
        var failures = 0
        while !Task.isCancelled, !isClosed {
            var subscribed = false
            do {
                try await subscribe(to: sentinel, subscribed: &subscribed)
            } catch {
                logger.debug(
                    "the Redis Sentinel subscription ended",
                    metadata: ["redis.sentinel": "\(sentinel)", "redis.error": "\(error)"]
                )
            }
            failures = subscribed ? 1 : failures + 1
            try? await Task.sleep(for: configuration.sentinelReconnectBackoff.delay(afterFailures: failures))
        }
    }

    /// Connects to `sentinel`, subscribes to `+switch-master`, and follows each announcement for the primary's name
    /// until the connection ends, the sentinel falls silent, or the client closes.
    ///
    /// - Parameter subscribed: Set once the sentinel has confirmed the subscription.
    private func subscribe(to sentinel: RedisNodeAddress, subscribed: inout Bool) async throws {
        let tls = configuration.sentinelTLS
        let connection = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.sentinelConnectTimeout))
            .connect(host: sentinel.host, port: sentinel.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try tls?.addHandler(to: channel, host: sentinel.host)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
                    return try NIOAsyncChannel<RESPValue, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let channel = connection.channel
        let id = ObjectIdentifier(channel)
        let isOpen = state.withLock { state in
            guard !state.isClosed else { return false }
            state.subscriptions[id] = channel
            return true
        }
        defer { state.withLock { _ = $0.subscriptions.removeValue(forKey: id) } }
        guard isOpen else {
            try? await channel.close()
            return
        }
        try await connection.executeThenClose { inbound, outbound in
            var opening: [[RESPArgument]] = []
            if let password = configuration.sentinelPassword {
                let user = configuration.sentinelUsername.map { [RESPArgument($0)] } ?? []
                opening.append(["AUTH"] + user + [RESPArgument(password)])
            }
            opening.append(["SUBSCRIBE", RESPArgument(RedisSentinelReply.switchMasterChannel)])
            try await outbound.write(Self.encode(opening, allocator: channel.allocator))
            let liveness = SubscriptionLiveness()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await self.heartbeat(on: channel, outbound: outbound, liveness: liveness, sentinel: sentinel)
                }
                defer { group.cancelAll() }
                var awaitingAuth = configuration.sentinelPassword != nil
                for try await reply in inbound {
                    liveness.heard()
                    if awaitingAuth {
                        awaitingAuth = false
                        if case .error(let message) = reply {
                            throw RedisClientError(
                                .handshakeFailed,
                                "sentinel \(sentinel) refused AUTH: \(ReplyExcerpt.of(message))"
                            )
                        }
                        continue
                    }
                    let message = RedisSentinelReply.message(reply, name: configuration.primaryName)
                    if message == .subscribed { subscribed = true }
                    try follow(message, from: sentinel)
                }
                throw RedisClientError(.connectionClosed, "sentinel \(sentinel) closed the subscription")
            }
        }
    }

    /// Acts on one message of a subscription.
    ///
    /// - Throws: ``RedisClientError`` when the sentinel refused the subscription.
    private func follow(_ message: RedisSentinelReply.Message, from sentinel: RedisNodeAddress) throws {
        switch message {
        case .subscribed:
            logger.debug("subscribed to +switch-master", metadata: ["redis.sentinel": "\(sentinel)"])
            checkAfterSubscribing()
        case .switched(let address):
            logger.debug(
                "a sentinel announced a new Redis primary",
                metadata: ["redis.sentinel": "\(sentinel)", "redis.primary": "\(address)"]
            )
            followAnnouncement(of: address)
        case .malformedSwitch(let payload):
            logger.warning(
                "a sentinel announced a switch without a usable address",
                metadata: ["redis.sentinel": "\(sentinel)", "redis.message": "\(payload)"]
            )
            checkAfterSubscribing()
        case .refused(let message):
            throw RedisClientError(.protocolError, "sentinel \(sentinel) refused to subscribe: \(message)")
        case .other:
            break
        }
    }

    /// Pings the sentinel every ``RedisSentinelConfiguration/subscriptionHeartbeat``, and closes the connection once
    /// nothing has been heard for that long plus ``RedisSentinelConfiguration/sentinelCommandTimeout`` (a sentinel
    /// that hangs or a network that drops packets without a reset).
    private func heartbeat(
        on channel: any Channel,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        liveness: SubscriptionLiveness,
        sentinel: RedisNodeAddress
    ) async throws {
        let interval = configuration.subscriptionHeartbeat
        let allowedSilence = interval + configuration.sentinelCommandTimeout
        while true {
            try await Task.sleep(for: interval)
            guard liveness.silence <= allowedSilence else {
                logger.debug(
                    "a sentinel fell silent on the subscription",
                    metadata: ["redis.sentinel": "\(sentinel)", "redis.silence": "\(liveness.silence)"]
                )
                try await channel.close()
                return
            }
            try await outbound.write(Self.encode([["PING"]], allocator: channel.allocator))
        }
    }

    private static func encode(_ commands: [[RESPArgument]], allocator: ByteBufferAllocator) -> ByteBuffer {
        let encoder = RESPCommandEncoder()
        var bytes = allocator.buffer(capacity: 64 * commands.count)
        for command in commands { encoder.encode(command, into: &bytes) }
        return bytes
    }
}

/// When a subscription last heard from its sentinel.
final class SubscriptionLiveness: Sendable {
    private let lastHeard = Mutex(ContinuousClock.now)

    /// Records that something arrived now.
    func heard() {
        lastHeard.withLock { $0 = .now }
    }

    /// How long nothing has arrived.
    var silence: Duration {
        .now - lastHeard.withLock { $0 }
    }
}
