// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// A lock in Memcached with a lease and an owner token: `ms` in add mode with a time to live to take it, a read
/// and a compare-and-swap delete to release it. A crashed holder loses the lock when the lease runs out, and a
/// holder whose lease ran out can never release a lock someone else has taken since.
struct MemcachedLock: Sendable {
    let client: MemcachedClient
    let key: MemcachedKey
    let lease: Duration
    /// What identifies this holder.
    let token: [UInt8]

    init(client: MemcachedClient, key: MemcachedKey, lease: Duration) {
        self.client = client
        self.key = key
        self.lease = lease
        self.token = Array(
            (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 36) }.joined(separator: "-").utf8
        )
    }

    /// Takes the lock, trying again with a growing pause until `timeout`.
    func acquire(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.milliseconds(1)
        while true {
            if try await client.set(key, to: token, ttl: lease, mode: .add) == .stored { return }
            guard ContinuousClock.now < deadline else {
                throw BackendError(.lockTimeout, "lock \(key) not acquired within \(timeout)")
            }
            try await Task.sleep(for: min(pause, deadline - ContinuousClock.now))
            pause = min(pause * 2, .milliseconds(20))
        }
    }

    /// Deletes the lock if this holder still has it.
    func release() async throws {
        guard let item = try await client.get(key), item.value == token else { return }
        try await client.delete(key, ifUnchangedSince: item.cas)
    }
}
