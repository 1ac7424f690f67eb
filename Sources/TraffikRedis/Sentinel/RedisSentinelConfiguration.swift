// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikConnectionPool

/// Where a ``RedisSentinelClient`` finds its sentinels, which primary it asks them for, and the settings of its
/// connections to that primary and to the sentinels.
///
/// ```swift
/// var configuration = try RedisSentinelConfiguration(
///     sentinels: ["10.0.0.7:26379", "10.0.0.8:26379", "10.0.0.9:26379"],
///     primaryName: "limits"
/// )
/// configuration.primary.password = "secret"
/// configuration.primary.commandTimeout = .milliseconds(250)
/// let client = RedisSentinelClient(configuration: configuration)
/// ```
public struct RedisSentinelConfiguration: Sendable {
    /// The sentinels to ask for the primary, in order, until one names a primary that confirms it. One is enough;
    /// list every sentinel of the deployment, so that discovery survives the loss of some.
    public var sentinels: [RedisNodeAddress]
    /// The name the sentinels monitor the primary under (the name of `sentinel monitor <name> …`).
    public var primaryName: String
    /// The settings of the connections to the primary: credentials, database, TLS, pool size, timeouts and reconnect
    /// backoff. Its `host` and `port` are ignored: the sentinels name them.
    public var primary: RedisConfiguration
    /// The ACL user for `AUTH` on the sentinels; `nil` authenticates as the `default` user.
    public var sentinelUsername: String?
    /// The password of the sentinels (their `requirepass`); `nil` sends no `AUTH` to them.
    public var sentinelPassword: String?
    /// TLS for the connections to the sentinels, or `nil` for plain TCP.
    public var sentinelTLS: RedisTLS?
    /// How long connecting to one sentinel may take before the next is asked.
    public var sentinelConnectTimeout: Duration
    /// How long one sentinel may take to answer before the next is asked.
    public var sentinelCommandTimeout: Duration
    /// The delays before connecting again to a sentinel that could not be reached, for questions and for the
    /// `+switch-master` subscription alike.
    public var sentinelReconnectBackoff: ReconnectBackoff
    /// How often the `+switch-master` subscription of ``RedisSentinelClient/run()`` pings each sentinel; a sentinel
    /// silent for this long plus ``sentinelCommandTimeout`` is dropped and subscribed to again.
    public var subscriptionHeartbeat: Duration
    /// The shortest time between the end of one discovery and the start of the next that a failed command starts.
    /// While the primary is away, commands fail at once instead of each asking the sentinels. A `+switch-master`
    /// announcement is followed at once all the same.
    public var minimumRediscoveryInterval: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - sentinels: At least one sentinel.
    ///   - primaryName: The name the sentinels monitor the primary under.
    ///   - primary: The settings of the primary's pool (host and port ignored).
    ///   - sentinelUsername: The ACL user on the sentinels, or `nil` for the `default` user.
    ///   - sentinelPassword: The sentinels' password, or `nil` for no `AUTH`.
    ///   - sentinelTLS: TLS for the sentinels, or `nil` for plain TCP.
    ///   - sentinelConnectTimeout: The limit on connecting to one sentinel (default 500 ms).
    ///   - sentinelCommandTimeout: The limit on one sentinel's answer (default 500 ms).
    ///   - sentinelReconnectBackoff: The delays between failed attempts on one sentinel (default 50 ms to 1 s).
    ///   - subscriptionHeartbeat: The interval of the subscription's pings (default 1 s).
    ///   - minimumRediscoveryInterval: The least time between discoveries that failures start (default 100 ms).
    public init(
        sentinels: [RedisNodeAddress],
        primaryName: String,
        primary: RedisConfiguration = RedisConfiguration(),
        sentinelUsername: String? = nil,
        sentinelPassword: String? = nil,
        sentinelTLS: RedisTLS? = nil,
        sentinelConnectTimeout: Duration = .milliseconds(500),
        sentinelCommandTimeout: Duration = .milliseconds(500),
        sentinelReconnectBackoff: ReconnectBackoff = ReconnectBackoff(minimum: .milliseconds(50), maximum: .seconds(1)),
        subscriptionHeartbeat: Duration = .seconds(1),
        minimumRediscoveryInterval: Duration = .milliseconds(100)
    ) {
        self.sentinels = sentinels
        self.primaryName = primaryName
        self.primary = primary
        self.sentinelUsername = sentinelUsername
        self.sentinelPassword = sentinelPassword
        self.sentinelTLS = sentinelTLS
        self.sentinelConnectTimeout = sentinelConnectTimeout
        self.sentinelCommandTimeout = sentinelCommandTimeout
        self.sentinelReconnectBackoff = sentinelReconnectBackoff
        self.subscriptionHeartbeat = subscriptionHeartbeat
        self.minimumRediscoveryInterval = minimumRediscoveryInterval
    }

