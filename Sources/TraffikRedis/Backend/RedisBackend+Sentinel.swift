// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

extension RedisBackend {
    /// Creates a backend with a ``RedisSentinelClient`` of its own: the primary is the one the sentinels at
    /// `sentinels` (`host:port`, a host alone meaning port 26379) name `primaryName`, and decisions follow it through
    /// a failover.
    ///
    /// ```swift
    /// let redis = try RedisBackend(
    ///     sentinels: ["10.0.0.7:26379", "10.0.0.8:26379", "10.0.0.9:26379"],
    ///     primaryName: "limits",
    ///     namespace: "shop"
    /// )
    /// ```
    ///
    /// Run the backend as a ServiceLifecycle `Service` so that its client follows `+switch-master` announcements;
    /// after a failover the scripts load again on the new primary by themselves (on `NOSCRIPT`). Across one failover
    /// a throttle may admit its limit plus the decisions the old primary acknowledged but had not replicated (see
    /// ``RedisSentinelClient``).
    ///
    /// - Throws: ``RedisClientError/Kind/invalidConfiguration`` for a sentinel that is not `host:port`, no sentinels,
    ///   an empty primary name, or a port outside `1...65535`.
    public convenience init(
        sentinels: [String],
        primaryName: String,
        namespace: String = "traffik",
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil
    ) throws {
        try self.init(
            sentinel: RedisSentinelConfiguration(sentinels: sentinels, primaryName: primaryName),
            namespace: namespace,
            persistent: persistent,
            errorPolicy: errorPolicy
        )
    }

    /// Creates a backend with a ``RedisSentinelClient`` of its own for `configuration`: the sentinels, the primary's
    /// name, and the settings of the primary's connections (credentials, database, TLS, pool, timeouts).
    ///
    /// ```swift
    /// var configuration = try RedisSentinelConfiguration(sentinels: ["10.0.0.7:26379"], primaryName: "limits")
    /// configuration.primary.password = "secret"
    /// let redis = try RedisBackend(sentinel: configuration, namespace: "shop")
    /// ```
    ///
    /// - Throws: ``RedisClientError/Kind/invalidConfiguration`` naming the first setting that cannot work
    ///   (``RedisSentinelConfiguration/validate()``).
    public convenience init(
        sentinel configuration: RedisSentinelConfiguration,
        namespace: String = "traffik",
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil
    ) throws {
        try configuration.validate()
        self.init(
            client: RedisSentinelClient(configuration: configuration),
            namespace: namespace,
            persistent: persistent,
            errorPolicy: errorPolicy
        )
    }
}
