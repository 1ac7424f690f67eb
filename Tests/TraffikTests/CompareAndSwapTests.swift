// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik
import TraffikTestSupport

/// The one compare-and-swap loop of the shared stores: how many attempts, what pause between them, what error.
@Suite struct CompareAndSwapTests {
    static let allowed = Decision.unrestricted(.strategy)

    @Test func aWriteThatGoesThroughEndsTheLoop() async throws {
        let attempts = Shared(0)
        let retries = Shared(0)
        let decision = try await CompareAndSwap.run(
            key: "k",
            attempts: 5,
            onRetry: { retries.withLock { $0 += 1 } },
            sleep: { _ in }
        ) {
            attempts.withLock { $0 += 1 }
            return attempts.value < 3 ? nil : Self.allowed
        }
        #expect(decision.reason == .strategy)
        #expect(attempts.value == 3)
        #expect(retries.value == 2)
    }

    @Test func everyAttemptLostIsContentionAfterTheLastWithJitteredPausesBetween() async throws {
        let attempts = Shared(0)
        let pauses = Shared<[Duration]>([])
        let error = await #expect(throws: BackendError.self) {
            try await CompareAndSwap.run(
                key: "hot",
                attempts: 8,
                sleep: { pause in pauses.withLock { $0.append(pause) } }
            ) {
                attempts.withLock { $0 += 1 }
                return nil
            }
        }
        #expect(error?.kind == .contention)
        #expect(error?.message.contains("hot") == true)
        #expect(attempts.value == 8)
        #expect(pauses.value.count == 7)
        #expect(pauses.value.allSatisfy { $0 >= .zero && $0 <= .milliseconds(20) })
    }

    @Test func theCeilingDoublesFromATenthOfAMillisecondToTwentyMilliseconds() {
        let policy = CompareAndSwap.pauses(attempts: 32)
        #expect(policy.delay(beforeRetry: 1) == .microseconds(100))
        #expect(policy.delay(beforeRetry: 2) == .microseconds(200))
        #expect(policy.delay(beforeRetry: 9) == .milliseconds(20))
        #expect(policy.delay(beforeRetry: 31) == .milliseconds(20))
        #expect(CompareAndSwap.pauses(attempts: 0).maximumAttempts == 1)
    }
}
