extension RedisScript {
    /// The Lua twin of ``FixedWindow``.
    static let fixedWindowBody = """
        -- KEYS[1]: the key. ARGV: limit, window (µs), cost, commit (1/0), now (µs; empty for the server's TIME).
        local limit, window, units = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local commit = ARGV[4] == '1'
        local now = now_us(ARGV[5])
        local start = fdiv(now, window) * window
        local count, decoded = 0, false
        local raw = redis.call('GET', KEYS[1])
        if raw and #raw >= 17 then
          local tag, s, c = struct.unpack('<Bi8i8', raw)
          if tag == 16 and count_in_bounds(c, window) and time_in_bounds(s, now, window) then
            decoded = true
            if s >= start then start = s; count = c end
          end
        end
        local untilEnd = start + window - now
        local function ttl() return count > 0 and untilEnd or math.max(start - now, 0) end
        local stale = decoded and ttl() <= 0
        local result
        if units > limit then
          result = decision(2, limit, limit - count, -1, count > 0 and untilEnd or 0)
        else
          local needed = math.max(units, 1)
          local allowed = count <= limit - needed
          if allowed then count = count + units end
          result = decision(allowed and 0 or 1, limit, limit - count, untilEnd, count > 0 and untilEnd or 0)
        end
        finish(KEYS[1], commit, stale, ttl(), function()
          return struct.pack('<Bi8i8', 16, start, count)
        end)
        return result
        """
}
