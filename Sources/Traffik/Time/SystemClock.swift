// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's clock: the wall time read once at creation, advanced by the monotonic clock afterwards.
///
/// Windows stay aligned to the wall clock, and a wall-clock step (NTP, an operator) never moves a decision backwards.
public struct SystemClock: ThrottleClock {
    /// Wall time minus monotonic time at creation, in microseconds: adding the monotonic time gives the time now.
    private let offset: Int64

    /// Creates a clock anchored at the current wall time.
    public init() {
        self.offset = Self.read(CLOCK_REALTIME) &- Self.read(CLOCK_MONOTONIC)
    }

    public func nowMicroseconds() -> Int64 {
        offset &+ Self.read(CLOCK_MONOTONIC)
    }

    /// A clock's reading in microseconds, in integers (no `Duration` arithmetic on the hot path).
    @inline(__always)
    private static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) &* 1_000_000 &+ Int64(spec.tv_nsec) / 1_000
    }
}
