// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// The Lua twin of ``SlidingWindowCounter``.
    static let slidingWindowCounterBody = """
        \(windowArguments)
        local start = fdiv(now, window) * window
        local previous, current, decoded = 0, 0, false
        local raw = redis.call('GET', KEYS[1])
        if raw and #raw >= SLIDING_WINDOW_COUNTER_LENGTH then
          local tag, s, p, c = struct.unpack('<Bi8i8i8', raw)
          if tag == SLIDING_WINDOW_COUNTER_TAG and count_in_bounds(p, window) and count_in_bounds(c, window) and time_in_bounds(s, now, window) then
            decoded = true
            if s >= start then start = s; previous = p; current = c
            elseif s == start - window then previous = c end
          end
        end
        local elapsed = math.min(math.max(now - start, 0), window)
        local untilEnd = window - elapsed
        local behind = math.max(start - now, 0)
        local capacity = limit * window
        local function weighted() return previous * untilEnd + current * window end
        local function resetAfter()
          local reset = 0
          if current > 0 then reset = untilEnd + window elseif previous > 0 then reset = untilEnd end
          if reset > 0 then return behind + reset end
          return 0
        end
        local function remaining() return fdiv(capacity - weighted(), window) end
        local stale = decoded and math.max(resetAfter(), behind) <= 0
        local function wait(needed)
          if current <= limit - needed and previous > 0 then
            return cdiv(previous * untilEnd + (current - (limit - needed)) * window, previous)
          end
          if current == 0 then return untilEnd end
          return untilEnd + cdiv(window * (current - (limit - needed)), current)
        end
        local result
        if units > limit then
          result = decision(OUTCOME_EXCEEDS_CAPACITY, limit, remaining(), -1, resetAfter())
        else
          local needed = math.max(units, 1)
          if weighted() + needed * window <= capacity then
            current = current + units
            result = decision(OUTCOME_ALLOWED, limit, remaining(), 0, resetAfter())
          else
            result = decision(OUTCOME_THROTTLED, limit, remaining(), behind + wait(needed), resetAfter())
          end
        end
        finish(KEYS[1], commit, stale, math.max(resetAfter(), behind), function()
          return struct.pack('<Bi8i8i8', SLIDING_WINDOW_COUNTER_TAG, start, previous, current)
        end)
        return result
        """
}
