// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikConnectionPool

/// The nodes a ``MemcachedClient`` spreads keys over, and each node's pool, timeouts and failure handling.
///
/// ```swift
/// var configuration = MemcachedConfiguration(servers: [
///     MemcachedServer(host: "cache-1.internal"),
///     MemcachedServer(host: "cache-2.internal"),
/// ])
/// configuration.commandTimeout = .milliseconds(250)
/// let client = MemcachedClient(configuration: configuration)
/// ```
public struct MemcachedConfiguration: Sendable, PooledClientSettings {
    /// The nodes. Each key lives on one of them, chosen by rendezvous hashing over this list.
    public var servers: [MemcachedServer]
    /// The most connections the client opens to each node (at least 1). Each pipelines many commands at once.
    public var maximumConnections: Int
    /// How long establishing a TCP connection may take.
    public var connectTimeout: Duration
    /// How long a command may wait for its reply before it fails with
    /// ``MemcachedClientError/Kind/commandTimeout`` and its connection is replaced.
    public var commandTimeout: Duration
    /// How long each node's pool waits before connecting again after failed attempts.
    public var reconnectBackoff: ReconnectBackoff
    /// Each node's circuit breaker: after this many timeouts or failed connections in a row a node is skipped
    /// for the recovery time, its commands failing at once with ``MemcachedClientError/Kind/nodeDown`` rather
    /// than each waiting out a timeout; then probes try it again. Its keys are not moved to another node (see
    /// ``MemcachedClient``). `nil` never skips a node.
    public var nodeBreaker: CircuitBreakerConfiguration?
    /// How a command is retried when no connection to its node could be opened (so nothing was sent); a command
    /// that was sent is never retried.
    public var retries: RetryPolicy
    /// The largest value a reply may carry, in bytes; a larger one fails its command with
    /// ``MemcachedClientError/Kind/protocolError`` and closes the connection. The default,
    /// ``defaultMaximumValueLength``, is Memcached's own default item size limit, far above the largest state a
    /// rate limiter stores (a sliding-window log of 10,000 entries is 160 KB).
    public var maximumValueLength = Self.defaultMaximumValueLength

    /// The default of ``maximumValueLength``: 1 MiB.
    public static let defaultMaximumValueLength = 1024 * 1024
    /// The longest reply line accepted, in bytes (a meta reply line is a status and a few flags).
    public static let maximumLineLength = 8 * 1024

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - servers: The nodes (at least one).
    ///   - maximumConnections: Each node's pool size limit (at least 1).
    ///   - connectTimeout: The limit on establishing a connection.
    ///   - commandTimeout: The limit on waiting for a reply.
    ///   - reconnectBackoff: The delays between failed connection attempts.
    ///   - nodeBreaker: Each node's breaker; by default a node is skipped for 2 s after 3 failures in a row, and
    ///     used again after one probe succeeds.
    ///   - retries: How commands that could not be sent are retried.
    public init(
        servers: [MemcachedServer] = [MemcachedServer(host: "localhost")],
        maximumConnections: Int = 4,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        reconnectBackoff: ReconnectBackoff = ReconnectBackoff(),
        nodeBreaker: CircuitBreakerConfiguration? = CircuitBreakerConfiguration(
            failureThreshold: 3,
            recoveryTime: .seconds(2),
            successThreshold: 1
        ),
        retries: RetryPolicy = RetryPolicy()
    ) {
        self.servers = servers
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
        self.nodeBreaker = nodeBreaker
        self.retries = retries
    }

    /// Reads a comma-separated list of `host[:port]` nodes, such as `"10.0.0.1:11211,10.0.0.2:11211"`.
    ///
    /// - Throws: ``MemcachedClientError/Kind/invalidCommand`` for an address that cannot be read,
    ///   ``MemcachedClientError/Kind/invalidConfiguration`` for an empty list, a node listed twice or a pool size
    ///   below 1.
    public init(servers list: String, maximumConnections: Int = 4) throws {
        let servers = try list.split(separator: ",").map { try MemcachedServer(parsing: String($0)) }
        self.init(servers: servers, maximumConnections: maximumConnections)
        try validate()
    }

    /// Checks that every setting can work.
    ///
    /// A client created with settings that cannot work does not stop the program: each of its commands fails with
    /// this error. Call it at start-up to fail there instead.
    ///
    /// - Throws: ``MemcachedClientError/Kind/invalidConfiguration`` naming the first setting that cannot work.
    public func validate() throws(MemcachedClientError) {
        if let problem { throw MemcachedClientError(.invalidConfiguration, "MemcachedConfiguration \(problem)") }
    }

    /// The first setting that cannot work, as a sentence, or `nil`.
    var problem: String? {
        if servers.isEmpty { return "needs at least one server" }
        if Set(servers).count != servers.count { return "lists a server twice: \(servers)" }
        for server in servers {
            if !(1...65_535).contains(server.port) { return "port must be in 1...65535: \(server)" }
            if server.host.isEmpty { return "a server has no host: \(server)" }
        }
        if let poolProblem { return poolProblem }
        if maximumValueLength < 0 { return "maximumValueLength must not be negative, got \(maximumValueLength)" }
        return nil
    }
}
