// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import TraffikConnectionPool

/// A client of a primary that Redis Sentinel watches: it asks the sentinels where the primary is, sends every
/// command there through a ``RedisClient``, and follows the primary when the sentinels fail it over.
///
/// ```swift
/// let client = RedisSentinelClient(
///     configuration: try RedisSentinelConfiguration(
///         sentinels: ["10.0.0.7:26379", "10.0.0.8:26379", "10.0.0.9:26379"],
///         primaryName: "limits"
///     )
/// )
/// try await client.send("SET", "greeting", "hello")
/// ```
///
/// **Finding the primary.** On the first command the client asks the sentinels in turn for the address of the
/// primary (`SENTINEL get-master-addr-by-name`) and takes the first address whose server confirms, with `ROLE`,
/// that it is a primary. A sentinel that cannot be reached, answers something that is not an address, or names a
/// server that says it is a replica, is passed over for the next. When none names a confirmed primary, the command
/// fails with a ``RedisClientError`` whose message says what each sentinel answered: of kind
/// ``RedisClientError/Kind/connectionFailed`` (unreachable sentinels, an unknown primary name, a primary that cannot
/// be reached), or the one kind all the sentinels failed with, such as ``RedisClientError/Kind/protocolError`` for
/// servers that are not sentinels.
///
/// **Following a failover.** The client asks the sentinels again (one discovery at a time, however many commands
/// fail together, and no sooner than ``RedisSentinelConfiguration/minimumRediscoveryInterval`` after the last) when:
/// - a reply is `-READONLY`: the node was demoted to a replica;
/// - a connection to the primary fails or breaks, or a command times out;
/// - a sentinel announces `+switch-master` for the primary's name. ``run()`` subscribes to that channel on every
///   sentinel, each on a connection of its own, pinged every ``RedisSentinelConfiguration/subscriptionHeartbeat``;
///   the address announced is tried first, so the client moves as soon as the sentinels have promoted the replica,
///   even while the old primary still accepts writes. Without ``run()`` the client still follows a failover, later:
///   when the old primary refuses writes or goes away.
///
/// When the primary changes, the client sends to a new ``RedisClient`` for it, closes the old one (its replies in
/// flight still arrive) and logs the change once, at `notice`.
///
/// **Retries.** A command is sent again, once, to the new primary when it cannot have run on the old one: its reply
/// was `-READONLY` (a replica runs no write), or its connection failed before it was written
/// (``RedisClientError/Kind/connectTimeout``, ``RedisClientError/Kind/connectionFailed``, or a client closed by the
/// switch). A command that may have run (``RedisClientError/Kind/commandTimeout``,
/// ``RedisClientError/Kind/connectionClosed``) is never sent again: it throws, and the client looks for the primary
/// in the background.
///
/// **What a failover costs.** Redis replicates asynchronously: writes the old primary acknowledged after the replica
/// stopped copying from it (between the promotion and the client's switch, at most the sentinels' time to announce
/// it, about a second) are lost. A rate limiter may therefore admit, across one failover, its limit plus the
/// decisions the old primary acknowledged in that window.
///
/// Run it as a ServiceLifecycle `Service` to follow `+switch-master` and to have it closed at graceful shutdown, or
/// call ``close()``.
public final class RedisSentinelClient: Sendable {
    /// The settings the client was created with.
    public let configuration: RedisSentinelConfiguration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let state = Mutex(RedisSentinelState())
    /// A client for each sentinel, in the order of ``RedisSentinelConfiguration/sentinels``.
    let sentinelClients: [RedisClient]
    /// Why the configuration cannot work, if it cannot: every command fails with it.
    let invalidConfiguration: RedisClientError?

