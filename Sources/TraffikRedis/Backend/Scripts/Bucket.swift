// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// The Lua twin of the bucket strategies and ``GCRA`` (their shared bucket arithmetic).
    static let bucketBody = """
        -- KEYS[1]: the key. ARGV: ScriptContract.Argument (drain per µs, µs per unit, cost, commit, now, capacity in
        -- ticks, reported limit, reports delay).
        local drain, unit, cost = tonumber(ARGV[ARG_LIMIT]), tonumber(ARGV[ARG_PERIOD]), tonumber(ARGV[ARG_COST])
        local commit = ARGV[ARG_COMMIT] == '1'
        local now = now_us(ARGV[ARG_NOW])
        local capacity, limit = tonumber(ARGV[ARG_CAPACITY]), tonumber(ARGV[ARG_REPORTED_LIMIT])
        local reportsDelay = ARGV[ARG_REPORTS_DELAY] == '1'
        local level, updatedAt, decoded = 0, now, false
        local raw = redis.call('GET', KEYS[1])
        if raw and #raw >= BUCKET_LENGTH then
          local tag, l, at = struct.unpack('<Bi8i8', raw)
          if tag == BUCKET_TAG and l >= 0 and l <= MAXIMUM_WORK and time_in_bounds(at, now, unit) then
            decoded = true
            level = math.max(l - math.max(now - at, 0) * drain, 0)
            updatedAt = math.max(now, at)
          end
        end
        local behind = math.max(updatedAt - now, 0)
        local function untilDrained(l) return behind + cdiv(l, drain) end
        local function resetAfter() if level > 0 then return untilDrained(level) end return 0 end
        local function remaining() return fdiv(capacity - level, unit) end
        local before = level
        local stale = decoded and untilDrained(level) <= 0
        local work = cost * unit
        local result
        if work > capacity then
          result = decision(OUTCOME_EXCEEDS_CAPACITY, limit, remaining(), -1, resetAfter())
        else
          local needed = math.max(work, unit)
          if level + needed <= capacity then
            level = level + work
            local delay = 0
            if reportsDelay and cost > 0 and before > 0 then delay = untilDrained(before) end
            result = decision(OUTCOME_ALLOWED, limit, remaining(), 0, resetAfter(), delay)
          else
            result = decision(OUTCOME_THROTTLED, limit, remaining(), behind + cdiv(level + needed - capacity, drain), resetAfter())
          end
        end
        finish(KEYS[1], commit, stale, untilDrained(level), function()
          return struct.pack('<Bi8i8', BUCKET_TAG, level, updatedAt)
        end)
        return result
        """
}
