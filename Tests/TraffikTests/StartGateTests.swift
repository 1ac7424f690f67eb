// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing
@_spi(Backend) import Traffik

@Suite struct StartGateTests {
    @Test func runsOnceForConcurrentCallers() async throws {
        let gate = StartGate()
        let runs = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await gate.run {
                        runs.increment()
                        await Task.yield()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(runs.value == 1)
        #expect(gate.isStarted)
    }

    @Test func aFailedStartIsTriedAgain() async throws {
        struct Refused: Error {}
        let gate = StartGate()
        let attempts = Counter()
        let work: @Sendable () async throws -> Void = {
            let attempt = attempts.increment()
            if attempt == 1 { throw Refused() }
        }
        await #expect(throws: Refused.self) { try await gate.run(work) }
        #expect(!gate.isStarted)
        try await gate.run(work)
        try await gate.run(work)
        #expect(attempts.value == 2)
    }
}

/// A count shared between tasks.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    @discardableResult
    func increment() -> Int {
        count.withLock {
            $0 += 1; return $0
        }
    }
}
