// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikConnectionPool

/// Where a ``RedisClient`` connects, how it authenticates, and its pool, timeouts and reconnect policy.
///
/// ```swift
/// var configuration = try RedisConfiguration(url: "redis://:secret@cache.internal:6379/2")
/// configuration.commandTimeout = .milliseconds(250)
/// let client = RedisClient(configuration: configuration)
/// ```
public struct RedisConfiguration: Sendable, PooledClientSettings {
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
    /// The largest reply accepted; a larger one fails its command with ``RedisClientError/Kind/protocolError``
    /// and closes its connection. The defaults fit a rate limiter's replies (see ``RESPReplyLimits``).
    public var replyLimits = RESPReplyLimits()

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

    /// Checks that every setting can work.
    ///
    /// A client created with settings that cannot work does not stop the program: each of its commands fails with
    /// this error. Call it at start-up to fail there instead:
    ///
    /// ```swift
    /// var configuration = RedisConfiguration(host: settings.host, port: settings.port)
    /// try configuration.validate()  // throws for port 0, naming the setting
    /// ```
    ///
    /// - Throws: ``RedisClientError/Kind/invalidConfiguration`` naming the first setting that cannot work.
    public func validate() throws(RedisClientError) {
        if let problem { throw RedisClientError(.invalidConfiguration, "RedisConfiguration \(problem)") }
    }

    /// The first setting that cannot work, as a sentence, or `nil`.
    var problem: String? {
        if !RedisNodeAddress.ports.contains(port) { return "port must be in 1...65535, got \(port)" }
        if host.isEmpty { return "host must not be empty" }
        if database < 0 { return "database must not be negative, got \(database)" }
        if let poolProblem { return poolProblem }
        if username != nil, password == nil { return "username needs a password: AUTH takes a user and a password" }
        return replyLimits.problem
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