    /// Reads the sentinels from `host:port` strings (`10.0.0.7:26379`, `[fd00::7]:26379`; a host alone means port
    /// 26379, Sentinel's default).
    ///
    /// ```swift
    /// let configuration = try RedisSentinelConfiguration(sentinels: ["10.0.0.7:26379", "10.0.0.8"], primaryName: "limits")
    /// ```
    ///
    /// - Throws: ``RedisClientError/Kind/invalidConfiguration`` for a string that is not `host[:port]`.
    public init(
        sentinels: [String],
        primaryName: String,
        primary: RedisConfiguration = RedisConfiguration()
    ) throws(RedisClientError) {
        var addresses: [RedisNodeAddress] = []
        for text in sentinels {
            guard let address = RedisNodeAddress(hostAndPort: text, defaultPort: Self.defaultSentinelPort) else {
                throw RedisClientError(
                    .invalidConfiguration,
                    "RedisSentinelConfiguration sentinel \"\(ReplyExcerpt.of(text))\" is not host:port"
                )
            }
            addresses.append(address)
        }
        self.init(sentinels: addresses, primaryName: primaryName, primary: primary)
    }

    /// The port a sentinel listens on unless told otherwise.
    public static let defaultSentinelPort = 26_379

    /// Checks that every setting can work, as ``RedisConfiguration/validate()`` does.
    ///
    /// ```swift
    /// let configuration = RedisSentinelConfiguration(sentinels: [], primaryName: "limits")
    /// try configuration.validate()  // throws: needs at least one sentinel
    /// ```
    ///
    /// - Throws: ``RedisClientError/Kind/invalidConfiguration`` naming the first setting that cannot work.
    public func validate() throws(RedisClientError) {
        if let problem { throw RedisClientError(.invalidConfiguration, "RedisSentinelConfiguration \(problem)") }
    }

    /// The first setting that cannot work, as a sentence, or `nil`.
    var problem: String? {
        if sentinels.isEmpty { return "needs at least one sentinel" }
        if primaryName.isEmpty { return "primaryName must not be empty" }
        if !primaryName.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) {
            // Sentinel announces a switch as one line of words, the name first.
            return "primaryName must not hold spaces or control characters, got \"\(ReplyExcerpt.of(primaryName))\""
        }
        if subscriptionHeartbeat <= .zero || subscriptionHeartbeat > .longestWait {
            return "subscriptionHeartbeat must be positive and at most 24 hours, got \(subscriptionHeartbeat)"
        }
        if minimumRediscoveryInterval < .zero || minimumRediscoveryInterval > .longestWait {
            return "minimumRediscoveryInterval must be in 0...24 hours, got \(minimumRediscoveryInterval)"
        }
        for sentinel in sentinels {
            if let problem = configuration(forSentinel: sentinel).problem { return "sentinel \(sentinel): \(problem)" }
        }
        if let problem = configuration(forPrimary: sentinels[0]).problem { return "primary: \(problem)" }
        return nil
    }

    /// The settings of the pool for the primary at `address`.
    func configuration(forPrimary address: RedisNodeAddress) -> RedisConfiguration {
        var configuration = primary
        configuration.host = address.host
        configuration.port = address.port
        return configuration
    }

    /// The settings of the one connection to the sentinel at `address`.
    func configuration(forSentinel address: RedisNodeAddress) -> RedisConfiguration {
        RedisConfiguration(
            host: address.host,
            port: address.port,
            username: sentinelUsername,
            password: sentinelPassword,
            maximumConnections: 1,
            connectTimeout: sentinelConnectTimeout,
            commandTimeout: sentinelCommandTimeout,
            reconnectBackoff: sentinelReconnectBackoff,
            tls: sentinelTLS
        )
    }
}
