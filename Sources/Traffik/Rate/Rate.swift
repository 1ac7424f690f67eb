// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A rate limit: at most `limit` units of cost per `period`.
///
/// Build one with a typed constructor or parse it from a string:
///
/// ```swift
/// let a = try Rate.perMinute(100)
/// let b = try Rate(limit: 10, period: .seconds(30))
/// let c = try Rate(parsing: "200/500ms")
/// let free = Rate.unlimited
/// ```
///
/// Time is kept in whole microseconds, so a period may be as short as one microsecond and rates of a million
/// per second or more are exact.
public struct Rate: Sendable, Hashable {
    /// The number of cost units admitted per period; `0` for ``unlimited``.
    public let limit: Int
    /// The period in microseconds; `0` for ``unlimited``.
    public let periodMicroseconds: Int64

    /// A rate that never throttles. Throttles with this rate do no backend work at all.
    public static let unlimited = Rate(uncheckedLimit: 0, periodMicroseconds: 0)

    /// Creates a rate of `limit` units per `period`.
    ///
    /// - Throws: ``RateError`` when `limit` is below 1, `period` is shorter than a microsecond, or the limit is too
    ///   large to count exactly over the period.
    public init(limit: Int, period: Duration) throws(RateError) {
        guard limit >= 1 else {
            throw RateError(
                input: "\(limit)/\(period)",
                part: .limit,
                reason: "the limit must be at least 1 (use Rate.unlimited for no limit)"
            )
        }
        let micros = period.wholeMicroseconds
        guard micros >= 1 else {
            throw RateError(
                input: "\(limit)/\(period)",
                part: .period,
                reason: "the period must be at least one microsecond"
            )
        }
        guard Rate.fits(limit: limit, periodMicroseconds: micros) else {
            throw RateError(input: "\(limit)/\(period)", part: .limit, reason: Rate.tooLarge)
        }
        self.init(uncheckedLimit: limit, periodMicroseconds: micros)
    }

    init(uncheckedLimit limit: Int, periodMicroseconds: Int64) {
        self.limit = limit
        self.periodMicroseconds = periodMicroseconds
    }

    /// Whether this rate never throttles.
    public var isUnlimited: Bool { periodMicroseconds == 0 }

    /// The period as a `Duration` (`.zero` for ``unlimited``).
    public var period: Duration { .microseconds(periodMicroseconds) }

    /// `limit` units per second.
    ///
    /// ```swift
    /// let rate = try Rate.perSecond(tenant.requestsPerSecond)
    /// ```
    ///
    /// - Throws: ``RateError`` when `limit` is below 1 or too large to count exactly over the period, as when a
    ///   limit comes from tenant data: a clear error, never a trap.
    public static func perSecond(_ limit: Int) throws(RateError) -> Rate { try .checked(limit, 1_000_000, "s") }
    /// `limit` units per minute.
    ///
    /// - Throws: ``RateError`` when `limit` is below 1 or too large (see ``perSecond(_:)``).
    public static func perMinute(_ limit: Int) throws(RateError) -> Rate { try .checked(limit, 60_000_000, "min") }
    /// `limit` units per hour.
    ///
    /// - Throws: ``RateError`` when `limit` is below 1 or too large (see ``perSecond(_:)``).
    public static func perHour(_ limit: Int) throws(RateError) -> Rate { try .checked(limit, 3_600_000_000, "h") }
    /// `limit` units per day (24 hours).
    ///
    /// - Throws: ``RateError`` when `limit` is below 1 or too large (see ``perSecond(_:)``).
    public static func perDay(_ limit: Int) throws(RateError) -> Rate { try .checked(limit, 86_400_000_000, "d") }

    private static func checked(_ limit: Int, _ micros: Int64, _ unit: String) throws(RateError) -> Rate {
        guard limit >= 1 else {
            throw RateError(
                input: "\(limit)/\(unit)",
                part: .limit,
                reason: "the limit must be at least 1 (use Rate.unlimited for no limit)"
            )
        }
        guard fits(limit: limit, periodMicroseconds: micros) else {
            throw RateError(input: "\(limit)/\(unit)", part: .limit, reason: tooLarge)
        }
        return Rate(uncheckedLimit: limit, periodMicroseconds: micros)
    }

    /// The most `limit × period` (in microseconds) may be. Strategies count work in units of the period; below
    /// 2^52 every amount they add stays exact even in the double-precision arithmetic of Redis's Lua, so every
    /// backend gives the same answer. (A million per second is 10^12; ten thousand per day, 8.64 × 10^14.)
    public static let maximumWork: Int64 = 1 << 52

    static let tooLarge = "the limit is too large for the period (limit × period in microseconds must stay below 2^52)"

    /// Whether strategies can count `limit` units of this period exactly.
    static func fits(limit: Int, periodMicroseconds: Int64) -> Bool {
        let (work, overflow) = Int64(limit).multipliedReportingOverflow(by: periodMicroseconds)
        return !overflow && work <= maximumWork
    }
}

extension Rate: CustomStringConvertible {
    /// A compact form that ``init(parsing:)`` reads back, such as `100/1min` or `5/250ms`.
    public var description: String {
        if isUnlimited { return "unlimited" }
        let units: [(Int64, String)] = [
            (86_400_000_000, "d"), (3_600_000_000, "h"), (60_000_000, "min"), (1_000_000, "s"), (1_000, "ms"),
        ]
        for (size, name) in units where periodMicroseconds % size == 0 {
            return "\(limit)/\(periodMicroseconds / size)\(name)"
        }
        return "\(limit)/\(periodMicroseconds)us"
    }
}

extension Duration {
    /// The duration in whole microseconds, rounded toward zero and clamped to `Int64`.
    var wholeMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        return overflow2 ? (seconds < 0 ? .min : .max) : sum
    }
}
