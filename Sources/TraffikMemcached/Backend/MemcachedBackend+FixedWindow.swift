// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

extension MemcachedBackend {
    /// The fixed window as one counter per window: `ma` with auto-create and the window's time to live.
    ///
    /// The counter holds the units admitted in the window. A hit adds its cost; if the sum passes the limit the hit
    /// is refused and its cost taken back, so the counter never holds refused work for long (a concurrent hit may
    /// see it for one round trip and be refused too: never an over-admission). The decision itself is the
    /// ``Traffik/FixedWindow`` function's, on the count before the hit, so it matches every other backend's.
    ///
    /// A counter out of ``Traffik/StateBounds`` (another application's value, a number no rate of the period could
    /// count, a counter that wrapped past 2^64) is a fresh window, as on every backend: a check reads it as zero and
    /// leaves it alone; a hit replaces it with a fresh counter, only if it still holds the value read, and counts
    /// again.
    func countInWindow(_ storeKey: String, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        let now = clock.nowMicroseconds()
        let window = rate.periodMicroseconds
        let start = windowStart(now, window)
        let key = MemcachedKey("\(storeKey)#\(start)")
        let expiry = expiry(microseconds: untilEnd(of: start, window, now))
        let bounds = StateBounds(now: now, rate: rate)

        guard commit, cost >= 1, cost <= rate.limit else {
            // Nothing to add: read the count.
            let stored = try await client.get(key).flatMap { MemcachedResponse.number(in: $0.value) }
            return decide(
                count: Self.count(stored, within: bounds) ?? 0,
                start: start,
                now: now,
                rate: rate,
                cost: cost
            )
        }
        let units = UInt64(cost)
        for _ in 0..<Self.repairAttempts {
            let after: UInt64?
            do {
                after = try await client.increment(key, by: units, initial: units, expiry: expiry)
            } catch let error as MemcachedServerError
                where error.kind == .clientError && error.message.contains("non-numeric")
            {
                // `ma` of a value that is not a number: another application's. Replace it and count again.
                try await replaceOutOfBounds(key, bounds: bounds, expiry: expiry)
                continue
            }
            guard let after else {
                throw BackendError(.server, "Memcached did not create the window counter \(key)")
            }
            guard after >= units, let count = Self.count(after - units, within: bounds) else {
                try await replaceOutOfBounds(key, bounds: bounds, expiry: expiry)
                continue
            }
            let decision = decide(count: count, start: start, now: now, rate: rate, cost: cost)
            if !decision.isAllowed {
                _ = try await client.increment(key, by: units, initial: nil, expiry: .never, decrement: true)
            }
            return decision
        }
        throw BackendError(
            .contention,
            "the window counter \(key) stayed out of bounds after \(Self.repairAttempts) repairs"
        )
    }

    /// How many times a hit replaces an out-of-bounds counter before it fails.
    private static var repairAttempts: Int { 4 }

    /// `stored` as a count, or `nil` when it is out of `bounds`.
    private static func count(_ stored: UInt64?, within bounds: StateBounds) -> Int64? {
        guard let stored, let count = Int64(exactly: stored), bounds.admits(count: count) else { return nil }
        return count
    }

    /// Replaces the counter at `key` with a fresh one (`0`) if it still holds a value out of `bounds`: a
    /// compare-and-swap, so a counter another hit has repaired, or counted in since, is left alone.
    private func replaceOutOfBounds(_ key: MemcachedKey, bounds: StateBounds, expiry: MemcachedExpiry) async throws {
        guard let item = try await client.get(key) else { return }
        if Self.count(MemcachedResponse.number(in: item.value), within: bounds) != nil { return }
        _ = try await client.set(key, to: Array("0".utf8), expiry: expiry, ifUnchangedSince: item.cas)
    }

    private func decide(count: Int64, start: Int64, now: Int64, rate: Rate, cost: Int) -> Decision {
        let state = FixedWindow.State(windowStart: start, count: count)
        return Strategy.fixedWindow.decide(encoded: state.encoded(), now: now, rate: rate, cost: cost).decision
    }

    /// The start of the window holding `now`, clamped to `Int64`.
    private func windowStart(_ now: Int64, _ window: Int64) -> Int64 {
        let (start, overflow) = floorDiv(now, window).multipliedReportingOverflow(by: window)
        return overflow ? (now < 0 ? .min : .max) : start
    }

    /// Microseconds from `now` to the end of the window at `start`, without overflow.
    private func untilEnd(of start: Int64, _ window: Int64, _ now: Int64) -> Int64 {
        let (sinceStart, overflow) = now.subtractingReportingOverflow(start)
        return overflow ? window : window - min(max(sinceStart, 0), window)
    }
}
