// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
public import Traffik
import TraffikConnectionPool

/// A Memcached client speaking the meta protocol (memcached 1.6 or later): pipelined connections to each node,
/// keys spread over the nodes by rendezvous hashing.
///
/// Commands connect lazily, so the client works as soon as it is created. Run it as a ServiceLifecycle `Service`
/// to have it closed at graceful shutdown, or call ``close()`` yourself.
///
/// ```swift
/// let client = MemcachedClient(configuration: MemcachedConfiguration(servers: [MemcachedServer(host: "localhost")]))
/// try await client.set("greeting", to: Array("hello".utf8), ttl: .seconds(60))
/// let item = try await client.get("greeting")  // item?.value == Array("hello".utf8)
/// ```
///
/// **Several nodes.** Each key lives on one node, the one rendezvous (highest random weight) hashing picks for it
/// over the configured list; every client with the same list agrees. Each node has a circuit breaker
/// (``MemcachedConfiguration/nodeBreaker``): a node that keeps timing out or cannot be reached is skipped for a
/// while, its commands failing at once with ``MemcachedClientError/Kind/nodeDown``, and probed again after. Its keys are **not** re-hashed to the other nodes: for a rate limiter,
/// moving a key means a fresh budget on the new node while the old node still holds the real one, so a down node's
/// keys follow the caller's error policy instead. Removing a node from the configuration is how to move its keys.
///
/// A reply in which a server reports an error is thrown as ``MemcachedServerError``; failures of the client
/// (timeouts, broken connections, a node skipped by its breaker, a closed client) are thrown as ``MemcachedClientError``.
/// Cancelling the calling task does not abandon a command already written; the command timeout bounds every wait.
public final class MemcachedClient: Sendable {
    /// The settings the client was created with.
    public let configuration: MemcachedConfiguration
    private let nodes: [MemcachedNode]
    private let hashing: RendezvousHashing
    /// Why the configuration cannot work, if it cannot: every command fails with it.
    private let invalidConfiguration: MemcachedClientError?

    /// Creates a client; nothing connects until the first command.
    ///
    /// - Parameters:
    ///   - configuration: Nodes, pool size, timeouts, backoff, node breakers and retries. With settings that cannot work
    ///     (no nodes, port 0, a negative timeout) every command fails with
    ///     ``MemcachedClientError/Kind/invalidConfiguration`` naming the setting;
    ///     ``MemcachedConfiguration/validate()`` checks them beforehand.
    ///   - eventLoopGroup: The event loops the connections run on.
    ///   - logger: Where connection events go (connects, drops, node breakers opening and closing); commands are not logged.
    public init(
        configuration: MemcachedConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "traffik.memcached")
    ) {
        self.configuration = configuration
        self.invalidConfiguration = ConfigurationCheck.failure(
            of: configuration.validate,
            logging: "invalid Memcached configuration",
            as: "memcached.error",
            to: logger
        )
        // A client configured with no server still has one node, never connected to (every command fails with
        // the configuration error), so that looking a key's node up cannot fail.
        let servers = configuration.servers.isEmpty ? [MemcachedServer(host: "", port: 0)] : configuration.servers
        self.hashing = RendezvousHashing(nodes: servers)
        self.nodes = servers.map {
            MemcachedNode(server: $0, configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        }
    }

    deinit {
        for node in nodes { node.closeNow() }
    }

    /// The node that holds `key` (an empty host and port 0 for a client configured with no server).
    public func server(for key: MemcachedKey) -> MemcachedServer {
        node(for: key).server
    }

    /// Where the breaker of `server`'s node stands (``Traffik/CircuitBreaker/State/open`` while its commands fail
    /// at once with ``MemcachedClientError/Kind/nodeDown``); `nil` for a server the client does not have, or when
    /// ``MemcachedConfiguration/nodeBreaker`` is `nil`. For health checks and dashboards.
    public func breakerState(of server: MemcachedServer) -> CircuitBreaker.State? {
        nodes.first { $0.server == server }?.breakerState
    }

    /// Sends one meta command to the node of its key and returns the response.
    ///
    /// Commands from any number of tasks share each node's connections; each connection pipelines them.
    ///
    /// - Throws: ``MemcachedServerError`` for an error line, ``MemcachedClientError`` when the client fails.
    package func send(_ command: MemcachedCommand) async throws -> MemcachedResponse {
        if let invalidConfiguration { throw invalidConfiguration }
        switch try await node(for: command.key).send(command) {
        case .response(let response): return response
        case .error(let error): throw error
        }
    }

    /// Refuses new commands, waits for the replies in flight (each bounded by the command timeout), and closes
    /// every connection. Later commands fail with ``MemcachedClientError/Kind/clientClosed``.
    public func close() async {
        await withTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { await node.close() } }
        }
    }

    private func node(for key: MemcachedKey) -> MemcachedNode {
        nodes[hashing.node(for: key.bytes)]
    }
}

extension MemcachedClient: Service {
    /// Keeps the client open until graceful shutdown (or cancellation), then closes it.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
