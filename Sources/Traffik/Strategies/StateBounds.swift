// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The rule, written once, by which every backend tells a state its strategy could have written from a foreign,
/// corrupt or planted one: a state outside these bounds decides as no state at all, a fresh key.
///
/// It holds alike in memory, in the compare-and-swap loops, in Redis's Lua twins (whose text interpolates these
/// constants) and in Memcached's window counters. A state is out of bounds when it has
/// - a timestamp (a window start, an `updatedAt`, a log entry) later than `now` by more than ``tolerance`` (the
///   larger of one period and ``clockStepBackTolerance``), or earlier than `now` by more than ``maximumAge``;
/// - a count beyond any limit of the period: more than ``maximumCount`` units;
/// - a bucket level beyond any bucket's capacity: more than ``Rate/maximumWork`` ticks;
/// - a log with more entries than ``SlidingWindowLog/maximumLimit`` (or the rate's limit, if larger), or an entry
///   later than the log's `updatedAt`.
///
/// Within the bounds every value a strategy computes stays below 2^54, so the Swift functions never overflow and
/// the Lua twins, in doubles, decide the same. A clock that steps back by up to ``tolerance`` keeps its state (and a
/// spent budget stays spent); a state written more than ``tolerance`` ahead of the clock, as by a clock stepped
/// back further or by a planted far-future timestamp, starts afresh instead of refusing a client for years. A
/// level above the capacity of the strategy reading it is in bounds: the bucket strategies share their state, and
/// after a switch to a smaller bucket such a level waits until it fits.
///
/// ```swift
/// let bounds = StateBounds(now: now, rate: try .perMinute(100))
/// bounds.admits(time: now + 3_600_000_000)  // true: within an hour of the clock
/// bounds.admits(count: 1 << 62)              // false: no rate of one minute admits that many
/// ```
@_spi(Backend) public struct StateBounds: Sendable, Hashable {
    /// How far ahead of the clock a stored timestamp may be when the period is shorter: one hour, in microseconds.
    public static let clockStepBackTolerance: Int64 = 3_600_000_000
    /// How far behind the clock a stored timestamp may be: 2^53 µs (285 years). Every state of every strategy is
    /// as good as none by then (a window is at most ``Rate/maximumWork`` µs long, and a bucket holding at most that
    /// many ticks drains at least one per microsecond), so the bound changes no decision on a state a strategy wrote.
    public static let maximumAge: Int64 = 2 * Rate.maximumWork

    /// The largest number a strategy's decision carries: 2^53, the last integer before doubles skip. Counts and
    /// durations in a decision are held to `0...maximumValue` in Swift, and the Lua twins hold their replies to the
    /// same range (Redis turns a larger Lua number into a garbage integer).
    public static let maximumValue: Int64 = 1 << 53

    /// How long a shared store keeps a state written on a caller's clock (a test clock comparing backends), in
    /// microseconds of real time: one hour. Time to live counts on that clock, not the store's, so stores keep the
    /// state at least this long; that changes no decision, since a state past its time to live decides like none.
    public static let virtualClockRetention: Int64 = 3_600_000_000

    /// The store's clock, in microseconds since the Unix epoch.
    public let now: Int64
    /// The rate being decided.
    public let rate: Rate

    /// The bounds at `now` for `rate`.
    public init(now: Int64, rate: Rate) {
        self.now = now
        self.rate = rate
    }

    /// How far ahead of `now` a stored timestamp may be: the larger of one period and ``clockStepBackTolerance``.
    public var tolerance: Int64 { max(rate.periodMicroseconds, Self.clockStepBackTolerance) }

    /// The latest timestamp in bounds.
    public var latest: Int64 { addClamped(now, tolerance) }

    /// The earliest timestamp in bounds.
    public var earliest: Int64 { addClamped(now, -Self.maximumAge) }

    /// The most units any rate of this period can count: ``Rate/maximumWork`` / period.
    public var maximumCount: Int64 { Rate.maximumWork / max(rate.periodMicroseconds, 1) }

    /// The most entries a ``SlidingWindowLog`` state may hold.
    public var maximumLogEntries: Int { max(SlidingWindowLog.maximumLimit, rate.limit) }

    /// Whether a stored timestamp is within bounds.
    public func admits(time: Int64) -> Bool { time >= earliest && time <= latest }

    /// Whether a stored count of units is within bounds.
    public func admits(count: Int64) -> Bool { count >= 0 && count <= maximumCount }

    /// Whether a stored bucket level (in ticks) is within bounds.
    public func admits(level: Int64) -> Bool { level >= 0 && level <= Rate.maximumWork }
}

/// A state the built-in strategies check against ``StateBounds`` before deciding on it.
protocol BoundedState: StrategyState {
    /// Whether every field is within `bounds`.
    func isWithin(_ bounds: StateBounds) -> Bool
}

extension Optional where Wrapped: BoundedState {
    /// The state, or `nil` when it is out of `bounds` (a fresh key).
    func within(_ bounds: StateBounds) -> Wrapped? {
        flatMap { $0.isWithin(bounds) ? $0 : nil }
    }
}

extension FixedWindow.State: BoundedState {
    func isWithin(_ bounds: StateBounds) -> Bool {
        bounds.admits(time: windowStart) && bounds.admits(count: count)
    }
}

extension SlidingWindowCounter.State: BoundedState {
    func isWithin(_ bounds: StateBounds) -> Bool {
        bounds.admits(time: windowStart) && bounds.admits(count: previous) && bounds.admits(count: current)
    }
}

extension SlidingWindowLog.State: BoundedState {
    func isWithin(_ bounds: StateBounds) -> Bool {
        guard bounds.admits(time: updatedAt), entries.count <= bounds.maximumLogEntries else { return false }
        var used: Int64 = 0
        for entry in entries {
            guard entry.time >= bounds.earliest, entry.time <= updatedAt else { return false }
            used = addClamped(used, entry.cost)
            guard used <= bounds.maximumCount else { return false }
        }
        return true
    }
}

extension BucketState: BoundedState {
    func isWithin(_ bounds: StateBounds) -> Bool {
        bounds.admits(time: updatedAt) && bounds.admits(level: level)
    }
}
