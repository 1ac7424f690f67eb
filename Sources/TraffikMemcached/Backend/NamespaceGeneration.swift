// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization
import Traffik

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The generation number in every key of a namespace: bumping it resets the namespace, since Memcached cannot
/// list keys to delete them.
///
/// The number lives in Memcached at `namespace:generation` (the namespace written as ``KeyEncoding/namespace(_:)``
/// says, so it has no braces, while every data key has `:{` right after its namespace), created on first use with
/// the wall-clock time in microseconds, so a generation key lost to eviction comes back larger than any number
/// used before and never revives old state. Each backend caches the number and reads it again after
/// ``refreshInterval``; a reset by another process takes effect here within that interval. The abandoned keys of an
/// old generation expire with their time to live.
final class NamespaceGeneration: Sendable {
    private struct Cached {
        var value: UInt64
        var readAt: ContinuousClock.Instant
    }

    let key: MemcachedKey
    /// The namespace as it starts every key of it.
    let namespacePrefix: String
    let refreshInterval: Duration
    private let cached = Mutex<Cached?>(nil)

    init(namespace: String, refreshInterval: Duration) {
        self.namespacePrefix = KeyEncoding.namespace(namespace)
        self.key = MemcachedKey("\(namespacePrefix):generation")
        self.refreshInterval = refreshInterval
    }

    /// The current generation: the cached one while fresh, else read again (the cached one if that read fails).
    func current(_ client: MemcachedClient, logger: Logger) async throws -> UInt64 {
        let known = cached.withLock { $0 }
        if let known, ContinuousClock.now - known.readAt < refreshInterval { return known.value }
        do {
            return try await update(client, delta: 0)
        } catch {
            guard let known else { throw error }
            logger.warning(
                "cannot read the namespace generation; using the last one read",
                metadata: ["memcached.key": "\(key)", "memcached.error": "\(error)"]
            )
            return known.value
        }
    }

    /// Moves to a new generation, abandoning every key of the old one.
    func bump(_ client: MemcachedClient) async throws {
        _ = try await update(client, delta: 1)
    }

    /// Adds `delta` to the stored number, creating it if missing, in one `ma`.
    private func update(_ client: MemcachedClient, delta: UInt64) async throws -> UInt64 {
        let seed = UInt64(max(0, Int64(time(nil)))) * 1_000_000
        guard let value = try await client.increment(key, by: delta, initial: seed, ttl: nil) else {
            throw BackendError(.server, "Memcached did not create the namespace generation \(key)")
        }
        cached.withLock { $0 = Cached(value: value, readAt: .now) }
        return value
    }
}
