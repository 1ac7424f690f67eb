// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// Releases a lock only for the owner that holds it.
    static let unlockBody = """
        -- KEYS[1]: the lock. ARGV[1]: the owner's token. Deletes the lock only if the caller still owns it.
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """
}
