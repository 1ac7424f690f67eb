extension RedisScript {
    /// The helpers every strategy script starts with: exact integer division, the clock, storing, the reply.
    static let prelude = """
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
        -- Stores the state (or deletes a fresh-equivalent one) with a time to live in microseconds, rounded up to ms.
        -- On a clock given by the caller (tests comparing backends), time to live is virtual: the key is kept at least
        -- an hour of real time, which changes no decision, since a state past its time to live decides like none.
        local virtual_clock = ARGV[5] ~= nil and ARGV[5] ~= ''
        local function store(key, bytes, ttl)
          if ttl > 0 then
            local px = cdiv(ttl, 1000)
            if virtual_clock then px = math.max(px, 3600000) end
            redis.call('SET', key, bytes, 'PX', px)
          else
            redis.call('DEL', key)
          end
        end
        -- Ends a decision: stores the new state when committing; otherwise drops a stored state that was already as good
        -- as none before the decision, as the in-memory backend drops a key it reads after its time to live.
        local function finish(key, commit, stale, ttl, encode)
          if commit then
            store(key, encode(), ttl)
          elseif stale then
            redis.call('DEL', key)
          end
        end
        -- The reply: outcome (0 allowed, 1 throttled, 2 exceeds capacity), limit, remaining, retry-after, reset-after, delay.
        local function decision(outcome, limit, remaining, retry, reset, delay)
          if remaining < 0 then remaining = 0 end
          if reset < 0 then reset = 0 end
          if outcome == 0 then retry = 0 elseif outcome == 1 then retry = math.max(retry, 1) else retry = -1 end
          return {outcome, limit, remaining, retry, reset, delay or 0}
        end
        """
}
