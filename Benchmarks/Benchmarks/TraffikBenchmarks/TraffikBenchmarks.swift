// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark

/// The suite: the in-memory decision path, new keys into a full table, task-local backend resolution, the throttle layer on top, and the rate-limit headers of a response.
///
/// Every benchmark runs 1,000 operations per sample (`scalingFactor: .kilo`), so the reported wall clock and
/// malloc counts are per operation. BENCHMARKS.md at the repository root records the figures and how to run them.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, allowedPercent],
        timeUnits: .nanoseconds,
        warmupIterations: 20,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 1_000_000
    )
    let keys = KeySet(count: 100_000)
    registerBaselines(keys: keys)
    registerBackendBenchmarks(keys: keys)
    registerEvictionBenchmarks(keys: keys)
    registerTaskLocalBenchmarks()
    registerThrottleBenchmarks(keys: keys)
    registerHeaderBenchmarks()
}
