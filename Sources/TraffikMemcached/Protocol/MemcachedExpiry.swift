// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A time to live as Memcached's `T` and `N` flags take it: whole seconds, rounded up.
///
/// Memcached's clock ticks in whole seconds, so an item given one second may expire at once; every positive time
/// to live is therefore rounded up and given one second more (an item that outlives its state by a second decides
/// the same). `nil` means never (`0`). Memcached reads a number above 30 days as a Unix time, so a longer time to
/// live is sent as the wall-clock time it ends at.
public struct MemcachedExpiry: Sendable, Hashable, CustomStringConvertible {
    /// The token for the flag: seconds, `0` for never, a Unix time past 30 days, `-1` to expire at once.
    public let token: Int64

    /// The longest relative time to live Memcached accepts.
    static let relativeLimit: Int64 = 30 * 24 * 3600

    /// The latest absolute expiry Memcached reads: the largest 32-bit Unix time.
    static let absoluteLimit = Int64(Int32.max)

    /// An item that never expires (unless evicted).
    public static let never = MemcachedExpiry(token: 0)

    private init(token: Int64) { self.token = token }

    /// `duration` rounded up to seconds, plus one; `nil` means never, zero or less expires at once.
    public init(_ duration: Duration?) {
        guard let duration else {
            self = .never
            return
        }
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else {
            self.init(token: -1)
            return
        }
        // Clamped, so no duration traps: Memcached reads the token as a 32-bit number, so an absolute time stops at
        // its largest (early 2038), as good as forever for a rate limiter's state.
        let (rounded, overflow) = seconds.addingReportingOverflow((attoseconds > 0 ? 1 : 0) + 1)
        if !overflow, rounded <= Self.relativeLimit {
            self.init(token: rounded)
        } else {
            let (end, late) = Int64(time(nil)).addingReportingOverflow(overflow ? .max : rounded)
            self.init(token: late ? Self.absoluteLimit : min(end, Self.absoluteLimit))
        }
    }

    /// `microseconds` of time to live (a strategy's), as an expiry.
    init(microseconds: Int64) {
        self.init(microseconds > 0 ? .microseconds(microseconds) : .zero)
    }

    /// The token.
    public var description: String { String(token) }
}
