// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikBenchContract
import TraffikMemcached
import TraffikRedis

/// The one place that maps the bench server's `--backend` to a backend.
extension BenchStore {
    /// Builds the backend, or explains why it cannot.
    ///
    /// - Parameters:
    ///   - redisURL: The Redis server, for `redis`.
    ///   - memcached: The Memcached nodes (`host:port`, comma-separated), for `memcached`.
    ///   - namespace: The key prefix, so that runs sharing a store do not see each other's counters.
    ///   - resilience: What stands in front of Redis, for `redis` (the other stores take none).
    func make(
        redisURL: String,
        memcached: String,
        namespace: String,
        resilience: BenchResilience = BenchResilience()
    ) throws -> any ThrottleBackend {
        switch self {
        case .memory:
            return InMemoryBackend(namespace: namespace, persistent: true)
        case .redis:
            var configuration = try RedisConfiguration(url: redisURL)
            configuration.maximumConnections = 8
            let redis = RedisBackend(client: RedisClient(configuration: configuration), namespace: namespace)
            return resilience.wrap(redis, namespace: namespace)
        case .memcached:
            return try MemcachedBackend(servers: memcached, namespace: namespace)
        }
    }
}
