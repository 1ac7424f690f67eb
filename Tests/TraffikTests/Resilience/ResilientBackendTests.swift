// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing
import Traffik
import TraffikTestSupport

@Suite struct ResilientBackendTests {
    let clock = ManualClock()
    let rate: Rate

    init() throws { rate = try Rate(parsing: "10/min") }

    func backends(
        failureThreshold: Int = 3,
        failover: Bool = true
    ) -> (primary: FlakyBackend, failover: InMemoryBackend, resilient: ResilientBackend) {
        let primary = FlakyBackend(clock: clock)
        let standIn = InMemoryBackend(clock: clock, persistent: true)
        let resilient = ResilientBackend(
            primary,
            breaker: CircuitBreakerConfiguration(
                failureThreshold: failureThreshold,
                recoveryTime: .seconds(5),
                successThreshold: 1
            ),
            failover: failover ? standIn : nil,
            clock: clock
        )
        return (primary, standIn, resilient)
    }

    func hit(_ backend: any ThrottleBackend, _ key: String = "client") async throws -> Decision {
        try await backend.decide(key: key, strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
    }

    @Test func failingDecisionsGoToTheFailoverAndTheOpenBreakerSkipsThePrimary() async throws {
        let (primary, standIn, resilient) = backends()
        primary.set(.failing)
        var admitted = 0
        for _ in 0..<25 where try await hit(resilient).isAllowed { admitted += 1 }
        // The failover decided all 25 with its own budget of 10; the primary saw only the three that opened it.
        #expect(admitted == 10)
        #expect(primary.callCount == 3)
        #expect(resilient.breaker?.state == .open)
        #expect(try await standIn.check(key: "client", strategy: .fixedWindow, rate: rate, cost: 1).isAllowed == false)
    }

    @Test func decisionsReturnToThePrimaryByThemselvesAfterRecovery() async throws {
        let (primary, _, resilient) = backends()
        // Before the outage the client spent 4 of its 10 on the primary.
        for _ in 0..<4 { #expect(try await hit(resilient).isAllowed) }
        primary.set(.failing)
        for _ in 0..<5 { _ = try await hit(resilient) }
        #expect(resilient.breaker?.state == .open)
        primary.set(.healthy)
        // Still open: the primary is not asked, however healthy it is now.
        let before = primary.callCount
        _ = try await hit(resilient)
        #expect(primary.callCount == before)
        clock.advance(by: .seconds(5))
        // The probe succeeds and closes the breaker; the client continues from the primary's state (4 used).
        let probe = try await hit(resilient)
        #expect(probe.isAllowed)
        #expect(probe.remaining == 5)
        #expect(resilient.breaker?.state == .closed)
        #expect(primary.callCount == before + 1)
    }

    @Test func withoutAFailoverTheErrorPolicyAnswersAtOnceWhileOpen() async throws {
        let (primary, _, resilient) = backends(failureThreshold: 1, failover: false)
        primary.set(.failing)
        var configuration = Throttle<String>.Configuration(rate: .fixed(rate))
        configuration.errorPolicy = .throttle(retryAfter: .seconds(2))
        let throttle = try Throttle<String>(uid: uniqueUID(), backend: .fixed(resilient), configuration: configuration)
        for _ in 0..<50 {
            let decision = try await throttle.hit("a")
            #expect(decision.reason == .errorPolicy)
        }
        #expect(primary.callCount == 1)
        await #expect {
            try await resilient.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
        } throws: { error in
            (error as? BackendError)?.kind == .unavailable
        }
    }

    @Test func aStalledPrimaryIsCutOffAtTheDeadlineAndTheFailoverDecides() async throws {
        let primary = FlakyBackend(clock: clock)
        let resilient = ResilientBackend(
            primary,
            deadline: .milliseconds(50),
            breaker: CircuitBreakerConfiguration(failureThreshold: 2, recoveryTime: .seconds(60)),
            failover: InMemoryBackend(clock: clock, persistent: true),
            clock: clock
        )
        primary.set(.stalling)
        // Each of the first two waits for its deadline; after them the breaker is open and nothing waits.
        for _ in 0..<2 { #expect(try await withTimeout(seconds: 30) { try await hit(resilient) }.isAllowed) }
        #expect(resilient.breaker?.state == .open)
        for _ in 0..<20 { _ = try await hit(resilient) }
        try await waitUntil { primary.stalledCount == 2 }
        #expect(primary.callCount == 2)
        primary.release()
    }

    @Test func concurrentHitsOnTheFailoverAdmitExactlyTheLimit() async throws {
        let (primary, _, resilient) = backends(failureThreshold: 1)
        primary.set(.failing)
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { try await hit(resilient, "shared").isAllowed }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 10)
    }
}
