// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

extension SlidingWindowLog.State {
    /// A log no strategy writes: one more unit entry than ``SlidingWindowLog/maximumLimit``, one microsecond apart
    /// from `first`.
    public static func longerThanTheCap(from first: Int64, updatedAt: Int64) -> Self {
        SlidingWindowLog.State(
            entries: (0..<Int64(SlidingWindowLog.maximumLimit + 1)).map { .init(time: first + $0, cost: 1) },
            updatedAt: updatedAt
        )
    }
}
