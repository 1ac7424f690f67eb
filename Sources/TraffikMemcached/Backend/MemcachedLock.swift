// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

/// A lock in Memcached with a lease and an owner token: `ms` in add mode with a time to live to take it, a read
/// and a compare-and-swap delete to release it. A crashed holder loses the lock when the lease runs out, and a
/// holder whose lease ran out can never release a lock someone else has taken since. ``Traffik/LeasedLock`` runs
/// the loop.
struct MemcachedLock: Sendable {
    let client: MemcachedClient
    let key: MemcachedKey
    let lease: Duration
    /// What identifies this holder.
    let token = Array(LeasedLock.token().utf8)

    /// One attempt to take the lock; `true` when taken.
    func take() async throws -> Bool {
        try await client.set(key, to: token, ttl: lease, mode: .add) == .stored
    }

    /// Deletes the lock if this holder still has it.
    func release() async throws {
        guard let item = try await client.get(key), item.value == token else { return }
        try await client.delete(key, ifUnchangedSince: item.cas)
    }
}
