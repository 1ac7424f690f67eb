// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikBenchContract

/// The one place that maps the harness's `--backend` to how its store is set up.
extension BenchStore {
    /// Sets the store up: for Redis, the given URL, or a `redis-server` the harness starts (and later stops); for
    /// Memcached, the given `host:port`, or a `memcached` the harness starts.
    func prepare(redisURL: String?, memcached: String? = nil) async throws -> PreparedBackend {
        switch self {
        case .memory:
            return PreparedBackend(store: self)
        case .redis:
            if let redisURL { return PreparedBackend(store: self, redisURL: redisURL) }
            let server = try await RedisServer.start()
            return PreparedBackend(store: self, redisURL: server.url, redis: server)
        case .memcached:
            if let memcached { return PreparedBackend(store: self, memcached: memcached) }
            let server = try await MemcachedServer.start()
            return PreparedBackend(store: self, memcached: server.address, memcachedServer: server)
        }
    }
}

/// A store ready for the servers: where it is, and the server processes the harness started for it.
struct PreparedBackend: Sendable {
    var store: BenchStore
    var redisURL: String?
    var memcached: String?
    /// A `redis-server` started by the harness, stopped by ``stop()``.
    var redis: RedisServer?
    /// A `memcached` started by the harness, stopped by ``stop()``.
    var memcachedServer: MemcachedServer?

    /// Points a server's settings at the store.
    func configure(_ settings: inout BenchServerSettings) {
        settings.backend = store
        settings.redisURL = redisURL
        settings.memcached = memcached
    }

    func stop() async {
        await redis?.stop()
        await memcachedServer?.stop()
    }
}
