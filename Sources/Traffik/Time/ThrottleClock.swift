// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The source of "now" for a backend's decisions, in microseconds since the Unix epoch.
///
/// Fixed and sliding windows are aligned to this clock (a one-minute window starts on the minute). Backends read
/// their own clock; a Redis backend reads the server's `TIME` instead, so that every process sharing a store agrees.
/// Inject ``ManualClock`` in tests to make every decision deterministic.
public protocol ThrottleClock: Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    func nowMicroseconds() -> Int64
}
