// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--backend`: the store the servers keep counters in. The one place that maps a backend to how it is set up.
enum HarnessBackend: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case memory
    case redis
    case memcached

    /// Whether several server processes can share the store's counters (and the harness can stop the store).
    var isShared: Bool { self != .memory }

    /// The store's name, for notes.
    var storeName: String {
        switch self {
        case .memory: "in-memory store"
        case .redis: "Redis"
        case .memcached: "Memcached"
        }
    }

    /// Sets the store up: for Redis, the given URL, or a `redis-server` the harness starts (and later stops); for
    /// Memcached, the given `host:port`, or a `memcached` the harness starts.
    func prepare(redisURL: String?, memcached: String? = nil) async throws -> PreparedBackend {
        switch self {
        case .memory:
            return PreparedBackend(serverArguments: ["--backend", "memory"])
        case .redis:
            if let redisURL {
                return PreparedBackend(serverArguments: ["--backend", "redis", "--redis-url", redisURL])
            }
            let server = try await RedisServer.start()
            return PreparedBackend(serverArguments: ["--backend", "redis", "--redis-url", server.url], redis: server)
        case .memcached:
            if let memcached {
                return PreparedBackend(serverArguments: ["--backend", "memcached", "--memcached", memcached])
            }
            let server = try await MemcachedServer.start()
            return PreparedBackend(
                serverArguments: ["--backend", "memcached", "--memcached", server.address],
                memcached: server
            )
        }
    }
}

/// A store ready for the servers: the arguments that point a server at it, and the Redis the harness started.
struct PreparedBackend: Sendable {
    var serverArguments: [String]
    /// A `redis-server` started by the harness, stopped by ``stop()``.
    var redis: RedisServer?
    /// A `memcached` started by the harness, stopped by ``stop()``.
    var memcached: MemcachedServer?

    func stop() async {
        await redis?.stop()
        await memcached?.stop()
    }
}
