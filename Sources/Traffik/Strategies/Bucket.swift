// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The arithmetic shared by the bucket strategies and ``GCRA``: a level of consumed work that drains at the rate.
///
/// Work is counted in ticks: one unit of cost is `W` ticks (the period in microseconds) and the level drains `L`
/// ticks per microsecond (the limit), so the drain rate `L/W` units per microsecond is exact in integers for every
/// rate. A request of `cost` units passes when `level + cost × W ≤ capacity`.
struct Bucket {
    /// The most work the bucket holds, in ticks.
    let capacity: Int64
    /// The capacity reported in decisions, in units.
    let limit: Int64
    let rate: Rate

    /// A bucket holding `capacity` ticks, at most ``Rate/maximumWork`` so that every backend computes it exactly.
    init(capacity: Int64, limit: Int64, rate: Rate) {
        self.capacity = min(capacity, Rate.maximumWork)
        self.limit = min(limit, self.capacity / rate.periodMicroseconds)
        self.rate = rate
    }

    /// The level at `now`, after draining since the state was written.
    func level(of state: BucketState?, at now: Int64) -> Int64 {
        guard let state else { return 0 }
        let elapsed = max(now &- state.updatedAt, 0)
        return max(state.level &- mulClamped(elapsed, Int64(rate.limit)), 0)
    }

    func decide(_ state: BucketState?, now: Int64, cost: Int, reportDelay: Bool = false) -> Transition<BucketState> {
        // A state no strategy could have written (a planted far-future time, an impossible level) is a fresh key.
        let state = state.within(StateBounds(now: now, rate: rate))
        let unit = rate.periodMicroseconds
        let drain = Int64(rate.limit)
        var level = self.level(of: state, at: now)
        let updatedAt = max(now, state?.updatedAt ?? now)
        // After the clock stepped back, nothing drains until it is back at `updatedAt`: every duration reported
        // from `now` includes that distance.
        let behind = max(updatedAt &- now, 0)
        func untilDrained(_ level: Int64) -> Int64 { addClamped(behind, ceilDiv(level, drain)) }
        func resetAfter() -> Int64 { level > 0 ? untilDrained(level) : 0 }
        let before = level
        func transition(_ decision: Decision) -> Transition<BucketState> {
            Transition(
                decision: decision,
                state: BucketState(level: level, updatedAt: updatedAt),
                ttlMicroseconds: untilDrained(level)
            )
        }
        func remaining() -> Int64 { floorDiv(capacity &- level, unit) }
        let work = mulClamped(Int64(cost), unit)
        if work > capacity {
            return transition(
                .exceedsCapacity(limit: limit, remaining: remaining(), resetAfter: resetAfter(), rate: rate)
            )
        }
        let needed = max(work, unit)
        guard addClamped(level, needed) <= capacity else {
            let wait = addClamped(behind, ceilDiv(addClamped(level, needed) &- capacity, drain))
            return transition(
                .strategy(
                    allowed: false,
                    limit: limit,
                    remaining: remaining(),
                    retryAfter: wait,
                    resetAfter: resetAfter(),
                    rate: rate
                )
            )
        }
        level += work
        return transition(
            .strategy(
                allowed: true,
                limit: limit,
                remaining: remaining(),
                retryAfter: 0,
                resetAfter: resetAfter(),
                rate: rate,
                delay: reportDelay && cost > 0 && before > 0 ? untilDrained(before) : 0
            )
        )
    }
}

/// The state of every bucket strategy and of ``GCRA``: the consumed level, in ticks, at a time.
///
/// The four bucket strategies and GCRA read the same state, so switching a throttle between them keeps what each
/// client has consumed.
public struct BucketState: StrategyState {
    public static var formatTag: UInt8 { 0x13 }
    /// Consumed work in ticks (units × period in microseconds).
    public var level: Int64
    /// When `level` was measured, in microseconds since the Unix epoch.
    public var updatedAt: Int64

    /// Creates a state.
    public init(level: Int64, updatedAt: Int64) {
        self.level = level
        self.updatedAt = updatedAt
    }

    public init?(from reader: inout StateReader) {
        guard let level = reader.readInt64(), let updatedAt = reader.readInt64(), level >= 0 else { return nil }
        self.init(level: level, updatedAt: updatedAt)
    }

    public func encode(to writer: inout StateWriter) {
        writer.write(level)
        writer.write(updatedAt)
    }
}
