// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A weighted pair of clock-aligned windows: the previous window's count fades out linearly as the current one
/// advances, which smooths the boundary bursts of ``FixedWindow`` at the cost of one more integer per key.
///
/// The weighted count is `previous × (W − elapsed) / W + current`, computed exactly in integers. The wait of a
/// refused request is exact: retrying after it passes (``Decision/retryAfter``). Refused requests consume nothing.
public struct SlidingWindowCounter: RateLimitAlgorithm {
    /// The current window and the counts of it and the one before.
    public struct State: StrategyState {
        public static var formatTag: UInt8 { 0x11 }
        /// The start of the current window, in microseconds since the Unix epoch.
        public var windowStart: Int64
        /// The units admitted in the previous window.
        public var previous: Int64
        /// The units admitted in the current window.
        public var current: Int64

        /// Creates a state.
        public init(windowStart: Int64, previous: Int64, current: Int64) {
            self.windowStart = windowStart
            self.previous = previous
            self.current = current
        }

        public init?(from reader: inout StateReader) {
            guard let start = reader.readInt64(), let previous = reader.readInt64(), let current = reader.readInt64(),
                previous >= 0, current >= 0
            else { return nil }
            self.init(windowStart: start, previous: previous, current: current)
        }

        public func encode(to writer: inout StateWriter) {
            writer.write(windowStart)
            writer.write(previous)
            writer.write(current)
        }
    }

    /// Creates the strategy.
    public init() {}

    public var name: String { "sliding-window-counter" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        // A state no strategy could have written (a planted far-future window, an impossible count) is a fresh key.
        let state = state.within(StateBounds(now: now, rate: rate))
        let window = rate.periodMicroseconds
        let limit = Int64(rate.limit)
        let units = Int64(cost)
        var start = floorDiv(now, window) &* window
        var previous: Int64 = 0
        var current: Int64 = 0
        if let state {
            if state.windowStart >= start {
                start = state.windowStart
                previous = state.previous
                current = state.current
            } else if state.windowStart == start &- window {
                previous = state.current
            }
        }
        let elapsed = min(max(now &- start, 0), window)
        let untilEnd = window &- elapsed
        // After the clock stepped back before the stored window, the counts are weighed as at its start, and every
        // duration reported from `now` includes the distance to it.
        let behind = max(start &- now, 0)
        let capacity = mulClamped(limit, window)
        func weighted() -> Int64 { addClamped(mulClamped(previous, untilEnd), mulClamped(current, window)) }
        func resetAfter() -> Int64 {
            let reset = current > 0 ? untilEnd &+ window : (previous > 0 ? untilEnd : 0)
            return reset > 0 ? addClamped(behind, reset) : 0
        }
        func remaining() -> Int64 { floorDiv(capacity &- weighted(), window) }
        func transition(_ decision: Decision) -> Transition<State> {
            Transition(
                decision: decision,
                state: State(windowStart: start, previous: previous, current: current),
                ttlMicroseconds: max(resetAfter(), behind)
            )
        }
        if units > limit {
            return transition(
                .exceedsCapacity(limit: limit, remaining: remaining(), resetAfter: resetAfter(), rate: rate)
            )
        }
        let needed = max(units, 1)
        let allowed = addClamped(weighted(), mulClamped(needed, window)) <= capacity
        if allowed {
            current += units
            return transition(
                .strategy(
                    allowed: true,
                    limit: limit,
                    remaining: remaining(),
                    retryAfter: 0,
                    resetAfter: resetAfter(),
                    rate: rate
                )
            )
        }
        return transition(
            .strategy(
                allowed: false,
                limit: limit,
                remaining: remaining(),
                retryAfter: addClamped(
                    behind,
                    wait(
                        for: needed,
                        previous: previous,
                        current: current,
                        untilEnd: untilEnd,
                        window: window,
                        limit: limit
                    )
                ),
                resetAfter: resetAfter(),
                rate: rate
            )
        )
    }

    /// The exact time until `units` fit, given that they do not fit now.
    private func wait(
        for units: Int64,
        previous: Int64,
        current: Int64,
        untilEnd: Int64,
        window: Int64,
        limit: Int64
    ) -> Int64 {
        if current <= limit - units, previous > 0 {
            // Fits in this window once the previous window's share has faded enough:
            // previous × (untilEnd − d) + (current + units) × W ≤ limit × W.
            let excess = mulClamped(previous, untilEnd) &+ mulClamped(current - (limit - units), window)
            return ceilDiv(excess, previous)
        }
        // Needs the next window, where this window's count fades: current × (W − x) + units × W ≤ limit × W.
        guard current > 0 else { return untilEnd }
        return untilEnd &+ ceilDiv(mulClamped(window, current - (limit - units)), current)
    }
}
