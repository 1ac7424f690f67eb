// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@Suite struct ConcurrencyTests {
    /// Each strategy configured so that its capacity is exactly 100 at a frozen instant.
    static let strategies: [Strategy] = [
        .fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket(), .tokenBucketWithDebt(),
        .leakyBucket, .leakyBucketWithQueue,
        // GCRA admits 1 + τ/T at once; T is 600 ms at 100/min, so τ = 99 × 600 ms.
        .gcra(burstTolerance: .milliseconds(59_400)),
    ]

    @Test(arguments: strategies)
    func oneThousandConcurrentHitsOnOneKeyAdmitExactlyTheLimit(strategy: Strategy) async throws {
        let backend = InMemoryBackend(clock: ManualClock())
        let throttle = try Throttle<String>(
            uid: uniqueUID(),
            rate: "100/min",
            strategy: strategy,
            backend: .fixed(backend)
        )
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await throttle.hit("hot").isAllowed }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 100)
    }

    @Test func runtimeUpdatesDuringHitsStayConsistent() async throws {
        let backend = InMemoryBackend(clock: ManualClock())
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "50/min", backend: .fixed(backend))
        let results = try await withThrowingTaskGroup(of: Decision.self) { group in
            for index in 0..<500 {
                group.addTask {
                    if index == 250 { try throttle.update(rate: "80/min") }
                    return try await throttle.hit("c\(index % 5)")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Every decision saw one whole configuration: its limit is one of the two rates.
        #expect(results.allSatisfy { $0.limit == 50 || $0.limit == 80 })
        #expect(results.filter(\.isAllowed).count <= 5 * 80)
    }
}
