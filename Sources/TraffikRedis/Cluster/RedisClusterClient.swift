// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import Traffik
import TraffikConnectionPool

/// A client of a Redis Cluster: one pool of pipelined connections per primary, and each command sent to the primary
/// that serves its key's slot.
///
/// The client learns the slot map from the seed nodes (`CLUSTER SLOTS`) on the first command. Each command goes to
/// the primary of its keys' hash slot (see ``RedisHashSlot``); all keys of one command must share a slot, which a
/// common hash tag (`{user42}`) ensures, or the command fails with ``RedisClientError/Kind/crossSlot`` before
/// anything is sent. Commands about the server (`PING`, `TIME`, `SCRIPT LOAD`) go to any primary.
///
/// ```swift
/// let cluster = RedisClusterClient(
///     configuration: try RedisClusterConfiguration(urls: ["redis://10.0.0.7:7000", "redis://10.0.0.8:7000"])
/// )
/// try await cluster.send("SET", "{user42}:name", "Ada")
/// let name = try await cluster.send("GET", "{user42}:name").string  // "Ada", from the primary of {user42}
/// ```
///
/// While the cluster reshards, a command may reach a node that no longer serves its slot:
/// - `MOVED` (the slot now lives elsewhere for good): the client records the new owner at once, refreshes the whole
///   map in the background, and sends the command there.
/// - `ASK` (the slot is migrating and the key has already left): the client sends `ASKING` and then the command to
///   the node named, on one connection, and leaves the map as it is.
///
/// A command with several keys of one slot may be answered `TRYAGAIN` while that slot migrates (some of its keys
/// have moved, some not); that is thrown as ``RedisServerError`` for the caller to retry. Decisions of
/// ``RedisBackend`` touch one key each and never meet it.
///
/// A command follows at most ``RedisClusterConfiguration/maximumRedirects`` redirects. A pipeline is redirected as a
/// whole: when one of its replies is a redirect, every command of it is sent again to the node named. Pipelines
/// that write during resharding may therefore run a command twice; a script (one command) never does.
///
/// A node that cannot be reached fails the command with ``RedisClientError`` and starts a refresh of the map, so
/// that commands follow a fail-over once the cluster has promoted a replica. Replicas are never read from.
///
/// Run it as a ServiceLifecycle `Service` to have it closed at graceful shutdown, or call ``close()``.
public final class RedisClusterClient: Sendable {
    /// The settings the client was created with.
    public let configuration: RedisClusterConfiguration
    private let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let state = Mutex(RedisClusterState())
    /// Why the configuration cannot work, if it cannot: every command fails with it.
    let invalidConfiguration: RedisClientError?

    /// Creates a client; nothing connects until the first command.
    ///
    /// - Parameters:
    ///   - configuration: Seeds, node settings and the redirect limit. With settings that cannot work every
    ///     command fails with ``RedisClientError/Kind/invalidConfiguration`` naming the setting;
    ///     ``RedisClusterConfiguration/validate()`` checks them beforehand.
    ///   - eventLoopGroup: The event loops every node's connections run on.
    ///   - logger: Where connection events and slot map refreshes go.
    public init(
        configuration: RedisClusterConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "traffik.redis.cluster")
    ) {
        self.configuration = configuration
        self.invalidConfiguration = ConfigurationCheck.failure(
            of: configuration.validate,
            logging: "invalid Redis Cluster configuration",
            as: "redis.error",
            to: logger
        )
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// The primary that serves `key`'s slot, as the client's slot map has it (learning the map first if needed).
    public func primary(for key: RESPArgument) async throws -> RedisNodeAddress {
        try await primary(forSlot: RedisHashSlot.of(key.bytes))
    }

    /// Asks the cluster for its slot map now and waits for the answer, for example after a planned resharding.
    /// (The client also refreshes on its own when it meets `MOVED`.)
    public func refreshSlotMap() async throws {
        if let invalidConfiguration { throw invalidConfiguration }
        let refresh = try state.withLock { state in
            guard !state.isClosed else { throw Self.closedError }
            return startRefresh(&state)
        }
        _ = try await refresh.value
    }

    /// Refuses new commands, waits for the replies in flight (each bounded by the command timeout), and closes
    /// every node's connections. Later commands fail with ``RedisClientError/Kind/clientClosed``.
    public func close() async {
        let (nodes, refresh) = state.withLock { state in
            state.isClosed = true
            defer { state.nodes = [:] }
            return (Array(state.nodes.values), state.refresh)
        }
        refresh?.cancel()
        await withTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { await node.close() } }
        }
    }

    // MARK: - Nodes

    /// The pool of the node at `address`, created on first use.
    func node(_ address: RedisNodeAddress) throws -> RedisClient {
        try route(address).client
    }

    /// The pool of the node at `address` and its breaker (none without ``RedisClusterConfiguration/nodeBreaker``),
    /// created on first use; one look under the lock per command.
    func route(_ address: RedisNodeAddress) throws -> (client: RedisClient, breaker: CircuitBreaker?) {
        if let invalidConfiguration { throw invalidConfiguration }
        return try state.withLock { state in
            guard !state.isClosed else { throw Self.closedError }
            if let client = state.nodes[address] { return (client, state.breakers[address]) }
            guard state.nodes.count < Self.maximumNodes else {
                throw RedisClientError(
                    .protocolError,
                    "the cluster named more than \(Self.maximumNodes) nodes; not connecting to \(address)"
                )
            }
            let client = RedisClient(
                configuration: configuration.configuration(for: address),
                eventLoopGroup: eventLoopGroup,
                logger: logger
            )
            state.nodes[address] = client
            let breaker = configuration.nodeBreaker.map {
                CircuitBreaker(
                    name: "redis cluster node \(address)",
                    configuration: $0,
                    countsAsFailure: Self.countsAgainstNode,
                    logger: logger
                )
            }
            state.breakers[address] = breaker
            return (client, breaker)
        }
    }

    /// The failures that say a node is unwell: it timed out, could not be reached, or dropped the connection.
    static func countsAgainstNode(_ error: any Error) -> Bool {
        guard let error = error as? RedisClientError else { return false }
        return [.commandTimeout, .connectTimeout, .connectionFailed, .connectionClosed].contains(error.kind)
    }

    /// The most nodes the client keeps a pool for: far more primaries than a cluster has (Redis advises at most
    /// 1,000 nodes), and a bound on what `MOVED` replies naming ever new nodes can make the client open.
    static let maximumNodes = 2_048

    static var closedError: RedisClientError {
        RedisClientError(.clientClosed, "the Redis cluster client is closed")
    }
}

extension RedisClusterClient: Service {
    /// Keeps the client open until graceful shutdown (or cancellation), then closes it.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}

/// What a ``RedisClusterClient`` knows of its cluster, behind its lock.
struct RedisClusterState {
    /// The slot map, once a node has answered.
    var map: RedisSlotMap?
    /// A pool for each node the client has talked to.
    var nodes: [RedisNodeAddress: RedisClient] = [:]
    /// The breaker of each node in `nodes` (none without ``RedisClusterConfiguration/nodeBreaker``).
    var breakers: [RedisNodeAddress: CircuitBreaker] = [:]
    /// The refresh of the map under way, which every caller that needs the map waits for.
    var refresh: Task<RedisSlotMap, any Error>?
    /// When the last refresh ended.
    var lastRefresh: ContinuousClock.Instant?
    var isClosed = false
}
