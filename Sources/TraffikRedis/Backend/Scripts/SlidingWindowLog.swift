// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// The Lua twin of ``SlidingWindowLog``.
    static let slidingWindowLogBody = """
        \(windowArguments)
        local updatedAt, times, costs = nil, {}, {}
        local raw = redis.call('GET', KEYS[1])
        if raw and #raw >= SLIDING_WINDOW_LOG_LENGTH then
          local tag, at, n = struct.unpack('<Bi8i8', raw)
          if tag == SLIDING_WINDOW_LOG_TAG and n >= 0
            and n <= (#raw - SLIDING_WINDOW_LOG_LENGTH) / SLIDING_WINDOW_LOG_ENTRY_LENGTH and n <= math.max(LOG_CAP, limit)
            and time_in_bounds(at, now, window) then
            local valid, pos, sum, earliest, most = true, SLIDING_WINDOW_LOG_LENGTH + 1, 0, now - MAXIMUM_AGE, fdiv(MAXIMUM_WORK, window)
            for i = 1, n do
              local t, c
              t, c, pos = struct.unpack('<i8i8', raw, pos)
              sum = sum + c
              if c <= 0 or t < earliest or t > at or sum > most then valid = false; break end
              times[i] = t; costs[i] = c
            end
            if valid then updatedAt = at else times = {}; costs = {} end
          end
        end
        local latest = math.max(now, updatedAt or now)
        local horizon = latest - window
        local liveTimes, liveCosts, used = {}, {}, 0
        for i = 1, #times do
          if #liveTimes > 0 or times[i] > horizon then
            liveTimes[#liveTimes + 1] = times[i]; liveCosts[#liveCosts + 1] = costs[i]; used = used + costs[i]
          end
        end
        local function resetAfter()
          if #liveTimes == 0 then return 0 end
          return liveTimes[#liveTimes] + window - now
        end
        local stale = updatedAt ~= nil and math.max(resetAfter(), latest - now) <= 0
        local result
        if units > limit then
          result = decision(OUTCOME_EXCEEDS_CAPACITY, limit, limit - used, -1, resetAfter())
        else
          local needed = math.max(units, 1)
          if used <= limit - needed then
            if units > 0 then
              if #liveTimes > 0 and liveTimes[#liveTimes] == latest then
                liveCosts[#liveCosts] = liveCosts[#liveCosts] + units
              else
                liveTimes[#liveTimes + 1] = latest; liveCosts[#liveCosts + 1] = units
              end
              used = used + units
            end
            result = decision(OUTCOME_ALLOWED, limit, limit - used, 0, resetAfter())
          else
            local excess, wait = used - (limit - needed), 0
            for i = 1, #liveTimes do
              excess = excess - liveCosts[i]
              wait = liveTimes[i] + window - now
              if excess <= 0 then break end
            end
            result = decision(OUTCOME_THROTTLED, limit, limit - used, wait, resetAfter())
          end
        end
        finish(KEYS[1], commit, stale, math.max(resetAfter(), latest - now), function()
          local parts = {struct.pack('<Bi8i8', SLIDING_WINDOW_LOG_TAG, latest, #liveTimes)}
          for i = 1, #liveTimes do parts[#parts + 1] = struct.pack('<i8i8', liveTimes[i], liveCosts[i]) end
          return table.concat(parts)
        end)
        return result
        """
}
