// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing
import Traffik
import TraffikTestSupport

@Suite struct DeadlineTests {
    /// An operation parked on something that ignores cancellation, as a store command in flight on a stalled
    /// connection does: it finishes only when the test releases it.
    final class Stall: Sendable {
        private let waiting = Mutex<CheckedContinuation<Int, Never>?>(nil)
        let finished = Atomic(false)

        func wait() async -> Int {
            let value = await withCheckedContinuation { continuation in waiting.withLock { $0 = continuation } }
            finished.store(true, ordering: .releasing)
            return value
        }

        var isWaiting: Bool { waiting.withLock { $0 != nil } }

        func release(_ value: Int) {
            waiting.withLock { $0.take() }?.resume(returning: value)
        }
    }

    @Test func answersAtTheDeadlineWhileTheOperationIgnoresCancellation() async throws {
        let clock = SteppedClock()
        let stall = Stall()
        let caller = Task {
            try await withDeadline(.milliseconds(50), clock: clock) { await stall.wait() }
        }
        try await clock.waitForSleepers(1)
        try await waitUntil { stall.isWaiting }
        clock.advance(by: .milliseconds(49))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(1))
        await #expect(throws: DeadlineExceededError(timeout: .milliseconds(50))) { try await caller.value }
        // The operation is still parked: the caller did not wait for it. Its late answer is dropped safely.
        let finishedEarly = stall.finished.load(ordering: .acquiring)
        #expect(!finishedEarly)
        stall.release(7)
        try await waitUntil { stall.finished.load(ordering: .acquiring) }
    }

    @Test func returnsTheResultWhenTheOperationIsFirst() async throws {
        let clock = SteppedClock()
        let value = try await withDeadline(.seconds(1), clock: clock) { 42 }
        #expect(value == 42)
        // The timer was cancelled rather than left sleeping.
        try await waitUntil { clock.sleeperCount == 0 }
    }

    @Test func passesTheOperationsErrorThrough() async throws {
        struct Refused: Error, Equatable {}
        await #expect(throws: Refused()) {
            try await withDeadline(.seconds(1), clock: SteppedClock()) { () async throws -> Int in throw Refused() }
        }
    }

    @Test func aCancelledCallerGetsCancellationAtOnce() async throws {
        let clock = SteppedClock()
        let stall = Stall()
        let caller = Task {
            try await withDeadline(.seconds(60), clock: clock) { await stall.wait() }
        }
        try await clock.waitForSleepers(1)
        try await waitUntil { stall.isWaiting }
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        stall.release(0)
    }

    @Test func theOperationSeesTheCallersTaskLocals() async throws {
        let seen = try await Self.$label.withValue("outer") {
            try await withDeadline(.seconds(1), clock: SteppedClock()) { Self.label }
        }
        #expect(seen == "outer")
    }

    @TaskLocal static var label = "none"
}
