// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Concurrent hits on one key through a backend: the run behind `hits`, which several processes make at once to
/// check that together they admit exactly the limit.
struct ConcurrentHits {
    var key: String
    var strategy: Strategy
    var rate: Rate
    var hits: Int
    var concurrency: Int

    /// Makes the hits and returns how many were admitted.
    func admitted(on backend: some ThrottleBackend) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var admitted = 0
                    for _ in stride(from: worker, to: hits, by: concurrency) {
                        let decision = try await backend.decide(
                            key: key,
                            strategy: strategy,
                            rate: rate,
                            cost: 1,
                            commit: true
                        )
                        if decision.isAllowed { admitted += 1 }
                    }
                    return admitted
                }
            }
            return try await group.reduce(0, +)
        }
    }
}
