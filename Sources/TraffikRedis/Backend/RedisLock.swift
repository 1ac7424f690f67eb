// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// A lock in Redis with a lease and an owner token: `SET key token NX PX lease` to take it, a compare-and-delete
/// script to release it. A crashed holder loses the lock when the lease runs out, and a holder whose lease ran out
/// can never release a lock someone else has taken since.
struct RedisLock: Sendable {
    let client: any RedisCommandSender
    let key: String
    let leaseMilliseconds: Int64
    /// What identifies this holder.
    let token: String

    init(client: any RedisCommandSender, key: String, lease: Duration) {
        self.client = client
        self.key = key
        self.leaseMilliseconds = max(ceilMilliseconds(lease.microseconds), 1)
        self.token = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 36) }.joined(separator: "-")
    }

    /// Takes the lock, trying again with a growing pause until `timeout`.
    func acquire(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.milliseconds(1)
        while true {
            let reply = try await client.send(
                ["SET", RESPArgument(key), RESPArgument(token), "NX", "PX", RESPArgument(leaseMilliseconds)],
                keys: [RESPArgument(key)]
            )
            if reply.string == "OK" { return }
            guard ContinuousClock.now < deadline else {
                throw BackendError(.lockTimeout, "lock \(key) not acquired within \(timeout)")
            }
            try await Task.sleep(for: min(pause, deadline - ContinuousClock.now))
            pause = min(pause * 2, .milliseconds(20))
        }
    }
}
