import Traffik

extension MemcachedBackend {
    /// The fixed window as one counter per window: `ma` with auto-create and the window's time to live.
    ///
    /// The counter holds the units admitted in the window. A hit adds its cost; if the sum passes the limit the hit
    /// is refused and its cost taken back, so the counter never holds refused work for long (a concurrent hit may
    /// see it for one round trip and be refused too: never an over-admission). The decision itself is the
    /// ``Traffik/FixedWindow`` function's, on the count before the hit, so it matches every other backend's.
    func countInWindow(_ storeKey: String, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        let now = clock.nowMicroseconds()
        let window = rate.periodMicroseconds
        let start = floorDivide(now, window) * window
        let key = MemcachedKey("\(storeKey)#\(start)")
        let expiry = expiry(microseconds: start + window - now)

        guard commit, cost >= 1, cost <= rate.limit else {
            // Nothing to add: read the count.
            let count = try await client.get(key).flatMap { MemcachedResponse.number(in: $0.value) } ?? 0
            return decide(count: count, start: start, now: now, rate: rate, cost: cost)
        }
        let units = UInt64(cost)
        guard let after = try await client.increment(key, by: units, initial: units, expiry: expiry) else {
            throw BackendError(.server, "Memcached did not create the window counter \(key)")
        }
        let decision = decide(count: after - units, start: start, now: now, rate: rate, cost: cost)
        if !decision.isAllowed {
            _ = try await client.increment(key, by: units, initial: nil, expiry: .never, decrement: true)
        }
        return decision
    }

    private func decide(count: UInt64, start: Int64, now: Int64, rate: Rate, cost: Int) -> Decision {
        let state = FixedWindow.State(windowStart: start, count: Int64(clamping: count))
        return Strategy.fixedWindow.decide(encoded: state.encoded(), now: now, rate: rate, cost: cost).decision
    }
}

/// `value / divisor` rounded toward negative infinity.
func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}
