// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// The Lua twin of ``FixedWindow``.
    static let fixedWindowBody = """
        \(windowArguments)
        local start = fdiv(now, window) * window
        local count, decoded = 0, false
        local raw = redis.call('GET', KEYS[1])
        if raw and #raw >= FIXED_WINDOW_LENGTH then
          local tag, s, c = struct.unpack('<Bi8i8', raw)
          if tag == FIXED_WINDOW_TAG and count_in_bounds(c, window) and time_in_bounds(s, now, window) then
            decoded = true
            if s >= start then start = s; count = c end
          end
        end
        local untilEnd = start + window - now
        local function ttl() return count > 0 and untilEnd or math.max(start - now, 0) end
        local stale = decoded and ttl() <= 0
        local result
        if units > limit then
          result = decision(OUTCOME_EXCEEDS_CAPACITY, limit, limit - count, -1, count > 0 and untilEnd or 0)
        else
          local needed = math.max(units, 1)
          local allowed = count <= limit - needed
          if allowed then count = count + units end
          result = decision(allowed and OUTCOME_ALLOWED or OUTCOME_THROTTLED, limit, limit - count, untilEnd, count > 0 and untilEnd or 0)
        end
        finish(KEYS[1], commit, stale, ttl(), function()
          return struct.pack('<Bi8i8', FIXED_WINDOW_TAG, start, count)
        end)
        return result
        """
}