    /// Creates a client; nothing connects until the first command (or ``run()``).
    ///
    /// - Parameters:
    ///   - configuration: The sentinels, the primary's name, and the settings of both kinds of connection. With
    ///     settings that cannot work every command fails with ``RedisClientError/Kind/invalidConfiguration``
    ///     naming the setting; ``RedisSentinelConfiguration/validate()`` checks them beforehand.
    ///   - eventLoopGroup: The event loops every connection runs on.
    ///   - logger: Where primary changes, discovery failures and connection events go.
    public init(
        configuration: RedisSentinelConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "traffik.redis")
    ) {
        self.configuration = configuration
        self.invalidConfiguration = ConfigurationCheck.failure(
            of: configuration.validate,
            logging: "invalid Redis Sentinel configuration",
            as: "redis.error",
            to: logger
        )
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.sentinelClients = configuration.sentinels.map { sentinel in
            RedisClient(
                configuration: configuration.configuration(forSentinel: sentinel),
                eventLoopGroup: eventLoopGroup,
                logger: logger
            )
        }
    }

    /// The primary the client sends to, `nil` before the first discovery.
    public var primaryAddress: RedisNodeAddress? {
        state.withLock { $0.primary?.address }
    }

    /// Asks the sentinels for the primary now, switches to it if it changed, and returns its address.
    ///
    /// - Throws: ``RedisClientError`` when no sentinel names a primary that confirms it (see the type's
    ///   documentation for the kinds).
    @discardableResult
    public func discoverPrimary() async throws -> RedisNodeAddress {
        if let invalidConfiguration { throw invalidConfiguration }
        let discovery = try state.withLock { state in
            guard !state.isClosed else { throw Self.closedError }
            return startDiscovery(&state, preferring: nil)
        }
        return try await discovery.value.address
    }

    /// Refuses new commands, ends the subscriptions, waits for the replies in flight (each bounded by the command
    /// timeout), and closes every connection. Later commands fail with ``RedisClientError/Kind/clientClosed``.
    public func close() async {
        let (primary, discovery, subscriptions) = state.withLock { state in
            state.isClosed = true
            defer {
                state.primary = nil
                state.subscriptions = [:]
            }
            return (state.primary, state.discovery, Array(state.subscriptions.values))
        }
        discovery?.cancel()
        for channel in subscriptions { channel.close(promise: nil) }
        await withTaskGroup(of: Void.self) { group in
            if let primary { group.addTask { await primary.client.close() } }
            for sentinel in sentinelClients { group.addTask { await sentinel.close() } }
        }
    }

    static var closedError: RedisClientError {
        RedisClientError(.clientClosed, "the Redis Sentinel client is closed")
    }
}

extension RedisSentinelClient: Service {
    /// Subscribes to `+switch-master` on every sentinel until graceful shutdown (or cancellation), then closes the
    /// client.
    ///
    /// Each subscription has a connection of its own, pinged every
    /// ``RedisSentinelConfiguration/subscriptionHeartbeat`` and opened again after
    /// ``RedisSentinelConfiguration/sentinelReconnectBackoff`` when it breaks or falls silent. Each time one opens,
    /// the client checks the primary (a switch announced while none was open would be missed otherwise), so running
    /// the client also finds the primary before the first command.
    ///
    /// Commands do not wait for `run()`: they find the primary themselves. Without it, the client follows a failover
    /// only when the old primary refuses writes or goes away.
    public func run() async throws {
        if invalidConfiguration == nil {
            await cancelWhenGracefulShutdown { await self.watchSentinels() }
        } else {
            try? await gracefulShutdown()
        }
        await close()
    }
}

/// A primary the client has confirmed, and the client that sends to it.
struct RedisSentinelPrimary: Sendable {
    /// Where the primary listens.
    var address: RedisNodeAddress
    /// The pool of connections to it.
    var client: RedisClient
    /// Which primary of the client's life this is: 1 for the first, one more at each switch.
    var generation: Int
}

/// What a ``RedisSentinelClient`` knows of its primary, behind its lock.
struct RedisSentinelState {
    /// The confirmed primary, once a discovery has found one.
    var primary: RedisSentinelPrimary?
    /// The discovery under way, which every caller that needs a primary waits for.
    var discovery: Task<RedisSentinelPrimary, any Error>?
    /// A primary a sentinel announced while a discovery was under way, to try once it ends.
    var announced: RedisNodeAddress?
    /// When the last discovery ended.
    var lastDiscovery: ContinuousClock.Instant?
    /// How many discoveries have started.
    var discoveries = 0
    /// The generation the next primary gets.
    var nextGeneration = 1
    /// The open `+switch-master` subscriptions, closed by ``RedisSentinelClient/close()``.
    var subscriptions: [ObjectIdentifier: any Channel] = [:]
    var isClosed = false
}
