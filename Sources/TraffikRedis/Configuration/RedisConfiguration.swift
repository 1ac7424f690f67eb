import Traffik

/// Where a ``RedisClient`` connects, how it authenticates, and its pool, timeouts and reconnect policy.
///
/// ```swift
/// var configuration = try RedisConfiguration(url: "redis://:secret@cache.internal:6379/2")
/// configuration.commandTimeout = .milliseconds(250)
/// let client = RedisClient(configuration: configuration)
/// ```
public struct RedisConfiguration: Sendable {
    /// The server's host name or IP address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The ACL user for `AUTH user password`; `nil` authenticates as the `default` user with `AUTH password`.
    public var username: String?
    /// The password sent with `AUTH` on every new connection; `nil` sends no `AUTH`.
    public var password: String?
    /// The logical database chosen with `SELECT` on every new connection (`0`, the default, sends no `SELECT`).
    public var database: Int
    /// The most connections the pool opens (at least 1). Each connection pipelines many commands at once.
    public var maximumConnections: Int
    /// How long establishing a TCP connection may take.
    public var connectTimeout: Duration
    /// How long a command may wait for its reply before it fails with ``RedisClientError/Kind/commandTimeout``
    /// and its connection is replaced. `AUTH` and `SELECT` on a new connection are bounded by it too.
    public var commandTimeout: Duration
    /// How long the pool waits before connecting again after failed attempts.
    public var reconnectBackoff: ReconnectBackoff
    /// TLS for every connection (`rediss://`), or `nil` for plain TCP.
    public var tls: RedisTLS?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - host: The server's host name or IP address.
    ///   - port: The server's TCP port.
    ///   - username: The ACL user, or `nil` for the `default` user.
    ///   - password: The password, or `nil` for no `AUTH`.
    ///   - database: The database to `SELECT`.
    ///   - maximumConnections: The pool's size limit (at least 1).
    ///   - connectTimeout: The limit on establishing a connection.
    ///   - commandTimeout: The limit on waiting for a reply.
    ///   - reconnectBackoff: The delays between failed connection attempts.
    ///   - tls: TLS for every connection, or `nil` for plain TCP.
    public init(
        host: String = "localhost",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        maximumConnections: Int = 4,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        reconnectBackoff: ReconnectBackoff = ReconnectBackoff(),
        tls: RedisTLS? = nil
    ) {
        self.tls = tls
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
    }

    /// Stops with a clear message when a setting cannot work.
    func validate() {
        precondition((1...65_535).contains(port), "RedisConfiguration port must be in 1...65535, got \(port)")
        precondition(database >= 0, "RedisConfiguration database must not be negative, got \(database)")
        precondition(
            maximumConnections >= 1,
            "RedisConfiguration maximumConnections must be at least 1, got \(maximumConnections)"
        )
        precondition(
            connectTimeout > .zero,
            "RedisConfiguration connectTimeout must be positive, got \(connectTimeout)"
        )
        precondition(
            commandTimeout > .zero,
            "RedisConfiguration commandTimeout must be positive, got \(commandTimeout)"
        )
        precondition(
            reconnectBackoff.minimum > .zero && reconnectBackoff.maximum >= reconnectBackoff.minimum,
            "RedisConfiguration reconnectBackoff needs 0 < minimum <= maximum, got \(reconnectBackoff)"
        )
        precondition(
            username == nil || password != nil,
            "RedisConfiguration username needs a password: AUTH takes a user and a password"
        )
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The configuration with the password masked, safe for logs.
    public var description: String {
        var credentials = ""
        if let password { credentials = "\(username ?? ""):\(password.isEmpty ? "" : "***")@" }
        let scheme = tls == nil ? "redis" : "rediss"
        return "\(scheme)://\(credentials)\(host):\(port)/\(database) (pool \(maximumConnections), connect timeout "
            + "\(connectTimeout), command timeout \(commandTimeout), reconnect \(reconnectBackoff))"
    }
}
