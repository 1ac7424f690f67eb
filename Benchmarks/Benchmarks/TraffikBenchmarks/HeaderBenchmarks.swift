// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Traffik
import TraffikHTTP

/// What the rate-limit headers of one response cost: every response of a throttled route carries them.
func registerHeaderBenchmarks() {
    let plain = Benchmark.Configuration(metrics: plainMetrics)
    let allowed = Decision(
        outcome: .allowed,
        limit: 100,
        remaining: 42,
        retryAfterMicroseconds: 0,
        resetAfterMicroseconds: 30_000_001,
        periodMicroseconds: 60_000_000
    )
    let throttled = Decision(
        outcome: .throttled,
        limit: 100,
        remaining: 0,
        retryAfterMicroseconds: 4_200_000,
        resetAfterMicroseconds: 30_000_001,
        periodMicroseconds: 60_000_000
    )
    let profiles: [(String, [RateLimitHeaders])] = [
        ("ietf", [.ietf(policy: "api")]),
        ("legacy", [.legacy()]),
        ("ietf + legacy", [.ietf(policy: "api"), .legacy()]),
    ]
    for (name, profile) in profiles {
        for (outcome, decision) in [("allowed", allowed), ("throttled", throttled)] {
            Benchmark("headers \(name), \(outcome)", configuration: plain) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(profile.fields(for: decision))
                }
            }
        }
    }
}
