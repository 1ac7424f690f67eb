// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A clock that moves only when told to: the test clock for deterministic decisions.
///
/// ```swift
/// let clock = ManualClock(microseconds: 1_700_000_000_000_000)
/// let backend = InMemoryBackend(clock: clock)
/// // ... hit until throttled ...
/// clock.advance(by: .seconds(60))
/// ```
public final class ManualClock: ThrottleClock {
    private let now: Atomic<Int64>

    /// Creates a clock reading `microseconds` since the Unix epoch (by default 2023-11-14T22:13:20Z).
    public init(microseconds: Int64 = 1_700_000_000_000_000) {
        self.now = Atomic(microseconds)
    }

    public func nowMicroseconds() -> Int64 { now.load(ordering: .acquiring) }

    /// Moves the clock forward (or back, for a negative duration).
    public func advance(by duration: Duration) {
        now.add(duration.wholeMicroseconds, ordering: .acquiringAndReleasing)
    }

    /// Sets the clock to `microseconds` since the Unix epoch.
    public func set(microseconds: Int64) {
        now.store(microseconds, ordering: .releasing)
    }
}
