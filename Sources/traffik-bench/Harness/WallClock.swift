// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Wall-clock microseconds since 1970, as the servers' strategies read them (``SystemClock``).
enum WallClock {
    private static let clock = SystemClock()

    static func now() -> Int64 { clock.nowMicroseconds() }

    /// How long to wait so that a run of a scenario at `periodMicroseconds` starts where its expectation is exact:
    /// 50 ms into a window when `aligned`, else out of the last 5 s (or last half) of a window, so that no burst
    /// straddles a window edge.
    static func waitBeforeRun(periodMicroseconds period: Int64, aligned: Bool, now: Int64) -> Int64 {
        let into = now % period
        let lead: Int64 = 50_000
        if aligned { return into <= lead ? lead - into : period - into + lead }
        let margin = min(5_000_000, period / 2)
        return period - into < margin ? period - into + lead : 0
    }
}
