// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Many concurrent hits on one key: the test that a shared store admits exactly the limit, however the hits race.
public enum HotKey {
    /// Each built-in strategy configured so that its capacity is exactly 100 at a frozen instant of a
    /// 100-per-minute rate.
    public static let strategies: [Strategy] = [
        .fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket(), .tokenBucketWithDebt(),
        .leakyBucket, .leakyBucketWithQueue, .gcra(burstTolerance: .milliseconds(59_400)),
    ]

    /// Sends `hits` concurrent decisions of cost 1 on the key `hot`, spread over `backends` in turn (standing in for
    /// server processes), and returns how many were admitted.
    public static func admitted(
        _ strategy: Strategy,
        rate: Rate,
        backends: [any ThrottleBackend],
        hits: Int = 1_000
    ) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<hits {
                let backend = backends[index % backends.count]
                group.addTask {
                    try await backend.decide(key: "hot", strategy: strategy, rate: rate, cost: 1, commit: true)
                        .isAllowed
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }
}
