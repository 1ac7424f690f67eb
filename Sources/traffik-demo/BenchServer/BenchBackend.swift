// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikMemcached
import TraffikRedis

/// The store the bench server keeps its counters in: the one place that maps `--backend` to a backend.
enum BenchBackend: String, CaseIterable, Sendable, ExpressibleByArgument {
    case memory
    case redis
    case memcached

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
