// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// At most `limit` units per window, windows aligned to the clock (a one-minute window starts on the minute).
///
/// The cheapest strategy and the default. A client can spend a whole budget at the end of one window and another at
/// the start of the next, so bursts of up to twice the limit can pass around a boundary; use
/// ``SlidingWindowCounter`` or ``GCRA`` where that matters. Refused requests consume nothing.
public struct FixedWindow: RateLimitAlgorithm {
    /// The window a key last counted in, and its count.
    public struct State: StrategyState {
        public static var formatTag: UInt8 { 0x10 }
        /// The start of the window, in microseconds since the Unix epoch.
        public var windowStart: Int64
        /// The units admitted in that window.
        public var count: Int64

        /// Creates a state.
        public init(windowStart: Int64, count: Int64) {
            self.windowStart = windowStart
            self.count = count
        }

        public init?(from reader: inout StateReader) {
            guard let start = reader.readInt64(), let count = reader.readInt64(), count >= 0 else { return nil }
            self.init(windowStart: start, count: count)
        }

        public func encode(to writer: inout StateWriter) {
            writer.write(windowStart)
            writer.write(count)
        }
    }

    /// Creates the strategy.
    public init() {}

    public var name: String { "fixed-window" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        // A state no strategy could have written (a planted far-future window, an impossible count) is a fresh key.
        let state = state.within(StateBounds(now: now, rate: rate))
        let window = rate.periodMicroseconds
        let limit = Int64(rate.limit)
        let units = Int64(cost)
        var start = floorDiv(now, window) &* window
        var count: Int64 = 0
        if let state, state.windowStart >= start {
            // The stored window is the current one, or (after a clock step back) a later one: keep counting in it.
            start = state.windowStart
            count = state.count
        }
        let end = start &+ window
        let untilEnd = end &- now
        func transition(_ decision: Decision) -> Transition<State> {
            Transition(
                decision: decision,
                state: State(windowStart: start, count: count),
                // An empty window later than `now` (the clock stepped back) still holds the latest window.
                ttlMicroseconds: count > 0 ? untilEnd : max(start &- now, 0)
            )
        }
        if units > limit {
            return transition(
                .exceedsCapacity(
                    limit: limit,
                    remaining: limit - count,
                    resetAfter: count > 0 ? untilEnd : 0,
                    rate: rate
                )
            )
        }
        let needed = max(units, 1)
        let allowed = count <= limit - needed
        if allowed { count += units }
        return transition(
            .strategy(
                allowed: allowed,
                limit: limit,
                remaining: limit - count,
                retryAfter: untilEnd,
                resetAfter: count > 0 ? untilEnd : 0,
                rate: rate
            )
        )
    }
}
