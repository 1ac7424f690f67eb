// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Nearest-rank percentiles: the smallest sample such that at least `p` percent of the samples are no larger.
enum Percentile {
    /// The `p`th percentile (0 < p ≤ 100) of `sorted`, which must be in ascending order; `nil` when empty.
    static func nearestRank<T: Comparable>(_ p: Double, of sorted: [T]) -> T? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
