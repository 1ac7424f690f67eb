// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

extension RedisScript {
    /// The helpers every strategy script starts with: the contract's constants, exact integer division, the clock,
    /// the state bounds, storing, the reply. Every number is interpolated from Swift (``ScriptContract`` and
    /// ``Traffik/StateBounds``), so Lua and Swift cannot drift.
    static let prelude = """
        -- The contract with the Swift side (ScriptContract): argument positions, outcome codes, state tags and lengths.
        \(ScriptContract.luaDeclarations)
        -- Exact integer helpers: every value stays below 2^53, where doubles are exact.
        local function fdiv(a, b)
          local q = math.floor(a / b)
          local r = a - q * b
          if r < 0 then q = q - 1 elseif r >= b then q = q + 1 end
          return q
        end
        local function cdiv(a, b) return -fdiv(-a, b) end
        local function now_us(override)
          if override ~= nil and override ~= '' then return tonumber(override) end
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        -- The bounds of a believable state (StateBounds in Swift, whose numbers these are): outside them a stored state
        -- is a fresh key. A timestamp may be at most the larger of one period and the step-back tolerance ahead of now,
        -- and at most the maximum age behind it; a count at most MAXIMUM_WORK / period units; a level at most
        -- MAXIMUM_WORK ticks; a log at most the larger of LOG_CAP and the limit entries.
        local STEP_BACK_TOLERANCE = \(StateBounds.clockStepBackTolerance)
        local MAXIMUM_AGE = \(StateBounds.maximumAge)
        local MAXIMUM_WORK = \(Rate.maximumWork)
        local LOG_CAP = \(SlidingWindowLog.maximumLimit)
        local MAXIMUM_VALUE = \(StateBounds.maximumValue)
        local function time_in_bounds(t, now, period)
          return t >= now - MAXIMUM_AGE and t <= now + math.max(period, STEP_BACK_TOLERANCE)
        end
        local function count_in_bounds(c, period) return c >= 0 and c <= fdiv(MAXIMUM_WORK, period) end
        -- Stores the state (or deletes a fresh-equivalent one) with a time to live in microseconds, rounded up to ms.
        -- On a clock given by the caller (tests comparing backends), time to live is virtual: the key is kept at least
        -- an hour of real time, which changes no decision, since a state past its time to live decides like none.
        local virtual_clock = ARGV[ARG_NOW] ~= nil and ARGV[ARG_NOW] ~= ''
        local function store(key, bytes, ttl)
          if ttl > 0 then
            local px = cdiv(ttl, 1000)
            if virtual_clock then px = math.max(px, VIRTUAL_CLOCK_RETENTION_MS) end
            redis.call('SET', key, bytes, 'PX', px)
          else
            redis.call('DEL', key)
          end
        end
        -- Ends a decision: stores the new state when committing; otherwise drops a stored state that was already as good
        -- as none before the decision, as the in-memory backend drops a key it reads after its time to live. `stale` is
        -- true only for a state that decoded within bounds: a value that did not is never deleted by a check.
        local function finish(key, commit, stale, ttl, encode)
          if commit then
            store(key, encode(), ttl)
          elseif stale then
            redis.call('DEL', key)
          end
        end
        -- The reply: outcome (an OUTCOME_ code), limit, remaining, retry-after, reset-after, delay (ScriptContract.ReplyField).
        -- Every number is held to 0..MAXIMUM_VALUE (2^53), as the Swift decision is: Redis turns a Lua number beyond the
        -- range of an integer into garbage.
        local function bounded(v) return math.min(math.max(v, 0), MAXIMUM_VALUE) end
        local function decision(outcome, limit, remaining, retry, reset, delay)
          if outcome == OUTCOME_ALLOWED then retry = 0
          elseif outcome == OUTCOME_THROTTLED then retry = math.max(bounded(retry), 1) else retry = -1 end
          return {outcome, bounded(limit), bounded(remaining), retry, bounded(reset), bounded(delay or 0)}
        end
        """
}
