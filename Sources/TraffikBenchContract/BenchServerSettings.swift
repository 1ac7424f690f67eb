// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// What `traffik-demo bench-server` runs: the one description of its options that the harness writes and the
/// server reads. The harness renders it with ``arguments``; the server's command parses the same names, and a test
/// checks that what is rendered parses back to the same settings.
package struct BenchServerSettings: Sendable, Hashable {
    /// The port; `0` picks a free one (the server prints `listening on PORT`).
    package var port = 0
    /// The rate; `nil` for the server's default (100/min).
    package var rate: Rate?
    /// The strategy's library name, such as `token-bucket`.
    package var strategy = Strategy.fixedWindow.name
    /// Where counters live.
    package var backend = BenchStore.memory
    /// The Redis server, for ``BenchStore/redis``; `nil` for the server's default.
    package var redisURL: String?
    /// The Memcached nodes (`host:port`, comma-separated), for ``BenchStore/memcached``; `nil` for the default.
    package var memcached: String?
    /// What to answer when the backend fails.
    package var onError = BenchErrorPolicy.raise
    /// The key prefix in the backend.
    package var namespace = "bench"
    /// The web framework.
    package var framework = BenchFramework.hummingbird
    /// How `/test` is throttled.
    package var mode = BenchMode.http
    /// A circuit breaker in front of Redis.
    package var breaker = BenchSwitch.off
    /// The longest one Redis call may take, in milliseconds; `nil` for the client's command timeout.
    package var deadlineMilliseconds: Int?
    /// What decides while Redis fails.
    package var failover = FailoverChoice.none
    /// A deny cache in front of Redis.
    package var denyCache = BenchDenyCache.off

    /// Settings at their defaults.
    package init() {}

    /// The option names, each written once.
    package enum Option: String, CaseIterable, Sendable {
        case port, rate, strategy, backend, namespace, framework, mode, breaker, deadline, failover, memcached
        case redisURL = "redis-url"
        case onError = "on-error"
        case denyCache = "deny-cache"

        /// `--name`.
        package var flag: String { "--" + rawValue }
    }

    /// The `bench-server` arguments for these settings (the subcommand's name not included); options left at
    /// their defaults are left out.
    package var arguments: [String] {
        let defaults = BenchServerSettings()
        var pairs: [(Option, String)] = []
        if port != defaults.port { pairs.append((.port, "\(port)")) }
        if let rate { pairs.append((.rate, "\(rate)")) }
        if strategy != defaults.strategy { pairs.append((.strategy, strategy)) }
        if backend != defaults.backend { pairs.append((.backend, backend.rawValue)) }
        if let redisURL { pairs.append((.redisURL, redisURL)) }
        if let memcached { pairs.append((.memcached, memcached)) }
        if onError != defaults.onError { pairs.append((.onError, onError.rawValue)) }
        if namespace != defaults.namespace { pairs.append((.namespace, namespace)) }
        if framework != defaults.framework { pairs.append((.framework, framework.rawValue)) }
        if mode != defaults.mode { pairs.append((.mode, mode.rawValue)) }
        if breaker != defaults.breaker { pairs.append((.breaker, breaker.rawValue)) }
        if let deadlineMilliseconds { pairs.append((.deadline, "\(deadlineMilliseconds)")) }
        if failover != defaults.failover { pairs.append((.failover, failover.rawValue)) }
        if denyCache != defaults.denyCache { pairs.append((.denyCache, denyCache.text)) }
        return pairs.flatMap { [$0.0.flag, $0.1] }
    }
}
