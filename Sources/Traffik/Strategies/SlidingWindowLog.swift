// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// An exact log of admitted requests over the last period: at most `limit` units in any window of that length.
///
/// The most precise window strategy, and the most expensive: the state holds one entry per distinct admission
/// time (at most `limit` entries), so memory grows with the limit. Refused requests consume nothing, and the wait
/// of a refused request is the time until enough old entries have left the window for its whole cost.
///
/// Limits are capped at ``maximumLimit`` (1,000 per period): every decision reads and rewrites the whole log, on
/// Redis inside the server's single thread. For larger limits use ``SlidingWindowCounter`` (two counters, close
/// to exact) or ``GCRA`` (exact spacing, one timestamp).
public struct SlidingWindowLog: RateLimitAlgorithm {
    /// The largest limit the log takes: its state holds up to one entry per unit admitted in a period, and a
    /// decision reads and rewrites all of them, refused or not. Measured on Redis 7 (one `EVAL` on a full log, on a
    /// busy two-core machine): 0.6 ms of the server's single thread at 1,000 entries, 6 ms at 10,000, 93 ms at
    /// 100,000; so at this cap a client hammering a full log cannot hold Redis for more than a fraction of a
    /// millisecond per request. A throttle refuses a larger fixed rate when it is built, and a larger computed rate
    /// at decision time (``Strategy/validate(_:)``).
    public static let maximumLimit = 1_000

    static let capExceeded =
        "the limit is above the sliding-window log's cap of \(maximumLimit) per period (each decision reads the whole "
        + "log, on Redis inside the server's single thread); use Strategy.slidingWindowCounter or Strategy.gcra for "
        + "larger limits"

    /// Admitted costs by time, oldest first, and the latest time the log was decided at.
    public struct State: StrategyState {
        public static var formatTag: UInt8 { 0x12 }
        /// One admission: when, and how many units.
        public struct Entry: Sendable, Hashable {
            /// Microseconds since the Unix epoch.
            public var time: Int64
            /// Units admitted at that time.
            public var cost: Int64

            /// Creates an entry.
            public init(time: Int64, cost: Int64) {
                self.time = time
                self.cost = cost
            }
        }
        /// The admissions still inside the window, oldest first.
        public var entries: [Entry]
        /// The latest time a request was decided on this log, in microseconds since the Unix epoch. A clock that
        /// steps back decides as if at this time, so that the time it gives back does not empty the window twice.
        public var updatedAt: Int64

        /// Creates a state.
        public init(entries: [Entry], updatedAt: Int64) {
            self.entries = entries
            self.updatedAt = updatedAt
        }

        public init?(from reader: inout StateReader) {
            guard let updatedAt = reader.readInt64(), let count = reader.readInt64(), count >= 0,
                count <= Int64(reader.remainingCount) / 16
            else {
                return nil
            }
            var entries: [Entry] = []
            entries.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let time = reader.readInt64(), let cost = reader.readInt64(), cost > 0 else { return nil }
                entries.append(Entry(time: time, cost: cost))
            }
            self.init(entries: entries, updatedAt: updatedAt)
        }

        public func encode(to writer: inout StateWriter) {
            writer.write(updatedAt)
            writer.write(Int64(entries.count))
            for entry in entries {
                writer.write(entry.time)
                writer.write(entry.cost)
            }
        }
    }

    /// Creates the strategy.
    public init() {}

    public var name: String { "sliding-window-log" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        // A state no strategy could have written (a planted far-future window, an impossible count) is a fresh key.
        let state = state.within(StateBounds(now: now, rate: rate))
        let window = rate.periodMicroseconds
        let limit = Int64(rate.limit)
        let units = Int64(cost)
        // After the clock stepped back, decide as at the latest time seen; waits are still measured from `now`.
        let latest = max(now, state?.updatedAt ?? now)
        var entries = state?.entries ?? []
        let horizon = latest &- window
        if let firstLive = entries.firstIndex(where: { $0.time > horizon }) {
            entries.removeFirst(firstLive)
        } else {
            entries.removeAll(keepingCapacity: true)
        }
        var used = entries.reduce(Int64(0)) { addClamped($0, $1.cost) }
        func resetAfter() -> Int64 { entries.last.map { $0.time &+ window &- now } ?? 0 }
        func transition(_ decision: Decision) -> Transition<State> {
            Transition(
                decision: decision,
                state: State(entries: entries, updatedAt: latest),
                ttlMicroseconds: max(resetAfter(), latest &- now)
            )
        }
        if units > limit {
            return transition(
                .exceedsCapacity(limit: limit, remaining: limit - used, resetAfter: resetAfter(), rate: rate)
            )
        }
        let needed = max(units, 1)
        guard used <= limit - needed else {
            // Wait until the oldest entries holding the excess have left the window.
            var excess = used - (limit - needed)
            var wait: Int64 = 0
            for entry in entries {
                excess -= entry.cost
                wait = entry.time &+ window &- now
                if excess <= 0 { break }
            }
            return transition(
                .strategy(
                    allowed: false,
                    limit: limit,
                    remaining: limit - used,
                    retryAfter: wait,
                    resetAfter: resetAfter(),
                    rate: rate
                )
            )
        }
        if units > 0 {
            if let last = entries.last, last.time == latest {
                entries[entries.count - 1].cost += units
            } else {
                entries.append(State.Entry(time: latest, cost: units))
            }
            used += units
        }
        return transition(
            .strategy(
                allowed: true,
                limit: limit,
                remaining: limit - used,
                retryAfter: 0,
                resetAfter: resetAfter(),
                rate: rate
            )
        )
    }
}
