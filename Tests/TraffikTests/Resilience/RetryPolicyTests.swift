// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing
import Traffik
import TraffikTestSupport

@Suite struct RetryPolicyTests {
    struct Safe: Error {}
    struct Unsafe: Error {}

    @Test func theBackoffsGrowAsTheySayAndStopAtTheCap() {
        let constant = RetryPolicy(backoff: .constant(.milliseconds(5)), maximumDelay: .seconds(1))
        #expect((1...4).map(constant.delay(beforeRetry:)) == Array(repeating: .milliseconds(5), count: 4))
        let linear = RetryPolicy(backoff: .linear(step: .milliseconds(10)), maximumDelay: .milliseconds(25))
        #expect(
            (1...4).map(linear.delay(beforeRetry:)) == [
                .milliseconds(10), .milliseconds(20), .milliseconds(25), .milliseconds(25),
            ]
        )
        let exponential = RetryPolicy(
            backoff: .exponential(initial: .milliseconds(10), multiplier: 3),
            maximumDelay: .milliseconds(200)
        )
        #expect(
            (1...5).map(exponential.delay(beforeRetry:)) == [
                .milliseconds(10), .milliseconds(30), .milliseconds(90), .milliseconds(200), .milliseconds(200),
            ]
        )
    }

    /// Settings from configuration files: nothing traps, nothing is negative, nothing passes the cap.
    @Test(arguments: [
        RetryPolicy.Backoff.constant(.seconds(-1)), .constant(.seconds(Int64.max)), .linear(step: .seconds(Int64.max)),
        .exponential(initial: .seconds(Int64.max), multiplier: .infinity),
        .exponential(initial: .milliseconds(1), multiplier: .nan),
        .exponential(initial: .milliseconds(1), multiplier: -4), .exponential(initial: .milliseconds(-1)),
    ])
    func extremeSettingsGiveDelaysWithinZeroAndTheCap(_ backoff: RetryPolicy.Backoff) {
        let policy = RetryPolicy(maximumAttempts: -3, backoff: backoff, maximumDelay: .milliseconds(100))
        #expect(policy.maximumAttempts == 1)
        for retry in [Int.min, -1, 0, 1, 2, 63, 64, 1_000, Int.max] {
            let delay = policy.delay(beforeRetry: retry)
            #expect(delay >= .zero && delay <= .milliseconds(100), "\(backoff) retry \(retry): \(delay)")
        }
    }

    @Test func jitterStaysWithinItsShare() {
        var generator = SystemRandomNumberGenerator()
        let full = RetryPolicy(backoff: .constant(.milliseconds(100)), jitter: .full)
        let equal = RetryPolicy(backoff: .constant(.milliseconds(100)), jitter: .equal)
        let none = RetryPolicy(backoff: .constant(.milliseconds(100)), jitter: .none)
        var fullPauses: Set<Duration> = []
        for _ in 0..<200 {
            let pause = full.pause(beforeRetry: 1, using: &generator)
            #expect(pause >= .zero && pause <= .milliseconds(100))
            fullPauses.insert(pause)
            let half = equal.pause(beforeRetry: 1, using: &generator)
            #expect(half >= .milliseconds(50) && half <= .milliseconds(100))
            #expect(none.pause(beforeRetry: 1, using: &generator) == .milliseconds(100))
        }
        #expect(fullPauses.count > 1, "full jitter spreads the pauses")
    }

    @Test func safeFailuresAreRetriedUpToTheLimitWithAPauseBetween() async throws {
        let policy = RetryPolicy(maximumAttempts: 3, backoff: .constant(.milliseconds(7)), jitter: .none)
        let attempts = Shared(0)
        let pauses = Shared<[Duration]>([])
        await #expect(throws: Safe.self) {
            try await policy.run(
                isSafeToRetry: { $0 is Safe },
                sleep: { pause in pauses.withLock { $0.append(pause) } }
            ) {
                attempts.withLock { $0 += 1 }
                throw Safe()
            }
        }
        #expect(attempts.withLock { $0 } == 3)
        #expect(pauses.withLock { $0 } == [.milliseconds(7), .milliseconds(7)])
    }

    @Test func aSuccessAfterAFailureIsReturned() async throws {
        let attempts = Shared(0)
        let value = try await RetryPolicy().run(isSafeToRetry: { $0 is Safe }, sleep: { _ in }) {
            let attempt = attempts.withLock {
                $0 += 1; return $0
            }
            if attempt == 1 { throw Safe() }
            return attempt
        }
        #expect(value == 2)
    }

    /// A failure after which the store may have run the command is never retried: a request counts once.
    @Test func anUnsafeFailureIsThrownAtOnce() async throws {
        let attempts = Shared(0)
        await #expect(throws: Unsafe.self) {
            try await RetryPolicy(maximumAttempts: 5).run(isSafeToRetry: { $0 is Safe }, sleep: { _ in }) {
                attempts.withLock { $0 += 1 }
                throw Unsafe()
            }
        }
        #expect(attempts.withLock { $0 } == 1)
        await #expect(throws: CancellationError.self) {
            try await RetryPolicy(maximumAttempts: 5).run(isSafeToRetry: { _ in true }, sleep: { _ in }) {
                attempts.withLock { $0 += 1 }
                throw CancellationError()
            }
        }
        #expect(attempts.withLock { $0 } == 2)
    }

    @Test func noneNeverRetries() async throws {
        let attempts = Shared(0)
        await #expect(throws: Safe.self) {
            try await RetryPolicy.none.run(isSafeToRetry: { _ in true }, sleep: { _ in }) {
                attempts.withLock { $0 += 1 }
                throw Safe()
            }
        }
        #expect(attempts.withLock { $0 } == 1)
    }
}
