// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// An increment that gives a new key its time to live and leaves an existing key's expiry alone.
    static let incrementBody = """
        -- KEYS[1]: the key. ARGV: amount, ttl in ms (0: none). A new key gets the TTL; an existing one keeps its expiry.
        if redis.call('EXISTS', KEYS[1]) == 0 then
          if tonumber(ARGV[2]) > 0 then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          else
            redis.call('SET', KEYS[1], ARGV[1])
          end
          return tonumber(ARGV[1])
        end
        return redis.call('INCRBY', KEYS[1], ARGV[1])
        """
}
