// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Where a ``RedisClusterClient`` finds its cluster, and the settings of its connections to every node.
///
/// ```swift
/// var configuration = RedisClusterConfiguration(
///     seeds: [RedisNodeAddress(host: "10.0.0.7", port: 7000), RedisNodeAddress(host: "10.0.0.8", port: 7000)]
/// )
/// configuration.node.password = "secret"
/// configuration.node.commandTimeout = .milliseconds(250)
/// let cluster = RedisClusterClient(configuration: configuration)
/// ```
public struct RedisClusterConfiguration: Sendable {
    /// Nodes to ask for the slot map, in order, until one answers. One is enough; a few survive a node's loss.
    /// After the first answer the client also asks the primaries it has learnt of.
    public var seeds: [RedisNodeAddress]
    /// The settings of the connections to each node: credentials, the pool size per primary, timeouts and
    /// reconnect backoff. Its `host` and `port` are ignored (each node has its own), and its `database` must be 0,
    /// the only database a cluster has.
    public var node: RedisConfiguration
    /// How many `MOVED` or `ASK` redirects one command may follow before it fails with
    /// ``RedisClientError/Kind/tooManyRedirects``.
    public var maximumRedirects: Int
    /// The shortest time between two slot map refreshes that `MOVED` replies start in the background.
    public var minimumRefreshInterval: Duration
    /// Each node's circuit breaker: after this many timeouts or failed connections in a row, commands to the node
    /// fail at once (``RedisClientError/Kind/connectionFailed``, a ``Traffik/CircuitBreakerOpenError``
    /// underneath) for the recovery time, while keys on the other nodes go on; then probes try it again. The slot
    /// map is refreshed meanwhile, so a slot whose primary was failed over moves to the new one. `nil` never skips
    /// a node.
    public var nodeBreaker: CircuitBreakerConfiguration?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - seeds: At least one node of the cluster.
    ///   - node: The settings of every node's pool (host and port ignored, database 0).
    ///   - maximumRedirects: The redirects one command may follow (default 5).
    ///   - minimumRefreshInterval: The least time between background refreshes of the slot map (default 100 ms).
    ///   - nodeBreaker: Each node's breaker; by default a node is skipped for 2 s after 3 failures in a row, and
    ///     used again after one probe succeeds.
    public init(
        seeds: [RedisNodeAddress],
        node: RedisConfiguration = RedisConfiguration(),
        maximumRedirects: Int = 5,
        minimumRefreshInterval: Duration = .milliseconds(100),
        nodeBreaker: CircuitBreakerConfiguration? = CircuitBreakerConfiguration(
            failureThreshold: 3,
            recoveryTime: .seconds(2),
            successThreshold: 1
        )
    ) {
        self.seeds = seeds
        self.node = node
        self.maximumRedirects = maximumRedirects
        self.minimumRefreshInterval = minimumRefreshInterval
        self.nodeBreaker = nodeBreaker
    }

    /// Reads the seeds from `redis://` URLs, one a node, and the node settings from the first of them. The pool
    /// size (per primary), timeouts and backoff take the values given here.
    ///
    /// ```swift
    /// let configuration = try RedisClusterConfiguration(urls: ["redis://:secret@10.0.0.7:7000", "redis://:secret@10.0.0.8:7000"])
    /// ```
    ///
    /// - Throws: ``RedisURLError`` for a URL that is not a Redis URL, for a database other than 0, or when the URLs
    ///   carry different credentials.
    public init(
        urls: [String],
        maximumConnections: Int = 4,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        reconnectBackoff: RedisConfiguration.ReconnectBackoff = RedisConfiguration.ReconnectBackoff()
    ) throws {
        var nodes: [RedisConfiguration] = []
        /// The URL without its credentials, for errors.
        func shown(_ node: RedisConfiguration) -> String { "redis://\(node.host):\(node.port)/\(node.database)" }
        for url in urls {
            let node = try RedisConfiguration(
                url: url,
                maximumConnections: maximumConnections,
                connectTimeout: connectTimeout,
                commandTimeout: commandTimeout,
                reconnectBackoff: reconnectBackoff
            )
            guard node.database == 0 else {
                throw RedisURLError(
                    .invalidDatabase,
                    url: shown(node),
                    reason: "a Redis Cluster has only database 0"
                )
            }
            if let first = nodes.first, first.username != node.username || first.password != node.password {
                throw RedisURLError(.invalidCredentials, url: shown(node), reason: "the seeds' credentials differ")
            }
            nodes.append(node)
        }
        guard let first = nodes.first else {
            throw RedisURLError(.invalidHost, url: "", reason: "a cluster needs at least one seed URL")
        }
        self.init(seeds: nodes.map { RedisNodeAddress(host: $0.host, port: $0.port) }, node: first)
        if let problem { throw RedisURLError(.invalidSetting, url: shown(first), reason: problem) }
    }

    /// The settings of the pool for `address`.
    func configuration(for address: RedisNodeAddress) -> RedisConfiguration {
        var configuration = node
        configuration.host = address.host
        configuration.port = address.port
        return configuration
    }

    /// Checks that every setting can work, as ``RedisConfiguration/validate()`` does.
    ///
    /// - Throws: ``RedisClientError/Kind/invalidConfiguration`` naming the first setting that cannot work.
    public func validate() throws(RedisClientError) {
        if let problem { throw RedisClientError(.invalidConfiguration, "RedisClusterConfiguration \(problem)") }
    }

    /// The first setting that cannot work, as a sentence, or `nil`.
    var problem: String? {
        if seeds.isEmpty { return "needs at least one seed" }
        if node.database != 0 { return "node.database must be 0, got \(node.database)" }
        if maximumRedirects < 0 { return "maximumRedirects must not be negative, got \(maximumRedirects)" }
        if minimumRefreshInterval < .zero { return "minimumRefreshInterval must not be negative" }
        for seed in seeds {
            if let problem = configuration(for: seed).problem { return "seed \(seed): \(problem)" }
        }
        return nil
    }
}
