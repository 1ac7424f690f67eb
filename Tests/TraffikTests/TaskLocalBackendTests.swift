// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikTestSupport

@Suite struct TaskLocalBackendTests {
    /// The seed scenario: nested activations isolate counters and restore the outer backend.
    @Test func nestedActivationsIsolateCounters() async throws {
        let a = InMemoryBackend(clock: ManualClock(), persistent: true)
        let b = InMemoryBackend(clock: ManualClock(), persistent: true)
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "2/min", backend: .taskLocal)
        try await withThrottleBackend(a) {
            #expect(try await throttle.hit("user").isAllowed)
            #expect(try await throttle.hit("user").isAllowed)
            let inB = try await withThrottleBackend(b) {
                #expect(ActiveBackend.current === b)
                return [try await throttle.hit("user"), try await throttle.hit("user")]
            }
            #expect(inB.map(\.isAllowed) == [true, true])
            #expect(ActiveBackend.current === a)
            #expect(try await throttle.hit("user").outcome == .throttled)
        }
        #expect(ActiveBackend.current == nil)
    }

    @Test func nonPersistentBackendsAreWipedWhenTheOutermostActivationEnds() async throws {
        let clock = ManualClock()
        let wiped = CountingBackend(clock: clock, persistent: false)
        let kept = CountingBackend(clock: clock, persistent: true)
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .taskLocal)
        for backend in [wiped, kept] {
            try await withThrottleBackend(backend) {
                try await throttle.hit("a")
                // A nested activation of the same backend is persistent: the outer budget survives it.
                try await withThrottleBackend(backend) {}
                #expect(try await !throttle.hit("a").isAllowed)
            }
        }
        #expect(wiped.snapshot.resets == 1)
        #expect(wiped.inner.keyCount == 0)
        #expect(kept.snapshot.resets == 0)
        #expect(kept.inner.keyCount == 1)
        // The parameter overrides the backend's own setting.
        try await withThrottleBackend(kept, persistent: false) {}
        #expect(kept.snapshot.resets == 1)
    }

    /// An in-memory backend activated per request, as the README does, keeps every client's counters by default:
    /// a budget spent in one request is still spent in the next.
    @Test func anInMemoryBackendActivatedPerRequestKeepsItsCountersByDefault() async throws {
        let backend = InMemoryBackend(clock: ManualClock())
        #expect(backend.isPersistent)
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .taskLocal)
        let first = try await withThrottleBackend(backend) { try await throttle.hit("a") }
        let second = try await withThrottleBackend(backend) { try await throttle.hit("a") }
        #expect(first.isAllowed)
        #expect(!second.isAllowed, "the first request's hit still counts")
    }

    @Test func closeOnExitClosesOnlyTheOutermostActivation() async throws {
        let backend = CountingBackend(persistent: true)
        try await withThrottleBackend(backend, closeOnExit: true) {
            try await withThrottleBackend(backend, closeOnExit: true) {}
            #expect(backend.snapshot.closes == 0)
        }
        #expect(backend.snapshot.closes == 1)
    }

    @Test func exitWorkRunsWhenTheBodyThrows() async throws {
        struct Boom: Error {}
        let backend = CountingBackend(persistent: false)
        await #expect(throws: Boom.self) {
            try await withThrottleBackend(backend, closeOnExit: true) { throw Boom() }
        }
        #expect(backend.snapshot.resets == 1)
        #expect(backend.snapshot.closes == 1)
    }

    @Test func startsLazilyExactlyOnceUnderConcurrency() async throws {
        let backend = CountingBackend(persistent: true)
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1000/min", backend: .taskLocal)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await withThrottleBackend(backend) { _ = try await throttle.hit("c\(index)") }
                }
            }
            try await group.waitForAll()
        }
        #expect(backend.snapshot.starts == 1)
        #expect(backend.snapshot.decisions == 200)
    }

    @Test func childTasksInheritTheActivation() async throws {
        let backend = InMemoryBackend(clock: ManualClock(), persistent: true)
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "100/min", backend: .taskLocal)
        let admitted = try await withThrottleBackend(backend) {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<150 { group.addTask { try await throttle.hit("shared").isAllowed } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        #expect(admitted == 100)
    }

    @Test func fallsBackToTheThrottlesFallback() async throws {
        let fallback = InMemoryBackend(clock: ManualClock())
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .taskLocal(fallback: fallback))
        try await throttle.hit("a")
        #expect(fallback.keyCount == 1)
        let other = InMemoryBackend(clock: ManualClock(), persistent: true)
        try await withThrottleBackend(other) { try await throttle.hit("a") }
        #expect(other.keyCount == 1)
    }
}

/// Tests of the process-wide default, serialised because they share it.
@Suite(.serialized) struct DefaultBackendTests {
    /// No backend active and no default: the failure goes through the error policy (refused by default, never an
    /// unhandled error), and is raised, with a clear message, only when the policy says so.
    @Test func withoutAnyBackendTheErrorPolicyAnswers() async throws {
        let refusing = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .taskLocal)
        let refused = try await refusing.hit("a")
        #expect(refused.reason == .errorPolicy)
        #expect(!refused.isAllowed)
        var raisingConfiguration = Throttle<String>.Configuration(rate: "1/min")
        raisingConfiguration.errorPolicy = .raise
        let raising = try Throttle<String>(uid: uniqueUID(), backend: .taskLocal, configuration: raisingConfiguration)
        await #expect(throws: ThrottleError.noBackend(uid: raising.uid)) {
            try await raising.hit("a")
        }
        #expect("\(ThrottleError.noBackend(uid: "x"))".contains("withThrottleBackend"))
    }

    /// An exempt client is answered before any backend is looked for: it needs none.
    @Test func anExemptClientNeedsNoBackend() async throws {
        var configuration = Throttle<String>.Configuration(rate: "1/min")
        configuration.identifier = { _ in .exempt }
        configuration.errorPolicy = .raise
        let throttle = try Throttle<String>(uid: uniqueUID(), backend: .taskLocal, configuration: configuration)
        #expect(try await throttle.hit("a").reason == .exempt)
    }

    @Test func theApplicationDefaultIsTheLastResort() async throws {
        let fallback = InMemoryBackend(clock: ManualClock())
        ActiveBackend.default = fallback
        defer { ActiveBackend.default = nil }
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .taskLocal)
        try await throttle.hit("a")
        #expect(fallback.keyCount == 1)
    }
}
