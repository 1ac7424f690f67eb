// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

/// A lock in Redis with a lease and an owner token: `SET key token NX PX lease` to take it, a compare-and-delete
/// script to release it (``RedisBackend`` runs it). A crashed holder loses the lock when the lease runs out, and a
/// holder whose lease ran out can never release a lock someone else has taken since. ``Traffik/LeasedLock`` runs
/// the loop.
struct RedisLock: Sendable {
    let client: any RedisCommandSender
    let key: String
    let leaseMilliseconds: Int64
    /// What identifies this holder.
    let token = LeasedLock.token()

    init(client: any RedisCommandSender, key: String, lease: Duration) {
        self.client = client
        self.key = key
        self.leaseMilliseconds = max(ceilMilliseconds(lease.microseconds), 1)
    }

    /// One attempt to take the lock; `true` when taken.
    func take() async throws -> Bool {
        let reply = try await client.send(
            ["SET", RESPArgument(key), RESPArgument(token), "NX", "PX", RESPArgument(leaseMilliseconds)],
            keys: [RESPArgument(key)]
        )
        return reply.string == "OK"
    }
}
