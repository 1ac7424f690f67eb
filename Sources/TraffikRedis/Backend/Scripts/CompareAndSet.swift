// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// A write that happens only if the key still holds what the caller read: the step of the compare-and-swap
    /// path that user-written strategies take.
    static let compareAndSetBody = """
        -- KEYS[1]: the key. ARGV: expected present (1/0), expected bytes, new present (1/0), new bytes, ttl in ms.
        -- Writes only when the key still holds what the caller read; returns 1 when written, 0 when it changed.
        local current = redis.call('GET', KEYS[1])
        if ARGV[1] == '1' then
          if current ~= ARGV[2] then return 0 end
        elseif current then
          return 0
        end
        if ARGV[3] == '1' and tonumber(ARGV[5]) > 0 then
          redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
        else
          redis.call('DEL', KEYS[1])
        end
        return 1
        """
}
