import Traffik

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
public struct MemcachedConfiguration: Sendable {
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
    /// How long a node that timed out or could not be reached is skipped: its commands fail at once with
    /// ``MemcachedClientError/Kind/nodeDown`` rather than each waiting out a timeout. Its keys are not moved to
    /// another node (see ``MemcachedClient``).
    public var downInterval: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - servers: The nodes (at least one).
    ///   - maximumConnections: Each node's pool size limit (at least 1).
    ///   - connectTimeout: The limit on establishing a connection.
    ///   - commandTimeout: The limit on waiting for a reply.
    ///   - reconnectBackoff: The delays between failed connection attempts.
    ///   - downInterval: How long a failing node is skipped.
    public init(
        servers: [MemcachedServer] = [MemcachedServer(host: "localhost")],
        maximumConnections: Int = 4,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        reconnectBackoff: ReconnectBackoff = ReconnectBackoff(),
        downInterval: Duration = .seconds(2)
    ) {
        self.servers = servers
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
        self.downInterval = downInterval
    }

    /// Reads a comma-separated list of `host[:port]` nodes, such as `"10.0.0.1:11211,10.0.0.2:11211"`.
    ///
    /// - Throws: ``MemcachedClientError/Kind/invalidCommand`` for an address that cannot be read.
    public init(servers list: String, maximumConnections: Int = 4) throws {
        let servers = try list.split(separator: ",").map { try MemcachedServer(parsing: String($0)) }
        self.init(servers: servers, maximumConnections: maximumConnections)
    }

    /// Stops with a clear message when a setting cannot work.
    func validate() {
        precondition(!servers.isEmpty, "MemcachedConfiguration needs at least one server")
        precondition(Set(servers).count == servers.count, "MemcachedConfiguration lists a server twice: \(servers)")
        for server in servers {
            precondition(
                (1...65_535).contains(server.port),
                "MemcachedConfiguration port must be in 1...65535: \(server)"
            )
        }
        precondition(maximumConnections >= 1, "MemcachedConfiguration maximumConnections must be at least 1")
        precondition(connectTimeout > .zero, "MemcachedConfiguration connectTimeout must be positive")
        precondition(commandTimeout > .zero, "MemcachedConfiguration commandTimeout must be positive")
        precondition(downInterval >= .zero, "MemcachedConfiguration downInterval must not be negative")
    }
}
